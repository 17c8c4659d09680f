import { App, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as h from '../../src';
import { productionCluster } from '../support/fixtures';
import { validateTenantDocument } from '../support/schemas';

const RUNS_PER_LINE = 100;
const instanceTypes = h.InstanceType.all();
const gpuTypes = instanceTypes.filter((t) => (t.memory?.toMebibytes() ?? 0) >= 4096);

function groupArb(line: h.PlatformLine): fc.Arbitrary<h.NodeGroupOptions> {
  const has = (f: h.PlatformFeature) => line.supports(f);
  return fc.record({
    bounds: fc.tuple(fc.nat(20), fc.nat(20)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
    sizing: fc.oneof(
      fc.record({ instanceType: fc.constantFrom(...instanceTypes) }),
      fc.record({ instanceType: fc.constantFrom(...gpuTypes), gpus: fc.array(fc.constantFrom(h.Gpu.NVIDIA_L40S, h.Gpu.NVIDIA_H100_94GB), { minLength: 1, maxLength: 2 }) }),
      fc.record({ resources: fc.record({ cpu: fc.integer({ min: 1, max: 64 }).map(Cpu.units), memory: fc.integer({ min: 1, max: 512 }).map(Size.gibibytes) }) }),
    ),
    diskSize: fc.option(fc.oneof(fc.integer({ min: 1, max: 2048 }).map(Size.gibibytes), fc.integer({ min: 1, max: 4 }).map((n) => Size.mebibytes(n * 1536))), { nil: undefined }),
    roles: fc.uniqueArray(fc.constantFrom('ingress-nginx', 'compute', 'batch.example.com'), { maxLength: 3 }).map((r) => r.map(h.NodeRole.of)),
    storageClass: has(h.PlatformFeature.GROUP_STORAGE_CLASS) ? fc.option(fc.constantFrom('replicated', 'local'), { nil: undefined }) : fc.constant(undefined),
    maxUnhealthy: has(h.PlatformFeature.GROUP_HEALTH_CHECK) ? fc.option(fc.oneof(fc.integer({ min: 0, max: 100 }).map(h.MaxUnhealthy.percent), fc.nat(5).map(h.MaxUnhealthy.count)), { nil: undefined }) : fc.constant(undefined),
    logSerialConsole: has(h.PlatformFeature.LOG_SERIAL_CONSOLE) ? fc.option(fc.boolean(), { nil: undefined }) : fc.constant(undefined),
  }).map(({ bounds, sizing, ...rest }) => ({ minReplicas: bounds[0], maxReplicas: bounds[1], ...sizing, ...rest }));
}

// cdk8s drops null values on synth, so generated values carry none (a null-only override renders as {}).
const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }));
const values = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(leaf, fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), leaf, { minKeys: 1 })), { minKeys: 1 });

function addonsArb(line: h.PlatformLine): fc.Arbitrary<h.Addon[]> {
  return fc.record({
    certManager: fc.boolean(),
    ingress: fc.option(fc.record({ exposeMethod: fc.constantFrom(h.ExposeMethod.PROXIED, h.ExposeMethod.LOAD_BALANCER), hosts: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}\.example\.com$/), { maxLength: 3 }) }), { nil: undefined }),
    flux: fc.boolean(),
    monitoring: fc.boolean(),
    gpuOperator: fc.boolean(),
    velero: fc.option(values, { nil: undefined }),
    gatewayApi: fc.boolean(),
    cilium: fc.option(values, { nil: undefined }),
  }).map((a) => {
    const out: h.Addon[] = [];
    if (a.certManager) out.push(new h.CertManager());
    if (a.ingress) out.push(new h.IngressNginx({ exposeMethod: a.ingress.exposeMethod, hosts: a.ingress.exposeMethod === h.ExposeMethod.PROXIED ? a.ingress.hosts : undefined }));
    if (a.flux && line.supportsAddon(h.Flux.KEY)) out.push(new h.Flux({ bootstrap: { url: 'https://git.example.com/org/fleet.git', path: './clusters/x' } }));
    if (a.monitoring) out.push(new h.MonitoringAgents());
    if (a.gpuOperator) out.push(new h.GpuOperator());
    if (a.velero) out.push(new h.Velero({ valuesOverride: a.velero as any }));
    if (a.gatewayApi) out.push(new h.GatewayApi());
    if (a.cilium) out.push(new h.Cilium({ valuesOverride: a.cilium as any }));
    return out;
  });
}

function propsArb(line: h.PlatformLine): fc.Arbitrary<h.HikubeClusterProps> {
  return fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/),
    namespace: fc.option(fc.constantFrom('tenant-acme', 'tenant-x'), { nil: undefined }),
    version: fc.option(fc.constantFrom(...line.supportedVersions), { nil: undefined }),
    replicas: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    preset: fc.option(fc.constantFrom(...line.presetNames), { nil: undefined }),
    cpuLimit: fc.option(fc.integer({ min: 1, max: 8 }).map((n) => Cpu.millis(n * 250)), { nil: undefined }),
    storageClass: fc.option(fc.constantFrom('replicated', 'local'), { nil: undefined }),
    groups: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), groupArb(line), { minKeys: 0, maxKeys: 4 }),
    addons: addonsArb(line),
    labels: fc.option(fc.constant({ team: 'platform' }), { nil: undefined }),
  }).map(({ name, namespace, version, replicas, preset, cpuLimit, storageClass, groups, addons, labels }) => {
    if (addons.some((a) => a.key === h.IngressNginx.KEY) && !line.implicitDefaultGroup) {
      groups.edge = { minReplicas: 1, maxReplicas: 2, roles: [h.NodeRole.INGRESS_NGINX] };
    }
    return {
      name, tenantNamespace: namespace, platformLine: line, version, storageClass, labels,
      controlPlane: { replicas, apiServer: preset ? { preset: h.ResourcesPreset.named(preset) } : undefined, scheduler: cpuLimit ? { cpu: cpuLimit } : undefined },
      nodeGroups: groups,
      addons,
    };
  });
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
      name: 'c', namespace: 'tenant-a', uid: 'x', resourceVersion: '42', generation: 3, creationTimestamp: '2026-01-01T00:00:00Z',
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
  expect(w).toContain('spec.nodeGroups.general.resources: platform line v1.3 requires resources');
  expect(w).toContain('spec.nodeGroups.general.futureField: not typed by this library; carried over');
  expect(validateTenantDocument({ ...doc, metadata: { ...doc.metadata, namespace: 'x' } }, h.PlatformLine.V1_3).filter((p) => !p.includes('futureField'))).toEqual([]);
});

test('the line is detected from the fields: diskSize and hami mean v1.5 or later, the newest released one wins', () => {
  const c = h.HikubeCluster.fromManifest(Testing.app(), 'c', {
    apiVersion: 'apps.cozystack.io/v1alpha1', kind: 'Kubernetes', metadata: { name: 'c' },
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
});

describe('schema check of the final document', () => {
  test('a JSON patch that breaks a type is refused naming the line', () => {
    const app = Testing.app();
    const c = new h.HikubeCluster(app, 'p', { nodeGroups: { g: {} } });
    c.resource.addJsonPatch(require('cdk8s').JsonPatch.replace('/spec/nodeGroups/g/minReplicas', 'two'));
    expect(() => app.synthYaml()).toThrow('[p/Resource] spec.nodeGroups.g.minReplicas: "two" is not valid; the schema of platform line v1.3 expects integer');
  });

  test('an enum mismatch from valuesOverride-style confusion is refused', () => {
    const app = Testing.app();
    const c = new h.HikubeCluster(app, 'p', { nodeGroups: { g: { roles: [h.NodeRole.INGRESS_NGINX] } }, addons: [new h.IngressNginx()] });
    c.resource.addJsonPatch(require('cdk8s').JsonPatch.add('/spec/addons/ingressNginx/exposeMethod', 'NodePort'));
    expect(() => app.synthYaml()).toThrow(/spec\.addons\.ingressNginx\.exposeMethod: "NodePort" is not valid; the schema of platform line v1\.3 allows Proxied, LoadBalancer/);
  });

  test('a field the line lacks is a warning naming the lines that have it', () => {
    const app = Testing.app();
    const c = new h.HikubeCluster(app, 'p', { nodeGroups: { g: {} } });
    c.resource.addJsonPatch(require('cdk8s').JsonPatch.add('/spec/nodeGroups/g/logSerialConsole', true));
    app.synthYaml();
    expect(c.warnings).toContain('[p/Resource] spec.nodeGroups.g.logSerialConsole: platform line v1.3 has no such field and ignores it silently; it exists on line main');
  });
});
