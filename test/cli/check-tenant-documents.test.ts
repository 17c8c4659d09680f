import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

interface Report {
  readonly clusters: number;
  readonly tenants: number;
  readonly nodePools: number;
  readonly errors: number;
  readonly warnings: number;
  readonly findings: Array<{ file: string; line: number; severity: string; code: string; path: string; message: string; fix?: string }>;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-check-tenants-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let count = 0;
/** Runs `check` on one file holding `yaml`, with `options`; returns the exit code, the text output and the file. */
function check(yaml: string, ...options: string[]): { code: number; out: string; file: string } {
  const file = path.join(dir, `input-${count++}.yaml`);
  fs.writeFileSync(file, yaml);
  const out: string[] = [];
  const code = main(['check', ...options, file], { out: (t) => out.push(t), err: (t) => out.push(t) });
  return { code, out: out.join('\n'), file };
}

function json(yaml: string, ...options: string[]): Report & { code: number } {
  const r = check(yaml, '--json', ...options);
  return { code: r.code, ...JSON.parse(r.out) };
}

const codes = (r: Report) => r.findings.map((f) => `${f.line}:${f.code}:${f.path}`);

const CLUSTER = `apiVersion: apps.cozystack.io/v1alpha1
kind: Kubernetes
metadata:
  name: prod
  namespace: tenant-acme
spec:
  version: v1.34
  nodeGroups:
    md0:
      minReplicas: 1
      maxReplicas: 3
      instanceType: u1.large
`;

function pool(spec = '', name = 'prod-gpu', cluster = 'prod'): string {
  return `apiVersion: apps.cozystack.io/v1alpha1
kind: KubernetesNodes
metadata:
  name: ${name}
  namespace: tenant-acme
spec:
  cluster: ${cluster}
  minReplicas: 0
  maxReplicas: 2
  instanceType: u1.xlarge
${spec}`;
}

const ACME = `apiVersion: apps.cozystack.io/v1alpha1
kind: Tenant
metadata:
  name: acme
  namespace: tenant-root
spec:
  etcd: true
  ingress: true
  resourceQuotas:
    cpu: 10
    memory: 32Gi
`;

function dev(spec: string, name = 'dev'): string {
  return `apiVersion: apps.cozystack.io/v1alpha1
kind: Tenant
metadata:
  name: ${name}
  namespace: tenant-acme
spec:
${spec}`;
}

describe('check reads Tenant documents through the Tenant construct', () => {
  test('valid tenants pass alone: no "no cluster" problem, counted as tenants', () => {
    const r = check(`${ACME}---\n${dev('  monitoring: true\n  resourceQuotas:\n    cpu: "4"\n')}`);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toBe('2 tenants checked: 0 errors, 0 warnings');
    expect(json(ACME)).toMatchObject({ code: 0, clusters: 0, tenants: 1, nodePools: 0, errors: 0, findings: [] });
  });

  test('a misspelt field: an error with the field meant, the value used instead and the repair', () => {
    const r = json(dev('  etdc: true\n'));
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([{
      file: expect.any(String),
      line: 7,
      severity: 'error',
      code: 'HK-UNKNOWN-FIELD',
      path: 'spec.etdc',
      message: 'platform line v1.3 has no field etdc and ignores it, so etcd is false (its default); did you mean etcd?',
      fix: 'write etcd: true in place of etdc',
      repair: { description: 'write etcd: true in place of etdc', operations: [{ op: 'move', from: '/spec/etdc', path: '/spec/etcd' }] },
    }]);
  });

  test('a field of another line: HK-LINE-FIELD, a warning in hand-written YAML; the tenants are read for a line that has it', () => {
    const v13 = json(dev('  gateway: true\n'), '--line', 'v1.3');
    expect(v13).toMatchObject({ code: 0, errors: 0, warnings: 1 });
    expect(v13.findings).toEqual([expect.objectContaining({
      severity: 'warning',
      code: 'HK-LINE-FIELD',
      path: 'spec.gateway',
      line: 7,
      message: 'a tenant has no gateway on platform line v1.3; lines v1.5, v1.6, main have it',
    })]);
    expect(json(dev('  gateway: true\n'))).toMatchObject({ code: 0, findings: [] });
    expect(json(dev('  isolated: false\n'))).toMatchObject({ code: 0, findings: [] });
    expect(codes(json(dev('  isolated: false\n'), '--line', 'main'))).toEqual(['7:HK-LINE-FIELD:spec.isolated']);
  });

  test('a child\'s quota against its parent among the documents; quotas that are no quantities or negative, by the tenant\'s own rule', () => {
    const over = json(`${ACME}---\n${dev('  resourceQuotas:\n    cpu: 12\n    memory: 8Gi\n')}`);
    expect(over.code).toBe(1);
    expect(over.findings).toEqual([expect.objectContaining({
      line: 20,
      code: 'HK-TENANT-QUOTA',
      path: 'spec.resourceQuotas.cpu',
      message: '"12" is not valid; exceeds what the parent tenant acme declares (10); the platform refuses it from v1.6.0, and before it the children overcommit the parent',
    })]);
    // Two children share what the parent declares.
    const siblings = json(`${ACME}---\n${dev('  resourceQuotas:\n    cpu: 6\n')}---\n${dev('  resourceQuotas:\n    cpu: 6\n', 'qa')}`);
    expect(codes(siblings)).toEqual(['20:HK-TENANT-QUOTA:spec.resourceQuotas.cpu', '29:HK-TENANT-QUOTA:spec.resourceQuotas.cpu']);
    const bad = json(dev('  resourceQuotas:\n    storage: -1Gi\n    memory: 16 GB\n'));
    expect(codes(bad)).toEqual(['8:HK-TENANT:spec.resourceQuotas.storage', '9:HK-TENANT:spec.resourceQuotas.memory']);
    expect(bad.findings[0].message).toBe('"-1Gi" is not valid; a quota cannot be negative; expected a Kubernetes quantity of 0 or more, such as 4, 500m or 16Gi');
  });

  test('name, namespace and duplicates point at the lines of metadata', () => {
    expect(codes(json(dev('  etcd: true\n', 'dev-team')))).toEqual(['4:HK-TENANT-NAME:metadata.name']);
    expect(codes(json(dev('  etcd: true\n').replace('namespace: tenant-acme', 'namespace: default')))).toEqual(['5:HK-TENANT:metadata.namespace']);
    const twice = json(`${ACME}---\n${ACME}`);
    expect(twice.findings).toEqual([expect.objectContaining({
      line: 16,
      code: 'HK-DUPLICATE',
      path: 'metadata.name',
      message: expect.stringMatching(/^tenant acme is also defined at .*:4; applied to namespace tenant-root, one document would replace the other; give each tenant its own name$/),
    })]);
  });

  test('a kind written in the wrong case is refused with the kind meant', () => {
    expect(check(ACME.replace('kind: Tenant', 'kind: tenant')).out).toContain('HK-KIND kind: "tenant" is not a kind of apps.cozystack.io: the API server matches kinds exactly and refuses the document; did you mean Tenant? write kind: Tenant');
    expect(check(pool().replace('kind: KubernetesNodes', 'kind: KubernetesNode')).out).toContain('did you mean KubernetesNodes? write kind: KubernetesNodes');
  });
});

describe('check reads KubernetesNodes documents with their cluster', () => {
  test('a valid pool and its cluster pass, counted apart', () => {
    const r = check(`${CLUSTER}---\n${pool()}`, '--line', 'main');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toBe('1 cluster, 1 node pool checked: 0 errors, 0 warnings');
  });

  test('a pool whose cluster is not among the inputs is not checked, and says how to check it', () => {
    const r = json(pool('  colour: blue\n'), '--line', 'main');
    expect(r).toMatchObject({ code: 1, clusters: 0, nodePools: 0, errors: 1 });
    expect(r.findings).toEqual([expect.objectContaining({
      line: 7,
      code: 'HK-NODES-CLUSTER',
      path: 'spec.cluster',
      message: 'cluster prod is not among the inputs in namespace tenant-acme, so the pool was not checked: a pool is checked with its cluster (its version, Talos settings, add-ons and the names of its groups); name the file that holds the cluster\'s Kubernetes document too',
    })]);
    // A cluster of the same name in another namespace is another cluster.
    expect(codes(json(`${CLUSTER.replace('tenant-acme', 'tenant-other')}---\n${pool()}`, '--line', 'main'))).toEqual(['20:HK-NODES-CLUSTER:spec.cluster']);
    expect(json(pool().replace('  cluster: prod\n', ''), '--line', 'main').findings[0]).toMatchObject({ code: 'HK-NODES-CLUSTER', message: 'the pool names no cluster; write the name of the Kubernetes cluster it joins' });
  });

  test('the pool\'s own fields: did you mean, values through the document, the version of its cluster, its name', () => {
    const r = json(`${CLUSTER}---\n${pool('  maxReplica: 3\n  diskSize: -10Gi\n  version: v1.35\n')}`, '--line', 'main');
    expect(codes(r)).toEqual(['24:HK-UNKNOWN-FIELD:spec.maxReplica', '25:HK-DISK:spec.diskSize', '26:HK-NODES-BINDING:spec.version']);
    expect(r.findings[0].message).toBe('platform line main has no field maxReplica and ignores it, so maxReplicas is 2; did you mean maxReplicas?');
    expect(r.findings[2].message).toBe('"v1.35" is not valid; a pool runs its cluster\'s version, v1.34; leave version unset to follow it');
    expect(codes(json(`${CLUSTER}---\n${pool('', 'gpu')}`, '--line', 'main'))).toEqual(['17:HK-NODES-NAME:metadata.name']);
    expect(codes(json(`${CLUSTER}---\n${pool('', 'prod-md0')}`, '--line', 'main'))).toEqual(['17:HK-NODES-POOL:metadata.name']);
    expect(codes(json(`${CLUSTER}---\n${pool()}---\n${pool()}`, '--line', 'main'))).toEqual(['28:HK-DUPLICATE:metadata.name']);
  });

  test('the cluster is checked with its pools: nodes with the ingress role in a pool serve its ingress-nginx', () => {
    const ingress = `${CLUSTER}  addons:\n    ingressNginx:\n      enabled: true\n`;
    expect(codes(json(ingress, '--line', 'main'))).toEqual(['15:HK-INGRESS:spec.addons.ingressNginx.enabled']);
    expect(json(`${ingress}---\n${pool('  roles: [ingress-nginx]\n').replace('minReplicas: 0', 'minReplicas: 1')}`, '--line', 'main')).toMatchObject({ code: 0, findings: [] });
  });

  test('a line without KubernetesNodes: the pool\'s one problem is the kind', () => {
    const r = json(`${CLUSTER}---\n${pool('  colour: blue\n')}`, '--line', 'v1.5');
    expect(r.findings.filter((f) => f.file.endsWith('.yaml') && f.line > 13).map((f) => `${f.line}:${f.code}:${f.path}`)).toEqual(['15:HK-NODES-SERVED:kind']);
    expect(r.findings.find((f) => f.code === 'HK-NODES-SERVED')!.message).toBe('platform line v1.5 has no KubernetesNodes resource (it exists from v1.6.0); declare the group in the cluster\'s nodeGroups');
  });

  test('clusters, tenants and pools together; exit codes as before', () => {
    const all = `${ACME}---\n${CLUSTER}---\n${pool()}`;
    expect(check(all, '--line', 'main')).toMatchObject({ code: 0, out: '1 cluster, 1 tenant, 1 node pool checked: 0 errors, 0 warnings' });
    expect(check(`${all}---\n${pool('  colour: blue\n', 'prod-cpu')}`, '--line', 'main').code).toBe(1);
    expect(check(`${all}---\n${pool('  images:\n    kubectl: kubectl:1.30\n', 'prod-cpu')}`, '--line', 'main').code).toBe(0);
    expect(check(`${all}---\n${pool('  images:\n    kubectl: kubectl:1.30\n', 'prod-cpu')}`, '--line', 'main', '--strict').code).toBe(1);
    const usage: string[] = [];
    expect(main(['check', '--line', 'v9', dir], { out: (t) => usage.push(t), err: (t) => usage.push(t) })).toBe(2);
  });
});
