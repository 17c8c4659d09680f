import { Chart, Testing } from 'cdk8s';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { parseYamlStream, validateBucketDocument } from '../support/schemas';

function cluster(line = h.PlatformLine.V1_6) {
  const app = Testing.app();
  const prod = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', platformLine: line, nodeGroups: { md0: h.NodeGroupSpec.of() } });
  return { app, prod };
}

const buckets = (app: any) => parseYamlStream(app.synthYaml()).filter((d) => d.kind === 'Bucket');

describe('Bucket', () => {
  test('next to the cluster: its tenant namespace and line, users with their read access', () => {
    const { app, prod } = cluster();
    const b = new h.Bucket(prod, 'backups', { users: { velero: h.BucketUser.of(), auditor: h.BucketUser.of({ readOnly: true }) }, locking: true });
    const [doc] = buckets(app);
    expect(doc).toEqual({
      apiVersion: 'apps.cozystack.io/v1alpha1',
      kind: 'Bucket',
      metadata: { name: 'backups', namespace: 'tenant-acme' },
      spec: { locking: true, users: { auditor: { readonly: true }, velero: {} } },
    });
    expect(b.platformLine).toBe(h.PlatformLine.V1_6);
    expect(b.users).toEqual(['velero', 'auditor']);
    for (const line of [h.PlatformLine.V1_3, h.PlatformLine.V1_5, h.PlatformLine.V1_6, h.PlatformLine.MAIN]) {
      expect(validateBucketDocument(doc, line)).toEqual([]);
      expect(h.Bucket.checkDocument(doc, line)).toEqual([]);
    }
  });
  test('credentials: the per-user Secret on the Hikube API and the commands that read it', () => {
    const { prod } = cluster();
    const creds = new h.Bucket(prod, 'backups', { users: { velero: h.BucketUser.of() } }).credentials('velero');
    expect(creds.secretName).toBe('bucket-backups-velero-credentials');
    expect(creds.readOnly).toBe(false);
    expect(creds.readCommand(h.BucketCredentials.BUCKET_NAME))
      .toBe("kubectl -n tenant-acme get tenantsecret bucket-backups-velero-credentials -o jsonpath='{.data.bucketName}' | base64 -d");
    expect(creds.veleroSecretCommands(prod, 'velero-bucket').split('\n')).toEqual([
      "ACCESS_KEY=$(kubectl -n tenant-acme get tenantsecret bucket-backups-velero-credentials -o jsonpath='{.data.accessKey}' | base64 -d)",
      "SECRET_KEY=$(kubectl -n tenant-acme get tenantsecret bucket-backups-velero-credentials -o jsonpath='{.data.secretKey}' | base64 -d)",
      "kubectl -n tenant-acme get tenantsecret kubernetes-prod-admin-kubeconfig -o jsonpath='{.data.super-admin\\.conf}' | base64 -d > prod.kubeconfig",
      'kubectl --kubeconfig prod.kubeconfig create namespace cozy-velero --dry-run=client -o yaml | kubectl --kubeconfig prod.kubeconfig apply -f -',
      "printf '[default]\\naws_access_key_id=%s\\naws_secret_access_key=%s\\n' \"$ACCESS_KEY\" \"$SECRET_KEY\" | kubectl --kubeconfig prod.kubeconfig -n cozy-velero create secret generic velero-bucket --from-file=cloud=/dev/stdin",
    ]);
    expect(() => new h.Bucket(prod, 'other', { users: { a: h.BucketUser.of() } }).credentials('b'))
      .toThrow('[prod/other] credentials: "b" is not valid; declare the user in users first; the bucket has a');
  });
  test('the cluster names the admin kubeconfig', () => {
    const { prod } = cluster();
    expect([prod.adminKubeconfigSecretName, prod.adminKubeconfigSecretKey]).toEqual(['kubernetes-prod-admin-kubeconfig', 'super-admin.conf']);
  });
  test('a bucket without users has no credentials: a warning', () => {
    const { app, prod } = cluster();
    new h.Bucket(prod, 'empty');
    expect(buckets(app)[0].spec).toEqual({});
    expect(prod.warnings).toContain('[prod/empty] users: a bucket without users has no credentials; declare a user to read or write it');
  });
  test('in a plain chart: tenantNamespace and line given, or refused', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'storage');
    const b = new h.Bucket(chart, 'archive', { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_3, users: { app: h.BucketUser.of() } });
    expect(b.tenantNamespace).toBe('tenant-acme');
    expect(() => new h.Bucket(chart, 'nowhere', { users: { app: h.BucketUser.of() } }))
      .toThrow('[storage/nowhere] tenantNamespace: undefined is not valid; place the bucket in a HikubeCluster (or a chart with a namespace), or pass tenantNamespace');
  });
  test('names: DNS-1035, at most 46 characters; users DNS labels', () => {
    const { prod } = cluster();
    expect(() => new h.Bucket(prod, 'Backups')).toThrow('[prod/Backups] metadata.name: "Backups" is not valid; a bucket name must be a lower-case DNS-1035 label (starting with a letter) of at most 46 characters');
    expect(() => new h.Bucket(prod, 'b', { name: 'a'.repeat(47) })).toThrow('of at most 46 characters');
    expect(() => new h.Bucket(prod, 'c', { users: { Velero_1: h.BucketUser.of() } })).toThrow('[prod/c] spec.users: "Velero_1" is not valid; a user name must be a lower-case DNS label');
  });
  test('users need a line with per-user credentials', () => {
    const { prod } = cluster(h.PlatformLine.V0_41);
    expect(() => new h.Bucket(prod, 'b', { users: { velero: h.BucketUser.of() } })).toThrow('[prod/b] spec.users: per-user credentials are not available on platform line v0.41; available from line v1.3');
    expect(() => new h.Bucket(prod, 'c').credentials('velero')).toThrow('per-user credentials are not available on platform line v0.41');
  });
  test('checkDocument: what a checker of parsed documents reports', () => {
    const doc = { apiVersion: 'apps.cozystack.io/v1alpha1', kind: 'Bucket', metadata: { name: 'b', namespace: 'tenant-acme' }, spec: { users: { v: { readonly: 'yes', admin: true } }, size: '10Gi', _namespace: {} } };
    expect(h.Bucket.checkDocument(doc, h.PlatformLine.V1_6)).toEqual([
      'spec.size: "10Gi" is not valid; a bucket has the fields locking, storagePool, users',
      'spec._namespace: {} is not valid; keys starting with "_" are reserved for values the platform injects',
      'spec.users.v.readonly: "yes" is not valid; expected true or false',
      'spec.users.v.admin: true is not valid; a user has the field readonly only',
    ]);
    expect(validateBucketDocument(doc, h.PlatformLine.V1_6).length).toBeGreaterThan(0);
    expect(h.Bucket.checkDocument(null, h.PlatformLine.V1_6)).toEqual(['document: null is not valid; expected a Bucket object']);
    expect(h.Bucket.checkDocument({ kind: 'Kubernetes', metadata: {} }, h.PlatformLine.V1_6)[0]).toContain('expected apps.cozystack.io/v1alpha1/Bucket');
  });
});

describe('Bucket: untyped callers', () => {
  test('wrong types are refused with the construct path, never a TypeError', () => {
    const { prod } = cluster();
    const cases: Array<[any, string]> = [
      [{ users: ['velero'] }, 'users: a list is not valid; expected a map'],
      [{ users: 'velero' }, 'users: the string "velero" is not valid; expected a map'],
      [{ users: { velero: true } }, 'users.velero: the boolean true is not valid; expected a BucketUser: BucketUser.of(...)'],
      [{ locking: 'true' }, 'locking: the string "true" is not valid; expected a boolean'],
      [{ storagePool: 3 }, 'storagePool: the number 3 is not valid; expected a string'],
      [{ name: 42 }, 'name: the number 42 is not valid; expected a string'],
    ];
    cases.forEach(([props, message], i) => {
      let error: any;
      try {
        new h.Bucket(prod, `b${i}`, props);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HikubeValidationError);
      expect(error.message).toContain(message);
    });
  });
  test('BucketUser.of checks its options at once', () => {
    expect(() => h.BucketUser.of({ readOnly: 'no' as any })).toThrow('[BucketUser.of] options.readOnly: the string "no" is not valid; expected a boolean');
    expect(() => h.BucketUser.of({ readonly: true } as any)).toThrow('[BucketUser.of] options.readonly: unknown option of BucketUserOptions; did you mean readOnly?');
  });
  test('BucketCredentials.of refuses bad names', () => {
    expect(() => h.BucketCredentials.of({ tenantNamespace: 'tenant-acme', bucketName: 'Backups', user: 'v' })).toThrow('bucketName: "Backups" is not valid');
    expect(() => h.BucketCredentials.of({ tenantNamespace: 'tenant-acme', bucketName: 'b', user: undefined as any })).toThrow('user: undefined is not valid');
  });
  test.todo('unknown keys in BucketProps (e.g. readonly instead of readOnly) are refused by checkProps');
});
