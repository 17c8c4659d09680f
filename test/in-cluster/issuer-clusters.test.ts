import { ApiObject, App, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { warningProblems } from '../../src/model/validation';

/**
 * A ClusterIssuer exists in the clusters whose charts create it: an issuer of another cluster (or app), or
 * an annotation naming an issuer the app creates only elsewhere, leaves a certificate never issued.
 */

function cluster(app: App, name: string): h.HikubeCluster {
  return new h.HikubeCluster(app, name, {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.GatewayApi(), new h.IngressNginx({ hosts: [name === 'b' ? 'shop.acme.example' : `shop-${name}.acme.example`] })],
  });
}

interface Fleet {
  readonly app: App;
  readonly a: h.TenantClusterChart;
  readonly b: h.TenantClusterChart;
  readonly issuerA: h.LetsEncryptIssuer;
  readonly webB: kplus.Deployment;
}

/** Two clusters, a and b; a has an issuer, b a workload on port 8080. */
function fleet(app: App = Testing.app()): Fleet {
  const a = new h.TenantClusterChart(app, 'inside-a', { cluster: cluster(app, 'a') });
  const b = new h.TenantClusterChart(app, 'inside-b', { cluster: cluster(app, 'b') });
  const issuerA = new h.LetsEncryptIssuer(a, 'le', { email: 'ops@acme-shop.ch' });
  const webB = new kplus.Deployment(b, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080 }] });
  return { app, a, b, issuerA, webB };
}

function errorsOf(app: App): Array<{ rule: string; line: string }> {
  try {
    app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => ({ rule: p.rule, line: `[${p.path}] ${p.message}` }));
    throw e;
  }
  return [];
}

function warningsOf(app: App): string[] {
  app.synthYaml();
  return warningProblems(app).filter((w) => w.rule === 'HK-ISSUER-NAME').map((w) => `[${w.path}] ${w.message}`);
}

describe('an issuer of another cluster', () => {
  test('an ExposedService given cluster a\'s issuer in cluster b: cert-manager there has no such ClusterIssuer', () => {
    const s = fleet();
    new h.ExposedService(s.b, 'site', { workload: s.webB, port: 8080, host: 'shop.acme.example', issuer: s.issuerA });
    expect(errorsOf(s.app)).toEqual([{
      rule: 'HK-ISSUER-CLUSTER',
      line: '[inside-b/site] issuer: "inside-a/le" is not valid; the issuer is created for cluster a, where its ClusterIssuer is applied; ' +
        'cluster b has no ClusterIssuer letsencrypt-prod, so cert-manager never issues the certificate and TLS fails; pass an issuer created in a TenantClusterChart of cluster b',
    }]);
  });

  test('when cluster b has an issuer of the same name, the message names it: it has settings of its own', () => {
    const s = fleet();
    new h.LetsEncryptIssuer(s.b, 'le', { email: 'ops@acme-shop.ch' });
    new h.ExposedService(s.b, 'site', { workload: s.webB, port: 8080, host: 'shop.acme.example', issuer: s.issuerA });
    expect(errorsOf(s.app)).toEqual([{
      rule: 'HK-ISSUER-CLUSTER',
      line: '[inside-b/site] issuer: "inside-a/le" is not valid; the issuer is created for cluster a, where its ClusterIssuer is applied; ' +
        'cluster b\'s own ClusterIssuer letsencrypt-prod (inside-b/le) has settings of its own and gets nothing this construct adds; pass that issuer',
    }]);
  });

  test('a Gateway given another cluster\'s issuer, HTTP-01 through the Gateway included', () => {
    const s = fleet();
    new h.Gateway(s.b, 'public', { namespace: 'shop', hosts: ['www.acme.example'], issuer: s.issuerA, http01: true });
    expect(errorsOf(s.app).map((e) => e.rule)).toEqual(['HK-ISSUER-CLUSTER']);
    expect(errorsOf(s.app)[0].line).toContain('[inside-b/public] issuer: "inside-a/le" is not valid; the issuer is created for cluster a');
  });

  test('an issuer of another App', () => {
    const other = Testing.app();
    const theirs = new h.LetsEncryptIssuer(new h.TenantClusterChart(other, 'inside', { cluster: cluster(other, 'c') }), 'le', { email: 'ops@acme-shop.ch' });
    const s = fleet();
    new h.ExposedService(s.b, 'site', { workload: s.webB, port: 8080, host: 'shop.acme.example', issuer: theirs });
    expect(errorsOf(s.app)).toEqual([{
      rule: 'HK-ISSUER-CLUSTER',
      line: '[inside-b/site] issuer: "inside/le" is not valid; the issuer is created for cluster c of another App, where its ClusterIssuer is applied; ' +
        'cluster b has no ClusterIssuer letsencrypt-prod, so cert-manager never issues the certificate and TLS fails; pass an issuer created in a TenantClusterChart of cluster b',
    }]);
  });

  test('valid: an issuer of the same cluster from another of its charts', () => {
    const s = fleet();
    const certs = new h.TenantClusterChart(s.app, 'certs-b', { cluster: s.b.cluster });
    const issuerB = new h.LetsEncryptIssuer(certs, 'le', { email: 'ops@acme-shop.ch', http01: false, dns01: h.Dns01Solver.cloudflare({ apiTokenSecretName: 'cloudflare-token' }) });
    new h.ExposedService(s.b, 'site', { workload: s.webB, port: 8080, host: 'shop.acme.example', issuer: issuerB });
    new h.Gateway(s.b, 'public', { namespace: 'shop', hosts: ['www.acme.example'], issuer: issuerB });
    expect(errorsOf(s.app)).toEqual([]);
    expect(warningsOf(s.app)).toEqual([]);
  });

  test('valid: plain HTTP takes no issuer, so none is checked', () => {
    const s = fleet();
    new h.ExposedService(s.b, 'site', { workload: s.webB, port: 8080, host: 'shop.acme.example', plainHttp: true });
    expect(errorsOf(s.app)).toEqual([]);
  });
});

describe('a ClusterIssuer named by annotation or issuerRef', () => {
  /** A cdk8s-plus Ingress in cluster b naming an issuer. */
  function ingress(s: Fleet, issuer: string): kplus.Ingress {
    const service = new kplus.Service(s.b, 'svc', { metadata: { namespace: 'shop' }, ports: [{ port: 80, targetPort: 8080 }] });
    const ing = new kplus.Ingress(s.b, 'shop', { metadata: { namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': issuer } } });
    ing.addHostDefaultBackend('shop.acme.example', kplus.IngressBackend.fromService(service));
    return ing;
  }

  test('an issuer the app creates only for another cluster: warned, since it may be created by hand', () => {
    const s = fleet();
    ingress(s, 'letsencrypt-prod');
    expect(warningsOf(s.app)).toEqual([
      '[inside-b/shop/Resource] metadata.annotations.cert-manager.io/cluster-issuer: the app creates the ClusterIssuer letsencrypt-prod for cluster a only, not for b, ' +
      'so cert-manager never issues the certificate of Ingress inside-b-shop unless the issuer is created outside the app; add a LetsEncryptIssuer named letsencrypt-prod to a chart of cluster b',
    ]);
  });

  test('a name none of the cluster\'s issuers has, with the nearest one', () => {
    const s = fleet();
    new h.LetsEncryptIssuer(s.b, 'le', { email: 'ops@acme-shop.ch' });
    ingress(s, 'letsencrypt-prd');
    expect(warningsOf(s.app)).toEqual([
      '[inside-b/shop/Resource] metadata.annotations.cert-manager.io/cluster-issuer: the app creates no ClusterIssuer letsencrypt-prd for cluster b, ' +
      'so cert-manager never issues the certificate of Ingress inside-b-shop unless the issuer is created outside the app; did you mean letsencrypt-prod?',
    ]);
  });

  test('a name far from every issuer of the cluster lists them', () => {
    const s = fleet();
    new h.LetsEncryptIssuer(s.b, 'le', { email: 'ops@acme-shop.ch' });
    ingress(s, 'corporate-ca');
    expect(warningsOf(s.app)[0]).toContain('the app creates no ClusterIssuer corporate-ca for cluster b, so cert-manager never issues the certificate of Ingress inside-b-shop unless the issuer is created outside the app; ' +
      'it creates letsencrypt-prod there; name one of them, or add a LetsEncryptIssuer named corporate-ca to a chart of cluster b');
  });

  test('a Certificate whose issuerRef names a ClusterIssuer of another cluster only', () => {
    const s = fleet();
    new ApiObject(s.b, 'cert', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { secretName: 'shop-tls', dnsNames: ['shop.acme.example'], issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt-prod' } },
    });
    expect(warningsOf(s.app)).toEqual([
      '[inside-b/cert] spec.issuerRef.name: the app creates the ClusterIssuer letsencrypt-prod for cluster a only, not for b, ' +
      'so cert-manager never issues the certificate of Certificate shop unless the issuer is created outside the app; add a LetsEncryptIssuer named letsencrypt-prod to a chart of cluster b',
    ]);
  });

  test('a Gateway object written by hand, named in the annotation cert-manager\'s Gateway support reads', () => {
    const s = fleet();
    new h.LetsEncryptIssuer(s.b, 'le', { email: 'ops@acme-shop.ch' });
    new ApiObject(s.b, 'gw', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-staging' } },
      spec: { gatewayClassName: 'cilium', listeners: [] },
    });
    expect(warningsOf(s.app)).toEqual([expect.stringContaining('[inside-b/gw] metadata.annotations.cert-manager.io/cluster-issuer: the app creates no ClusterIssuer letsencrypt-staging for cluster b')]);
  });

  test('valid: the issuer is created for the cluster, in another of its charts', () => {
    const s = fleet();
    new h.LetsEncryptIssuer(new h.TenantClusterChart(s.app, 'certs-b', { cluster: s.b.cluster }), 'le', { email: 'ops@acme-shop.ch' });
    ingress(s, 'letsencrypt-prod');
    expect(warningsOf(s.app)).toEqual([]);
  });

  test('valid: an app that creates no ClusterIssuer of that name and none for the cluster manages them elsewhere', () => {
    const s = fleet();
    ingress(s, 'corporate-ca');
    expect(warningsOf(s.app)).toEqual([]);
  });

  test('valid: a namespaced Issuer, and a Certificate of another group, are not ClusterIssuers', () => {
    const s = fleet();
    new ApiObject(s.b, 'cert', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { secretName: 'shop-tls', dnsNames: ['shop.acme.example'], issuerRef: { kind: 'Issuer', name: 'letsencrypt-prod' } },
    });
    new ApiObject(s.b, 'external', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'vault', namespace: 'shop' },
      spec: { secretName: 'vault-tls', dnsNames: ['vault.acme.example'], issuerRef: { group: 'awspca.cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt-prod' } },
    });
    expect(warningsOf(s.app)).toEqual([]);
  });

  test('an ExposedService given another cluster\'s issuer gets the error only, not a warning about its own annotation', () => {
    const s = fleet();
    new h.ExposedService(s.b, 'site', { workload: s.webB, port: 8080, host: 'shop.acme.example', issuer: s.issuerA });
    expect(errorsOf(s.app).map((e) => e.rule)).toEqual(['HK-ISSUER-CLUSTER']);
    expect(warningProblems(s.app).map((w) => w.rule)).toEqual([]);
  });
});

describe('the checks read one index of the app per check run', () => {
  test('issuers of a fleet: every cluster warned for the one issuer created for the first only', () => {
    const app = Testing.app();
    const charts = [0, 1, 2].map((i) => new h.TenantClusterChart(app, `inside-${i}`, { cluster: cluster(app, `c${i}`) }));
    new h.LetsEncryptIssuer(charts[0], 'le', { email: 'ops@acme-shop.ch' });
    for (const chart of charts) {
      new ApiObject(chart, 'cert', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: 'shop', namespace: 'shop' },
        spec: { secretName: 'shop-tls', dnsNames: ['shop.acme.example'], issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt-prod' } },
      });
    }
    expect(warningsOf(app).map((w) => w.slice(0, w.indexOf(']') + 1))).toEqual(['[inside-1/cert]', '[inside-2/cert]']);
  });
});
