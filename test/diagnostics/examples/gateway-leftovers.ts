import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

/** A cluster on line v1.6 with cert-manager and the Gateway API (no ingress-nginx), and a web workload on port 8080. */
function inside(app: App): { chart: h.TenantClusterChart; web: kplus.Deployment } {
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.GatewayApi()],
  });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster });
  const web = new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080 }] });
  return { chart, web };
}

/** A Gateway whose certificates come from an issuer without DNS-01, with or without HTTP-01 through the Gateway. */
function httpIssuerGateway(http01: boolean): () => string[] {
  return () => libraryCodes((app) => {
    const s = inside(app);
    const issuer = new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch', http01: false });
    const gateway = new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme-shop.ch'], issuer, http01 });
    new h.HttpRoute(s.chart, 'site', { gateway, workload: s.web, port: 8080 });
  });
}

/** The next version of a cluster deployed with the Gateway API on `line`, with or without the add-on. */
function gatewayApiTurnedOff(line: h.PlatformLine, keep: boolean): () => string[] {
  return () => libraryCodes((app) => {
    const props: h.HikubeClusterProps = { tenantNamespace: 'tenant-acme', platformLine: line, addons: [new h.GatewayApi()] };
    // The deployed cluster is only compared against, so it lives in an app of its own.
    const deployed = new h.HikubeCluster(new App(), 'prod', props);
    new h.HikubeCluster(app, 'prod', { ...props, addons: keep ? [new h.GatewayApi()] : [], deployed: { cluster: deployed } });
  });
}

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-GATEWAY',
    title: 'a Gateway\'s certificates from an issuer that solves HTTP-01 only, through ingress-nginx (valid: through the Gateway)',
    failing: httpIssuerGateway(false),
    valid: httpIssuerGateway(true),
  },
  {
    rule: 'HK-ADDON-REMOVED',
    title: 'the GatewayApi add-on turned off on line v1.6, which deletes every Gateway and route',
    failing: gatewayApiTurnedOff(h.PlatformLine.V1_6, false),
    valid: gatewayApiTurnedOff(h.PlatformLine.V1_6, true),
  },
];
