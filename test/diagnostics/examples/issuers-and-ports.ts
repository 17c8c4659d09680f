import { ApiObject, App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

/** A tenant cluster's chart with cert-manager and ingress-nginx (receiving <name>.shop.acme.example), and a web workload on port 8080. */
function inside(app: App, name: string): { chart: h.TenantClusterChart; web: kplus.Deployment } {
  const cluster = new h.HikubeCluster(app, name, {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.IngressNginx({ hosts: [`${name}.shop.acme.example`] })],
  });
  const chart = new h.TenantClusterChart(app, `${name}-inside`, { cluster });
  const web = new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shop' }, replicas: 1, containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080 }] });
  return { chart, web };
}

/** An Ingress written with cdk8s-plus, naming its ClusterIssuer in cert-manager's annotation. */
function annotatedIngress(chart: h.TenantClusterChart, web: kplus.Deployment, issuer: string): void {
  const service = web.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  const ingress = new kplus.Ingress(chart, 'shop', { metadata: { namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': issuer } } });
  ingress.addHostDefaultBackend(`${chart.cluster.clusterName}.shop.acme.example`, kplus.IngressBackend.fromService(service));
}

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-ISSUER-CLUSTER',
    title: 'an Ingress of cluster b given the issuer created for cluster a',
    failing: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      const b = inside(app, 'b');
      const issuer = new h.LetsEncryptIssuer(a.chart, 'le', { email: 'ops@acme-shop.ch' });
      new h.ExposedService(b.chart, 'site', { workload: b.web, port: 8080, host: 'b.shop.acme.example', issuer });
    }),
    valid: () => libraryCodes((app) => {
      inside(app, 'a');
      const b = inside(app, 'b');
      const issuer = new h.LetsEncryptIssuer(b.chart, 'le', { email: 'ops@acme-shop.ch' });
      new h.ExposedService(b.chart, 'site', { workload: b.web, port: 8080, host: 'b.shop.acme.example', issuer });
    }),
  },
  {
    rule: 'HK-ISSUER-NAME',
    title: 'an Ingress naming a ClusterIssuer the app creates for another cluster only',
    failing: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      const b = inside(app, 'b');
      new h.LetsEncryptIssuer(a.chart, 'le', { email: 'ops@acme-shop.ch' });
      annotatedIngress(b.chart, b.web, 'letsencrypt-prod');
    }),
    valid: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      const b = inside(app, 'b');
      new h.LetsEncryptIssuer(a.chart, 'le', { email: 'ops@acme-shop.ch' });
      new h.LetsEncryptIssuer(b.chart, 'le', { email: 'ops@acme-shop.ch' });
      annotatedIngress(b.chart, b.web, 'letsencrypt-prod');
    }),
  },
  {
    rule: 'HK-ISSUER-DNS01',
    title: 'an RFC2136 solver with a TSIG key name but not its secret',
    failing: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      new h.LetsEncryptIssuer(a.chart, 'le', { email: 'ops@acme-shop.ch', dns01: h.Dns01Solver.rfc2136({ nameserver: 'ns1.acme.ch:53', tsigKeyName: 'acme-dns01' }) });
    }),
    valid: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      new h.LetsEncryptIssuer(a.chart, 'le', {
        email: 'ops@acme-shop.ch', dns01: h.Dns01Solver.rfc2136({ nameserver: 'ns1.acme.ch:53', tsigKeyName: 'acme-dns01', tsigSecretSecretRef: { name: 'rfc2136-tsig', key: 'secret' } }),
      });
    }),
  },
  {
    rule: 'HK-NETWORK-PORT',
    title: 'a network rule opening the Service port where the pods listen on 8080',
    failing: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      new h.SecureNamespace(a.chart, 'shop').allowIngress('from-edge', { to: a.web, fromNamespace: 'edge', ports: [80] });
    }),
    valid: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      new h.SecureNamespace(a.chart, 'shop').allowIngress('from-edge', { to: a.web, fromNamespace: 'edge', ports: [8080] });
    }),
  },
  {
    rule: 'HK-NETWORK-PORT',
    title: 'a NetworkPolicy written by hand for a port the selected pods do not open',
    failing: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      new ApiObject(a.chart, 'web-in', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web-in', namespace: 'shop' },
        spec: { podSelector: { matchLabels: { ...a.web.matchLabels } }, ingress: [{ ports: [{ port: 80 }] }] },
      });
    }),
    valid: () => libraryCodes((app) => {
      const a = inside(app, 'a');
      new ApiObject(a.chart, 'web-in', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web-in', namespace: 'shop' },
        spec: { podSelector: { matchLabels: { ...a.web.matchLabels } }, ingress: [{ ports: [{ port: 8080 }] }] },
      });
    }),
  },
];
