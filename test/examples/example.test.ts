import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthExample } from '../../examples/app';
import { synthLab } from '../../examples/lab';
import * as h from '../../src';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream, validateBucketDocument, validateTenantDocument } from '../support/schemas';
import { validateAppDocument } from '../support/tenant-schemas';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-example-'));
const warnings = synthExample(outdir);
// The main job's layout: the lab example in a folder of its own inside the main example's.
const labWarnings = synthLab(path.join(outdir, 'lab'));
const read = (file: string) => parseYamlStream(fs.readFileSync(path.join(outdir, file), 'utf-8'));

test('the example writes the Tenant, the tenant resources, the Cluster API rendering, platform storage and day-2 objects; the lab its cluster and pool', () => {
  expect(fs.readdirSync(outdir).sort()).toEqual(['acme.k8s.yaml', 'kustomization.yaml', 'lab', 'platform-storage.k8s.yaml', 'prod-cluster-api.k8s.yaml', 'prod-inside.k8s.yaml', 'prod.k8s.yaml']);
  expect(fs.readdirSync(path.join(outdir, 'lab')).sort()).toEqual(['lab-gpu.k8s.yaml', 'lab.k8s.yaml']);
  expect(warnings).toHaveLength(2);
  expect(labWarnings).toEqual([]);
});

test('the cluster lives in the namespace its Tenant creates', () => {
  const [tenant] = read('acme.k8s.yaml');
  expect([tenant.kind, tenant.metadata.namespace, tenant.spec.resourceQuotas]).toEqual(['Tenant', 'tenant-root', { cpu: '64', memory: '256Gi' }]);
  expect(read('prod.k8s.yaml')[0].metadata.namespace).toBe('tenant-acme');
});

test('the lab\'s GPU pool joins its cluster on a line that serves node pools', () => {
  const [cluster] = read('lab/lab.k8s.yaml');
  const [pool] = read('lab/lab-gpu.k8s.yaml');
  expect([pool.kind, pool.metadata.name, pool.metadata.namespace, pool.spec.cluster]).toEqual(['KubernetesNodes', 'lab-gpu', cluster.metadata.namespace, 'lab']);
  expect(h.PlatformLine.MAIN.kubernetesNodesServing).toBe(h.KubernetesNodesServing.BY_DEFAULT);
});

test('the example backs up to its bucket and runs a GPU workload', () => {
  const [tenant] = read('prod.k8s.yaml');
  const location = tenant.spec.addons.velero.valuesOverride.velero.configuration.backupStorageLocation[0];
  expect([location.bucket, location.config.s3Url, location.credential]).toEqual(['bucket-3f9a7c2e-5b1d-4e8a-9c6f-2d4b8e1a7f05', 'https://prod.s3.hikube.cloud', { name: 'velero-bucket', key: 'cloud' }]);
  const inside = read('prod-inside.k8s.yaml');
  expect(inside.find((d) => d.kind === 'Schedule').spec.template.storageLocation).toBe('default');
  const gpuPod = inside.find((d) => d.kind === 'Deployment' && d.metadata.namespace === 'ml').spec.template.spec;
  expect(gpuPod.nodeSelector).toEqual({ 'node-role.kubernetes.io/gpu': '' });
  expect(gpuPod.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
  const smoke = inside.find((d) => d.kind === 'Job').spec.template.spec;
  expect([smoke.nodeSelector, smoke.restartPolicy, smoke.containers[0].command]).toEqual([{ 'node-role.kubernetes.io/gpu': '' }, 'Never', ['nvidia-smi']]);
  expect(smoke.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
});

test('every document validates against the API definitions in imports/', () => {
  const [tenant, bucket] = read('prod.k8s.yaml');
  expect(validateTenantDocument(tenant, h.PlatformLine.V1_3)).toEqual([]);
  expect(validateBucketDocument(bucket, h.PlatformLine.V1_3)).toEqual([]);
  expect(validateAppDocument(read('acme.k8s.yaml')[0], 'Tenant', h.PlatformLine.V1_3.tenantSchemaFile)).toEqual([]);
  expect(validateTenantDocument(read('lab/lab.k8s.yaml')[0], h.PlatformLine.MAIN)).toEqual([]);
  expect(validateAppDocument(read('lab/lab-gpu.k8s.yaml')[0], 'KubernetesNodes', h.PlatformLine.MAIN.kubernetesNodesSchemaFile!)).toEqual([]);
  for (const file of ['prod-cluster-api.k8s.yaml', 'platform-storage.k8s.yaml', 'prod-inside.k8s.yaml']) {
    const docs = read(file);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  }
});

test('kubectl kustomize builds the in-cluster folder', () => {
  const expectedKinds = ['ClusterIssuer', 'ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'Deployment', 'Deployment',
    'Deployment', 'Gateway', 'GitRepository', 'HTTPRoute', 'Ingress', 'Job', 'Kustomization', 'LimitRange', 'LimitRange', 'Namespace', 'Namespace',
    'Namespace', 'Namespace', 'NetworkPolicy', 'NetworkPolicy', 'PersistentVolumeClaim', 'ResourceQuota', 'ResourceQuota', 'RoleBinding',
    'RoleBinding', 'RoleBinding', 'Schedule', 'Service', 'Service', 'Service', 'ServiceAccount'];
  const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
  // Where kubectl is missing, check what kustomize would read: the listed resources exist and parse.
  const built = hasKubectl
    ? parseYamlStream(execFileSync('kubectl', ['kustomize', outdir], { encoding: 'utf-8' }))
    : read('prod-inside.k8s.yaml');
  expect(built.map((d) => d.kind).sort()).toEqual(expectedKinds);
});
