import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

interface Inside {
  readonly chart: h.TenantClusterChart;
  readonly web: kplus.Deployment;
  /** An issuer that solves DNS-01, as Gateways need. */
  readonly dnsIssuer: h.LetsEncryptIssuer;
}

/** A cluster with ingress-nginx (receiving shop.acme.example), cert-manager and the Gateway API, and a web workload on port 8080. */
function inside(app: App, clusterProps: Partial<h.HikubeClusterProps> = {}): Inside {
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.GatewayApi(), new h.IngressNginx({ hosts: ['shop.acme.example'] })],
    ...clusterProps,
  });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster });
  const web = new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080 }] });
  const dnsIssuer = new h.LetsEncryptIssuer(chart, 'le', {
    email: 'ops@acme-shop.ch', http01: false, cloudflareDns01: { apiTokenSecretName: 'cloudflare-token' },
  });
  return { chart, web, dnsIssuer };
}

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-EXPOSURE',
    title: 'an Ingress without an issuer is plain HTTP only when asked for',
    failing: () => libraryCodes((app) => {
      const s = inside(app);
      new h.ExposedService(s.chart, 'hello', { workload: s.web, port: 8080, host: 'shop.acme.example' });
    }),
    valid: () => libraryCodes((app) => {
      const s = inside(app);
      new h.ExposedService(s.chart, 'hello', { workload: s.web, port: 8080, host: 'shop.acme.example', plainHttp: true });
    }),
  },
  {
    rule: 'HK-EXPOSURE-PORT',
    title: 'the exposed port is one the workload\'s containers declare',
    failing: () => libraryCodes((app) => {
      const s = inside(app);
      new h.ExposedService(s.chart, 'hello', { workload: s.web, port: 80, host: 'shop.acme.example', plainHttp: true });
    }),
    valid: () => libraryCodes((app) => {
      const s = inside(app);
      new h.ExposedService(s.chart, 'hello', { workload: s.web, port: 8080, host: 'shop.acme.example', plainHttp: true });
    }),
  },
  {
    rule: 'HK-HOST-OWNER',
    title: 'a Gateway takes a host the cluster\'s Ingress already serves',
    failing: () => libraryCodes((app) => {
      const s = inside(app);
      new h.ExposedService(s.chart, 'hello', { workload: s.web, port: 8080, host: 'shop.acme.example', plainHttp: true });
      new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example', 'shop.acme.example'], issuer: s.dnsIssuer });
    }),
    valid: () => libraryCodes((app) => {
      const s = inside(app);
      new h.ExposedService(s.chart, 'hello', { workload: s.web, port: 8080, host: 'shop.acme.example', plainHttp: true });
      new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example'], issuer: s.dnsIssuer });
    }),
  },
  {
    rule: 'HK-API-HOST',
    title: 'an Ingress on the API server\'s host',
    failing: () => libraryCodes((app) => {
      const s = inside(app, { host: 'shop.acme.example' });
      new h.ExposedService(s.chart, 'hello', { workload: s.web, port: 8080, host: 'shop.acme.example', plainHttp: true });
    }),
    valid: () => libraryCodes((app) => {
      const s = inside(app, { host: 'k8s.acme.example' });
      new h.ExposedService(s.chart, 'hello', { workload: s.web, port: 8080, host: 'shop.acme.example', plainHttp: true });
    }),
  },
  {
    rule: 'HK-GATEWAY',
    title: 'a route for a host its Gateway does not serve',
    failing: () => libraryCodes((app) => {
      const s = inside(app);
      const gateway = new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example'], issuer: s.dnsIssuer });
      new h.HttpRoute(s.chart, 'site', { gateway, workload: s.web, port: 8080, hosts: ['blog.acme.example'] });
    }),
    valid: () => libraryCodes((app) => {
      const s = inside(app);
      const gateway = new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example'], issuer: s.dnsIssuer });
      new h.HttpRoute(s.chart, 'site', { gateway, workload: s.web, port: 8080, hosts: ['www.acme.example'] });
    }),
  },
];
