import { Testing } from 'cdk8s';
import * as h from '../../src';
import { parseYamlStream } from '../support/schemas';

/** What was checked is what is written: props are read once, at construction, and the caller's objects stay its own. */

const S3_NAME = 'bucket-6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';

function setup() {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.Flux(), new h.Velero({ backupLocation: { s3BucketName: S3_NAME, credentialsSecret: 'velero-bucket' } })],
  });
  return { app, chart: new h.TenantClusterChart(app, 'inside', { cluster }) };
}

const docs = (app: ReturnType<typeof Testing.app>) => parseYamlStream(app.synthYaml());

test('a restore keeps the backup name, namespaces and mapping it was built with', () => {
  const s = setup();
  const props = { backupName: 'before-upgrade', namespaces: ['shop'], namespaceMapping: { shop: 'shop-old' } as Record<string, string> };
  new h.Restore(s.chart, 'back', props);
  props.backupName = 'Not A Name';
  props.namespaces.push('Bad Namespace');
  props.namespaceMapping.shop = 'Other';
  const restore = docs(s.app).find((d) => d.kind === 'Restore');
  expect(restore.spec).toEqual({ backupName: 'before-upgrade', includedNamespaces: ['shop'], namespaceMapping: { shop: 'shop-old' }, restorePVs: true });
  expect(Object.isFrozen(props.namespaces)).toBe(false);
});

test('an issuer keeps its e-mail and DNS zones; the caller\'s list stays writable', () => {
  const s = setup();
  const zones = ['acme.example'];
  const props = { email: 'ops@acme-shop.ch', http01: false, cloudflareDns01: { apiTokenSecretName: 'cloudflare', dnsZones: zones } };
  new h.LetsEncryptIssuer(s.chart, 'le', props);
  props.email = 'not an address';
  zones.push('other.example');
  const issuer = docs(s.app).find((d) => d.kind === 'ClusterIssuer');
  expect(issuer.spec.acme.email).toBe('ops@acme-shop.ch');
  expect(issuer.spec.acme.solvers[0].selector).toEqual({ dnsZones: ['acme.example'] });
});

test('a GitOps sync keeps its URL', () => {
  const s = setup();
  const props = { url: 'https://git.acme.example/fleet.git' };
  new h.GitOpsSync(s.chart, 'fleet', props);
  props.url = 'https://deploy:s3cret@git.acme.example/fleet.git';
  expect(docs(s.app).find((d) => d.kind === 'GitRepository').spec.url).toBe('https://git.acme.example/fleet.git');
});

test('a secure namespace keeps its quota; FluentBit keeps its log level', () => {
  const s = setup();
  const quota: { pods?: number } = { pods: 20 };
  new h.SecureNamespace(s.chart, 'shop', { quota });
  quota.pods = -1;
  const props: { outputs: h.FluentBitOutput[]; logLevel?: h.FluentBitLogLevel } = { outputs: [h.FluentBitOutput.stdout()], logLevel: h.FluentBitLogLevel.WARN };
  new h.FluentBit(s.chart, 'logs', props);
  props.logLevel = 'loud' as h.FluentBitLogLevel;
  expect(docs(s.app).find((d) => d.kind === 'ResourceQuota').spec.hard.pods).toBe('20');
});
