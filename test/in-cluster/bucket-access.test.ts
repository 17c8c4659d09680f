import { App, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { libraryCodes } from '../diagnostics/rule-example';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream } from '../support/schemas';

function setup(app: App) {
  const prod = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE }) } });
  const bucket = new h.Bucket(prod, 'media', { users: { app: h.BucketUser.of() } });
  const inside = new h.TenantClusterChart(app, 'inside', { cluster: prod });
  const web = new kplus.Deployment(inside, 'web', {
    metadata: { namespace: 'shop' },
    containers: [{ name: 'app', image: 'registry.acme.example/shop:1.0', portNumber: 8080 }, { name: 'sidecar', image: 'registry.acme.example/proxy:1.0' }],
  });
  return { prod, bucket, inside, web };
}

const deployment = (app: App) => parseYamlStream(app.synthYaml()).find((d) => d.kind === 'Deployment');

describe('BucketAccess', () => {
  test('the keys as environment variables from the Secret the commands create', () => {
    const app = Testing.app();
    const s = setup(app);
    const access = new h.BucketAccess(s.inside, 'media-keys', { credentials: s.bucket.credentials('app'), workload: s.web, container: 'app' });
    expect([access.secretName, access.namespace]).toEqual(['media-app-s3', 'shop']);
    const doc = deployment(app);
    const [app0, sidecar] = doc.spec.template.spec.containers;
    expect(app0.envFrom).toEqual([{ secretRef: { name: 'media-app-s3' } }]);
    expect(sidecar.envFrom).toBeUndefined();
    expect(validateAgainstSchemas(doc)).toEqual([]);
    expect(access.secretCommands().split('\n')).toEqual([
      "ACCESS_KEY=$(kubectl -n tenant-acme get tenantsecret bucket-media-app-credentials -o jsonpath='{.data.accessKey}' | base64 -d)",
      "SECRET_KEY=$(kubectl -n tenant-acme get tenantsecret bucket-media-app-credentials -o jsonpath='{.data.secretKey}' | base64 -d)",
      "ENDPOINT=$(kubectl -n tenant-acme get tenantsecret bucket-media-app-credentials -o jsonpath='{.data.endpoint}' | base64 -d)",
      "BUCKET=$(kubectl -n tenant-acme get tenantsecret bucket-media-app-credentials -o jsonpath='{.data.bucketName}' | base64 -d)",
      "kubectl -n tenant-acme get tenantsecret kubernetes-prod-admin-kubeconfig -o jsonpath='{.data.super-admin\\.conf}' | base64 -d > prod.kubeconfig",
      "printf 'AWS_ACCESS_KEY_ID=%s\\nAWS_SECRET_ACCESS_KEY=%s\\nAWS_ENDPOINT_URL_S3=https://%s\\nS3_BUCKET=%s\\n' \"$ACCESS_KEY\" \"$SECRET_KEY\" \"$ENDPOINT\" \"$BUCKET\" | kubectl --kubeconfig prod.kubeconfig -n shop create secret generic media-app-s3 --from-env-file=/dev/stdin",
    ]);
  });

  test('or as files in a folder of every container', () => {
    const app = Testing.app();
    const s = setup(app);
    new h.BucketAccess(s.inside, 'media-keys', { credentials: s.bucket.credentials('app'), workload: s.web, mountPath: '/var/run/s3', secretName: 'media.keys' });
    const doc = deployment(app);
    const pod = doc.spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'media-keys', secret: { secretName: 'media.keys' } });
    for (const c of pod.containers) expect(c.volumeMounts).toContainEqual({ name: 'media-keys', mountPath: '/var/run/s3', readOnly: true });
    expect(validateAgainstSchemas(doc)).toEqual([]);
  });

  test('refused: a container the workload lacks, a Secret name that is none, a relative folder', () => {
    const access = (props: Partial<h.BucketAccessProps>) => (app: App) => {
      const s = setup(app);
      new h.BucketAccess(s.inside, 'k', { credentials: s.bucket.credentials('app'), workload: s.web, ...props });
    };
    expect(libraryCodes(access({ container: 'nope' }))).toEqual(['HK-BUCKET-ACCESS']);
    expect(libraryCodes(access({ secretName: 'Media Keys' }))).toEqual(['HK-BUCKET-ACCESS']);
    expect(libraryCodes(access({ mountPath: 'keys' }))).toEqual(['HK-BUCKET-ACCESS']);
    expect(libraryCodes(access({ container: 'app', mountPath: '/keys' }))).toEqual([]);
  });
});
