import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthExample } from '../../examples/app';
import * as h from '../../src';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream, validateTenantDocument } from '../support/schemas';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-example-'));
const warnings = synthExample(outdir);
const read = (file: string) => parseYamlStream(fs.readFileSync(path.join(outdir, file), 'utf-8'));

test('the example writes the tenant resource, the Cluster API rendering, platform storage and day-2 objects', () => {
  expect(fs.readdirSync(outdir).sort()).toEqual(['kustomization.yaml', 'platform-storage.k8s.yaml', 'prod-cluster-api.k8s.yaml', 'prod-inside.k8s.yaml', 'prod.k8s.yaml']);
  expect(warnings).toHaveLength(2);
});

test('every document validates against the API definitions in imports/', () => {
  const [tenant] = read('prod.k8s.yaml');
  expect(validateTenantDocument(tenant, h.PlatformLine.V1_3)).toEqual([]);
  for (const file of ['prod-cluster-api.k8s.yaml', 'platform-storage.k8s.yaml', 'prod-inside.k8s.yaml']) {
    const docs = read(file);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  }
});

test('kubectl kustomize builds the in-cluster folder', () => {
  const expectedKinds = ['ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'Deployment', 'GitRepository', 'Ingress',
    'Kustomization', 'LimitRange', 'Namespace', 'Namespace', 'NetworkPolicy', 'PersistentVolumeClaim', 'ResourceQuota', 'RoleBinding', 'RoleBinding',
    'Schedule', 'Service', 'Service', 'ServiceAccount'];
  const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
  // Where kubectl is missing, check what kustomize would read: the listed resources exist and parse.
  const built = hasKubectl
    ? parseYamlStream(execFileSync('kubectl', ['kustomize', outdir], { encoding: 'utf-8' }))
    : read('prod-inside.k8s.yaml');
  expect(built.map((d) => d.kind).sort()).toEqual(expectedKinds);
});
