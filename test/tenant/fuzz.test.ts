import { Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { PLATFORM } from '../support/cluster-api';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream, validateTenantDocument } from '../support/schemas';

const RUNS = 500;
const lines = h.PlatformLine.all();
const instanceTypes = h.InstanceType.all();
const gpuTypes = instanceTypes.filter((t) => (t.memory?.toMebibytes() ?? 0) >= 4096);
const groupName = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);

interface Definition {
  readonly line: h.PlatformLine;
  readonly props: h.HikubeClusterProps;
}

function groupArb(line: h.PlatformLine): fc.Arbitrary<h.NodeGroupOptions> {
  const has = (f: h.PlatformFeature) => line.supports(f);
  return fc.record({
    bounds: fc.tuple(fc.nat(20), fc.nat(20)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
    sizing: fc.oneof(
      fc.record({ instanceType: fc.constantFrom(...instanceTypes) }),
      fc.record({ instanceType: fc.constantFrom(...gpuTypes), gpus: fc.array(fc.constantFrom(h.Gpu.NVIDIA_L40S, h.Gpu.NVIDIA_A100_80GB_PCIE, h.Gpu.NVIDIA_H100_94GB), { minLength: 1, maxLength: 2 }) }),
      fc.record({ resources: fc.record({ cpu: fc.integer({ min: 1, max: 64 }).map(Cpu.units), memory: fc.integer({ min: 1, max: 512 }).map(Size.gibibytes) }) }),
    ),
    diskSize: fc.option(fc.integer({ min: 1, max: 2048 }).map(Size.gibibytes), { nil: undefined }),
    roles: fc.uniqueArray(fc.constantFrom('ingress-nginx', 'compute', 'batch.example.com', 'edge_1'), { maxLength: 3 }).map((r) => r.map(h.NodeRole.of)),
    storageClass: has(h.PlatformFeature.GROUP_STORAGE_CLASS) ? fc.option(fc.constantFrom('replicated', 'local'), { nil: undefined }) : fc.constant(undefined),
    maxUnhealthy: has(h.PlatformFeature.GROUP_HEALTH_CHECK) ? fc.option(fc.integer({ min: 0, max: 100 }).map(h.MaxUnhealthy.percent), { nil: undefined }) : fc.constant(undefined),
    logSerialConsole: has(h.PlatformFeature.LOG_SERIAL_CONSOLE) ? fc.option(fc.boolean(), { nil: undefined }) : fc.constant(undefined),
  }).map(({ bounds, sizing, ...rest }) => ({ minReplicas: bounds[0], maxReplicas: bounds[1], ...sizing, ...rest }));
}

function addonsArb(line: h.PlatformLine): fc.Arbitrary<h.Addon[]> {
  return fc.record({
    certManager: fc.boolean(),
    ingress: fc.option(fc.record({ exposeMethod: fc.constantFrom(h.ExposeMethod.PROXIED, h.ExposeMethod.LOAD_BALANCER), hosts: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}\.example\.com$/), { maxLength: 3 }) }), { nil: undefined }),
    flux: fc.boolean(),
    monitoring: fc.boolean(),
    gpuOperator: fc.boolean(),
    hami: fc.boolean(),
    velero: fc.boolean(),
    gatewayApi: fc.boolean(),
    ouroboros: fc.boolean(),
    cilium: fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.jsonValue()), { nil: undefined }),
  }).map((a) => {
    const out: h.Addon[] = [];
    if (a.certManager) out.push(new h.CertManager());
    if (a.ingress) out.push(new h.IngressNginx({ exposeMethod: a.ingress.exposeMethod, hosts: a.ingress.exposeMethod === h.ExposeMethod.PROXIED ? a.ingress.hosts : undefined }));
    if (a.flux && line.supportsAddon(h.Flux.KEY)) out.push(new h.Flux({ bootstrap: { url: 'https://git.example.com/org/fleet.git' } }));
    if (a.monitoring) out.push(new h.MonitoringAgents());
    if (a.gpuOperator || (a.hami && line.supportsAddon(h.Hami.KEY))) out.push(new h.GpuOperator());
    if (a.hami && line.supportsAddon(h.Hami.KEY)) out.push(new h.Hami());
    if (a.velero) out.push(new h.Velero());
    if (a.gatewayApi) out.push(new h.GatewayApi());
    if (a.ouroboros && a.ingress && line.supportsAddon(h.Ouroboros.KEY)) out.push(new h.Ouroboros());
    if (a.cilium) out.push(new h.Cilium({ valuesOverride: { cilium: a.cilium as any } }));
    return out;
  });
}

const validDefinition: fc.Arbitrary<Definition> = fc.constantFrom(...lines).chain((line) => fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
  version: fc.option(fc.constantFrom(...line.supportedVersions), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  preset: fc.option(fc.constantFrom(...line.presetNames), { nil: undefined }),
  groups: fc.dictionary(groupName, groupArb(line), { minKeys: 1, maxKeys: 5 }),
  addons: addonsArb(line),
}).map(({ name, version, replicas, preset, groups, addons }) => {
  // Ingress needs a node group with its role: give it to the first group when none has it.
  if (addons.some((a) => a.key === h.IngressNginx.KEY) && !Object.values(groups).some((g) => g.roles?.some((r) => r.name === 'ingress-nginx'))) {
    const first = Object.keys(groups)[0];
    groups[first] = { ...groups[first], roles: [...(groups[first].roles ?? []), h.NodeRole.INGRESS_NGINX] };
  }
  const presetObj = preset ? h.ResourcesPreset.named(preset) : undefined;
  return {
    line,
    props: {
      tenantNamespace: 'tenant-fuzz',
      name,
      platformLine: line,
      version,
      controlPlane: { replicas, apiServer: presetObj ? { preset: presetObj } : undefined },
      nodeGroups: Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, h.NodeGroupSpec.of(g)])),
      addons,
    },
  };
}));

/** Mutations that each break one rule the library enforces. */
const breakers: Array<[string, (d: Definition) => h.HikubeClusterProps]> = [
  ['min above max', (d) => ({ ...d.props, nodeGroups: { ...d.props.nodeGroups, broken: h.NodeGroupSpec.of({ minReplicas: 4, maxReplicas: 3 }) } })],
  ['cpu without memory', (d) => ({ ...d.props, nodeGroups: { ...d.props.nodeGroups, broken: h.NodeGroupSpec.of({ resources: { cpu: Cpu.units(2) } }) } })],
  ['GPU on 2 GiB', (d) => ({ ...d.props, nodeGroups: { ...d.props.nodeGroups, broken: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_SMALL, gpus: [h.Gpu.NVIDIA_L40S] }) } })],
  ['long name', (d) => ({ ...d.props, name: 'x'.repeat(43) })],
  ['bad group name', (d) => ({ ...d.props, nodeGroups: { ...d.props.nodeGroups, Bad_Group: h.NodeGroupSpec.of() } })],
  ['version outside line', (d) => ({ ...d.props, version: d.line.supportsVersion(h.KubernetesVersion.V1_28) ? h.KubernetesVersion.V1_35 : h.KubernetesVersion.V1_28 })],
  ['add-on outside line', (d) => ({ ...d.props, addons: [d.line.supportsAddon(h.Hami.KEY) ? (d.line.supportsAddon(h.Flux.KEY) ? new h.Hami() : new h.Flux()) : new h.Hami()] })],
  ['ingress without role', (d) => ({
    ...d.props,
    nodeGroups: { md0: h.NodeGroupSpec.of({ minReplicas: 1 }), ...Object.fromEntries(Object.entries(d.props.nodeGroups ?? {}).map(([k, g]) => [k, h.NodeGroupSpec.of({ ...g.options, roles: [] })])) },
    addons: [new h.IngressNginx()],
  })],
  ['hosts with LoadBalancer', (d) => ({ ...d.props, nodeGroups: { ...d.props.nodeGroups, md0: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX] }) }, addons: [new h.IngressNginx({ exposeMethod: h.ExposeMethod.LOAD_BALANCER, hosts: ['a.example.com'] })] })],
  ['negative replicas', (d) => ({ ...d.props, nodeGroups: { ...d.props.nodeGroups, broken: h.NodeGroupSpec.of({ minReplicas: -1 }) } })],
  ['zero control-plane replicas', (d) => ({ ...d.props, controlPlane: { replicas: 0 } })],
  ['storage class changed', (d) => ({ ...d.props, storageClass: 'local', deployed: { storageClass: 'replicated' } })],
  ['field outside line', (d) => ({ ...d.props, nodeGroups: { ...d.props.nodeGroups, broken: h.NodeGroupSpec.of(d.line.supports(h.PlatformFeature.LOG_SERIAL_CONSOLE) ? { minReplicas: 2, maxReplicas: 1 } : { logSerialConsole: true }) } })],
  ['bad role', (d) => ({ ...d.props, nodeGroups: { ...d.props.nodeGroups, broken: h.NodeGroupSpec.of({ roles: [h.NodeRole.of('no spaces allowed')] }) } })],
];

function synthesize(props: h.HikubeClusterProps): any[] {
  const app = Testing.app();
  new h.HikubeCluster(app, 'fuzz', props);
  return parseYamlStream(app.synthYaml());
}

test(`${RUNS} random valid clusters all synthesize and validate against their line's schema`, () => {
  fc.assert(fc.property(validDefinition, (d) => {
    const docs = synthesize(d.props);
    expect(docs).toHaveLength(1);
    expect(validateTenantDocument(docs[0], d.line)).toEqual([]);
    expect(Object.keys(docs[0].spec.nodeGroups).sort()).toEqual(Object.keys(d.props.nodeGroups ?? {}).sort());
    for (const g of Object.values<any>(docs[0].spec.nodeGroups)) {
      expect(g[d.line.workerDiskField]).toMatch(/^\d+(Gi|Ti)$/);
    }
  }), { numRuns: RUNS, seed: 20261124 });
});

test(`${RUNS} random invalid clusters all fail with the library's own error`, () => {
  fc.assert(fc.property(validDefinition, fc.constantFrom(...breakers), (d, [, breaker]) => {
    let error: unknown;
    try {
      synthesize(breaker(d));
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    const e = error as Error;
    // Our errors are plain Errors naming a construct path; a TypeError or RangeError would be a bug.
    expect(e).toBeInstanceOf(HikubeValidationError);
    expect(e.message).toMatch(/^(Validation failed with the following errors:\n {2}HK-[A-Z0-9-]+ \[fuzz[^\]]*\] |\[fuzz[^\]]*\] )/);
  }), { numRuns: RUNS, seed: 20261125 });
});

test('200 random valid clusters, with random zones, render to Cluster API objects the real CRDs accept', () => {
  const withZones = fc.tuple(validDefinition, fc.subarray(h.Zone.all()));
  fc.assert(fc.property(withZones, ([d, zones]) => {
    const groups = Object.fromEntries(Object.entries(d.props.nodeGroups ?? {}).map(([k, g]) => [k, h.NodeGroupSpec.of({ ...g.options, zones: zones.length ? zones : undefined })]));
    const app = Testing.app();
    const cluster = new h.HikubeCluster(app, 'fuzz', { ...d.props, nodeGroups: groups });
    new h.ClusterApiRendering(app, 'capi', { cluster, platform: PLATFORM });
    const docs = parseYamlStream(app.synthYaml()).filter((doc) => doc.kind !== 'Kubernetes' && doc.kind !== 'VolumeSnapshotClass');
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
    const deployments = docs.filter((doc) => doc.kind === 'MachineDeployment');
    const bound = (key: string) => deployments.reduce((sum, md) => sum + Number(md.metadata.annotations[`cluster.x-k8s.io/cluster-api-autoscaler-node-group-${key}-size`]), 0);
    const declared = Object.values(groups).map((g) => g.options);
    const implicitMd0 = cluster.addsDefaultGroup ? 10 : 0;
    expect(bound('max')).toBe(declared.reduce((sum, g) => sum + (g.maxReplicas ?? 10), 0) + implicitMd0);
    expect(bound('min')).toBe(declared.reduce((sum, g) => sum + (g.minReplicas ?? 0), 0));
  }), { numRuns: 200, seed: 20261126 });
});
