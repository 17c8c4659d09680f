import { ApiObject, App, Testing } from 'cdk8s';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { warningProblems } from '../../src/model/validation';

function setup(addons: h.Addon[] = [new h.CertManager(), new h.IngressNginx()]) {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons,
  });
  return { app, cluster, chart: new h.TenantClusterChart(app, 'inside', { cluster }) };
}

/** The problems of a synth (errors, else warnings) as `rule [path] message`. */
function problems(app: App): string[] {
  try {
    app.synthYaml();
  } catch (e) {
    if (!(e instanceof HikubeValidationError)) throw e;
    return e.problems.map((p) => `${p.rule} [${p.path}] ${p.message}`);
  }
  return warningProblems(app).map((p) => `${p.rule} [${p.path}] ${p.message}`);
}

describe('Let\'s Encrypt contact addresses', () => {
  test('the mailto: form is refused, with the address to write', () => {
    const s = setup();
    new h.LetsEncryptIssuer(s.chart, 'le', { email: 'mailto:ops@acme-shop.ch' });
    expect(problems(s.app)).toEqual(['HK-ISSUER [inside/le] email: "mailto:ops@acme-shop.ch" is not valid; cert-manager adds the mailto: scheme itself, and Let\'s Encrypt refuses "mailto:mailto:..."; write ops@acme-shop.ch']);
  });
  test.each([
    ['ops@mail.example.com', 'example.com'],
    ['ops@acme.example.org', 'example.org'],
    ['ops@example.net', 'example.net'],
    ['ops@acme.example', '.example (a reserved top-level domain)'],
    ['ops@acme.test', '.test (a reserved top-level domain)'],
    ['ops@acme.invalid', '.invalid (a reserved top-level domain)'],
    ['ops@acme.localhost', '.localhost (a reserved top-level domain)'],
  ])('a contact at %s is refused, as Let\'s Encrypt refuses it at registration', (email, refused) => {
    const s = setup();
    new h.LetsEncryptIssuer(s.chart, 'le', { email, server: h.AcmeServer.STAGING });
    expect(problems(s.app)).toEqual([
      `HK-ISSUER-CONTACT [inside/le] email: "${email}" is not valid; Let's Encrypt refuses to register an account at ${refused}, so the issuer would never become ready and no certificate would be issued; use an address at a domain you own (a placeholder from an example?)`,
    ]);
  });
  test('an address at a domain of one\'s own passes, also one that merely contains "example"', () => {
    const s = setup();
    new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' });
    new h.LetsEncryptIssuer(s.chart, 'other', { email: 'certs@example-shop.ch', name: 'letsencrypt-other' });
    expect(problems(s.app)).toEqual([]);
  });
});

describe('one default StorageClass', () => {
  const storageClass = (scope: h.TenantClusterChart, name: string, isDefault: boolean) => new ApiObject(scope, name, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, annotations: { 'storageclass.kubernetes.io/is-default-class': String(isDefault) } },
    provisioner: 'csi.kubevirt.io',
  });
  test('a second default next to the platform\'s is a warning', () => {
    const s = setup();
    storageClass(s.chart, 'fast', true);
    expect(problems(s.app)).toEqual([expect.stringContaining('HK-DEFAULT-STORAGE-CLASS [inside/fast] metadata.annotations.storageclass.kubernetes.io/is-default-class: cluster prod already has a default StorageClass (replicated, from the platform)')]);
  });
  test('a class that is not the default passes', () => {
    const s = setup();
    storageClass(s.chart, 'fast', false);
    expect(problems(s.app)).toEqual([]);
  });
});

describe('object sizes the API server takes', () => {
  test('an object over 1.5 MiB and annotations over 256 KiB are refused', () => {
    const s = setup();
    new ApiObject(s.chart, 'big', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'shop' }, data: { blob: 'x'.repeat(1600 * 1024) } });
    new ApiObject(s.chart, 'noted', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'noted', namespace: 'shop', annotations: { note: 'y'.repeat(300 * 1024) } } });
    expect(problems(s.app)).toEqual([
      'HK-OBJECT-SIZE [inside/big] manifest: ConfigMap big is 1.6 MiB, and the API server stores objects of at most about 1.5 MiB (etcd\'s request limit); split it, or move large values into ConfigMaps or Secrets of their own',
      'HK-OBJECT-SIZE [inside/noted] metadata.annotations: the annotations of ConfigMap noted add up to 301 KiB, and the API server refuses more than 256 KiB; keep large values out of annotations (kubectl apply --server-side keeps no last-applied copy)',
    ]);
  });
  test('a tenant resource over 1.5 MiB is refused at the cluster', () => {
    const app = Testing.app();
    new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', addons: [new h.CertManager({ valuesOverride: { 'cert-manager': { podAnnotations: { note: 'z'.repeat(1600 * 1024) } } } })] });
    expect(problems(app)).toEqual([expect.stringMatching(/^HK-OBJECT-SIZE \[prod\/Resource\] manifest: Kubernetes prod is 1\.6 MiB/)]);
  });
  test('objects under the limits pass', () => {
    const s = setup();
    new ApiObject(s.chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'shop', annotations: { note: 'y'.repeat(200 * 1024) } }, data: { blob: 'x'.repeat(1000 * 1024) } });
    expect(problems(s.app)).toEqual([]);
  });
});
