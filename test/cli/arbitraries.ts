import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as h from '../../src';

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
    if (a.velero) out.push(new h.Velero({ valuesOverride: { velero: a.velero } as any }));
    if (a.gatewayApi) out.push(new h.GatewayApi());
    if (a.cilium) out.push(new h.Cilium({ valuesOverride: { cilium: a.cilium } as any }));
    return out;
  });
}

/** Valid cluster properties for a line, covering the fields each line offers. */
export function propsArb(line: h.PlatformLine): fc.Arbitrary<h.HikubeClusterProps> {
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
      name,
      tenantNamespace: namespace,
      platformLine: line,
      version,
      storageClass,
      labels,
      controlPlane: { replicas, apiServer: preset ? { preset: h.ResourcesPreset.named(preset) } : undefined, scheduler: cpuLimit ? { cpu: cpuLimit } : undefined },
      nodeGroups: Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, h.NodeGroupSpec.of(g)])),
      addons,
    };
  });
}
