import { App, JsonPatch, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import * as h from '../../src';
import { HikubeValidationError, ValidationProblem } from '../../src/errors';
import { propsArb } from '../cli/arbitraries';
import { productionCluster } from '../support/fixtures';
import { validateTenantDocument } from '../support/schemas';

const RUNS_PER_LINE = 200;

/** The problems synth refuses an app with (none when it synthesizes). */
function problemsOf(app: App): ValidationProblem[] {
  try {
    app.synthYaml();
    return [];
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems;
    throw e;
  }
}

function synth(build: (app: App) => void): string {
  const app = Testing.app();
  build(app);
  return app.synthYaml();
}

describe.each(h.PlatformLine.all().map((l) => [l.name, l] as const))('round trip on line %s', (_name, line) => {
  test(`${RUNS_PER_LINE} generated clusters synthesize to the same bytes after fromManifest`, () => {
    fc.assert(fc.property(propsArb(line), (props) => {
      const first = synth((app) => new h.HikubeCluster(app, 'c', props));
      const second = synth((app) => h.HikubeCluster.fromManifest(app, 'c', first, { platformLine: line }));
      expect(second).toBe(first);
    }), { numRuns: RUNS_PER_LINE, seed: 20261125 });
  });

  test('the production cluster reads back to the same bytes, from YAML text and from the parsed object', () => {
    const app = Testing.app();
    productionCluster(app, line);
    const yaml = app.synthYaml();
    expect(synth((a) => h.HikubeCluster.fromManifest(a, 'prod', yaml, { platformLine: line }))).toBe(yaml);
    const doc = Testing.synth(productionCluster(Testing.app(), line))[0];
    expect(synth((a) => h.HikubeCluster.fromManifest(a, 'prod', doc, { platformLine: line }))).toBe(yaml);
  });
});

test('a cluster read from a manifest carries the deployed version and storage class', () => {
  const c = h.HikubeCluster.fromManifest(Testing.app(), 'c', 'apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata: {name: c}\nspec: {version: v1.31, storageClass: local}\n');
  expect(c.props.deployed?.version?.toString()).toBe('v1.31');
  expect(c.props.deployed?.storageClass).toBe('local');
});

test('kubectl output is accepted as it is: server fields ignored, appVersion picks the line', () => {
  const app = Testing.app();
  const c = h.HikubeCluster.fromManifest(app, 'c', {
    apiVersion: 'apps.cozystack.io/v1alpha1',
    kind: 'Kubernetes',
    appVersion: '1.5.4',
    metadata: {
      name: 'c',
      namespace: 'tenant-a',
      uid: 'x',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    },
    spec: { nodeGroups: { md0: { minReplicas: 1, maxReplicas: 2, instanceType: 'u1.large', diskSize: '30Gi', resources: {} } } },
    status: { version: 'v1.35.1', conditions: [] },
  });
  expect(c.platformLine).toBe(h.PlatformLine.V1_5);
  const [doc] = Testing.synth(c);
  expect(doc.metadata).toEqual({ name: 'c', namespace: 'tenant-a' });
  expect(doc.status).toBeUndefined();
  expect(doc.spec.nodeGroups.md0.diskSize).toBe('30Gi');
});

test("the documentation's mistakes are repaired, each with a warning; unknown fields are carried over", () => {
  const app = Testing.app();
  const c = h.HikubeCluster.fromManifest(app, 'demo', `
apiVersion: apps.cozystack.io/v1alpha1
kind: Kubernetes
metadata:
  name: demo
spec:
  version: v1.30.0
  nodeGroups:
    general:
      minReplicas: 1
      maxReplicas: 3
      instanceType: s1.large
      ephemeralStorage: 30Gi
      roles: [ingress-nginx]
      futureField: 7
  addons:
    ingressNginx: {enabled: true, hosts: [shop.example.com]}
`);
  const [doc] = Testing.synth(c);
  expect(c.platformLine).toBe(h.PlatformLine.V1_3);
  expect(doc.metadata.namespace).toBeUndefined();
  expect(doc.spec.version).toBe('v1.30');
  expect(doc.spec.nodeGroups.general.resources).toEqual({});
  expect(doc.spec.nodeGroups.general.futureField).toBe(7);
  const w = c.warnings.join('\n');
  expect(w).toContain('spec.version: "v1.30.0" is not a version the platform accepts');
  expect(w).toContain('spec.nodeGroups.general.resources: platform line v1.3 refuses a node group without resources');
  expect(w).toContain('spec.nodeGroups.general.futureField: not typed by this library; carried over');
  expect(c.warnings.filter((x) => x.includes('carried over'))).toHaveLength(1);
  expect(validateTenantDocument({ ...doc, metadata: { ...doc.metadata, namespace: 'x' } }, h.PlatformLine.V1_3).filter((p) => !p.includes('futureField'))).toEqual([]);
});

test('the line is detected from the fields: diskSize and hami mean v1.5 or later, the newest released one wins', () => {
  const c = h.HikubeCluster.fromManifest(Testing.app(), 'c', {
    apiVersion: 'apps.cozystack.io/v1alpha1',
    kind: 'Kubernetes',
    metadata: { name: 'c' },
    spec: { nodeGroups: { g: { diskSize: '40Gi', instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] } }, addons: { gpuOperator: { enabled: true }, hami: { enabled: true } } },
  });
  expect(c.platformLine).toBe(h.PlatformLine.V1_6);
  expect(c.warnings.join('\n')).toContain('the document fits platform lines v1.5, v1.6, main; reading it for line v1.6');
  const old = h.HikubeCluster.fromManifest(Testing.app(), 'o', { kind: 'Kubernetes', metadata: { name: 'o' }, spec: { version: 'v1.28' } });
  expect(old.platformLine).toBe(h.PlatformLine.V0_41);
});

test('invalid values get the same errors as code', () => {
  const app = Testing.app();
  h.HikubeCluster.fromManifest(app, 'c', { kind: 'Kubernetes', metadata: { name: 'c' }, spec: { nodeGroups: { g: { minReplicas: 5, maxReplicas: 2, resources: { cpu: '2' } } } } });
  expect(() => app.synthYaml()).toThrow(/nodeGroups\.g\.minReplicas: 5 is not valid; must not exceed maxReplicas \(2\)/);
  expect(() => h.HikubeCluster.fromManifest(Testing.app(), 'c', { kind: 'ConfigMap' })).toThrow(/expected kind Kubernetes/);
  // Node groups and OIDC users are value classes in code; a wrong type in the document is named where it sits.
  expect(() => h.HikubeCluster.fromManifest(Testing.app(), 'd', { kind: 'Kubernetes', metadata: { name: 'd' }, spec: { nodeGroups: { g: { minReplicas: '3', resources: {} } } } }))
    .toThrow('[d] nodeGroups.g.minReplicas: the string "3" is not valid; expected a finite number');
  expect(() => h.HikubeCluster.fromManifest(Testing.app(), 'o', { kind: 'Kubernetes', metadata: { name: 'o' }, spec: { oidc: { mode: 'System', users: [{ email: 'ops@acme.example', role: 'owner' }] } } }, { platformLine: h.PlatformLine.V1_6 }))
    .toThrow('[o] oidc.users[0].role: the string "owner" is not valid; expected one of OidcRole.ADMIN ("admin"), OidcRole.VIEW ("view")');
});

describe('schema check of the final document', () => {
  test('a JSON patch that breaks a type is refused naming the line', () => {
    const app = Testing.app();
    const c = new h.HikubeCluster(app, 'p', { nodeGroups: { g: h.NodeGroupSpec.of() } });
    c.resource.addJsonPatch(JsonPatch.replace('/spec/nodeGroups/g/minReplicas', 'two'));
    expect(() => app.synthYaml()).toThrow('[p/Resource] spec.nodeGroups.g.minReplicas: "two" is not valid; the schema of platform line v1.3 expects integer');
  });

  test('an enum mismatch from valuesOverride-style confusion is refused', () => {
    const app = Testing.app();
    const c = new h.HikubeCluster(app, 'p', { nodeGroups: { g: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX] }) }, addons: [new h.IngressNginx()] });
    c.resource.addJsonPatch(JsonPatch.add('/spec/addons/ingressNginx/exposeMethod', 'NodePort'));
    expect(() => app.synthYaml()).toThrow(/spec\.addons\.ingressNginx\.exposeMethod: "NodePort" is not valid; the schema of platform line v1\.3 allows Proxied, LoadBalancer/);
  });

  test('a field of another line set by a JSON patch is the error its typed prop would be, naming the lines that have it', () => {
    const app = Testing.app();
    const c = new h.HikubeCluster(app, 'p', { nodeGroups: { g: h.NodeGroupSpec.of() } });
    c.resource.addJsonPatch(JsonPatch.add('/spec/nodeGroups/g/logSerialConsole', true));
    expect(problemsOf(app)).toEqual([expect.objectContaining({
      rule: 'HK-LINE-FIELD',
      severity: 'error',
      path: 'p/Resource',
      message: 'spec.nodeGroups.g.logSerialConsole: platform line v1.3 has no field logSerialConsole and ignores it; line main has it: choose it as the platform line, or remove the field',
    })]);
    // The typed prop is reported once, by the typed check, not again by the schema check of the document.
    const typed = Testing.app();
    new h.HikubeCluster(typed, 'p', { nodeGroups: { g: h.NodeGroupSpec.of({ logSerialConsole: true }) } });
    expect(problemsOf(typed).map((p) => [p.rule, p.path, p.field])).toEqual([['HK-LINE-FIELD', 'p', 'nodeGroups.g.logSerialConsole']]);
  });
});

/** A cluster document of a line with `diskSize` (v1.4 and later), with the spec fields given. */
const diskSizeManifest = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps.cozystack.io/v1alpha1',
  kind: 'Kubernetes',
  metadata: { name: 'prod', namespace: 'tenant-a' },
  spec: {
    version: 'v1.33',
    nodeGroups: { md0: { minReplicas: 1, maxReplicas: 2, instanceType: 'u1.large', diskSize: '20Gi', resources: {} } },
    ...spec,
  },
});

describe('a field of another platform line in a manifest', () => {
  const manifest = () => diskSizeManifest({ talos: { version: 'v1.13.6' } });

  test('is dropped with a warning that names the repair, since the platform ignores it there', () => {
    const app = Testing.app();
    const cluster = h.HikubeCluster.fromManifest(app, 'prod', manifest(), { platformLine: h.PlatformLine.V1_5 });
    expect(cluster.warnings).toEqual(['[prod] spec.talos: platform line v1.5 has no field talos and ignores it; lines v1.6, main have it: choose one of them as the platform line, or remove the field']);
    const [doc] = Testing.synth(cluster);
    expect(doc.spec.talos).toBeUndefined();
    expect(validateTenantDocument(doc, h.PlatformLine.V1_5)).toEqual([]);
  });

  test('is an error in strict mode, with its rule', () => {
    const app = Testing.app();
    app.node.setContext('hikube:strict', true);
    h.HikubeCluster.fromManifest(app, 'prod', manifest(), { platformLine: h.PlatformLine.V1_5 });
    expect(problemsOf(app).map((p) => [p.rule, p.severity, p.field])).toEqual([['HK-LINE-FIELD', 'error', 'spec.talos']]);
  });

  test('is kept and typed on a line that has it', () => {
    const app = Testing.app();
    const cluster = h.HikubeCluster.fromManifest(app, 'prod', manifest(), { platformLine: h.PlatformLine.V1_6 });
    expect(cluster.warnings).toEqual([]);
    expect(Testing.synth(cluster)[0].spec.talos).toMatchObject({ version: 'v1.13.6' });
  });
});

test('images are read into the typed prop, and a far kubectl image is warned as the typed prop is', () => {
  const doc = (kubectl: string) => diskSizeManifest({ images: { kubectl, waitForKubeconfig: 'registry.acme.example/busybox:1.37' } });
  const reading = h.HikubeCluster.fromManifest(Testing.app(), 'prod', doc('registry.acme.example/kubectl:v1.33.2'), { platformLine: h.PlatformLine.V1_6 });
  expect(reading.props.images).toEqual({ kubectl: 'registry.acme.example/kubectl:v1.33.2', waitForKubeconfig: 'registry.acme.example/busybox:1.37' });
  expect(Testing.synth(reading)[0].spec.images).toEqual({ kubectl: 'registry.acme.example/kubectl:v1.33.2', waitForKubeconfig: 'registry.acme.example/busybox:1.37' });
  const app = Testing.app();
  const far = h.HikubeCluster.fromManifest(app, 'prod', doc('registry.acme.example/kubectl:v1.29.0'), { platformLine: h.PlatformLine.V1_6 });
  app.synthYaml();
  expect(far.warnings.join('\n')).toContain('images.kubectl');
});

test('the other lines\' worker disk field is not dropped as ignored: the platform refuses it, and the fix is the rename', () => {
  const doc = diskSizeManifest({ nodeGroups: { md0: { minReplicas: 1, maxReplicas: 2, instanceType: 'u1.large', ephemeralStorage: '20Gi', resources: {} } } });
  const app = Testing.app();
  const cluster = h.HikubeCluster.fromManifest(app, 'prod', doc, { platformLine: h.PlatformLine.V1_6 });
  expect(cluster.warnings).toEqual(['[prod] spec.nodeGroups.md0.ephemeralStorage: not typed by this library; carried over unchanged as a JSON patch']);
  expect(problemsOf(app).map((p) => [p.rule, p.field, p.repair?.operations])).toEqual([
    ['HK-DISK-FIELD', 'spec.nodeGroups.md0.ephemeralStorage', [{ op: 'move', from: '/spec/nodeGroups/md0/ephemeralStorage', path: '/spec/nodeGroups/md0/diskSize' }]],
  ]);
});
