import { App, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as h from '../../src';
import { parseYamlStream } from '../support/schemas';

type Props = Partial<h.HikubeClusterProps>;

function cluster(props: Props = {}, id = 'c1', app: App = Testing.app()): h.HikubeCluster {
  return new h.HikubeCluster(app, id, { tenantNamespace: 'tenant-a', ...props });
}

/** Synthesizes and returns the validation message; fails the test when synthesis succeeds. */
function synthError(props: Props, id = 'c1'): string {
  const app = Testing.app();
  cluster(props, id, app);
  try {
    app.synthYaml();
  } catch (e: any) {
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toMatch(/^Validation failed with the following errors:/);
    return e.message;
  }
  throw new Error('expected synthesis to fail');
}

function warningsOf(props: Props): string[] {
  const app = Testing.app();
  const c = cluster(props, 'c1', app);
  app.synthYaml();
  return c.warnings;
}

const ingressGroup = { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) };

describe('rule 1: names', () => {
  test('cluster name must be a DNS-1035 label', () => {
    expect(synthError({ name: '1st-cluster' })).toContain('[c1] metadata.name: "1st-cluster" is not valid; a cluster name must be a lower-case DNS-1035 label');
    expect(synthError({ name: 'Prod' })).toContain('metadata.name: "Prod"');
  });
  test('cluster name at most 42 characters', () => {
    const name = 'a'.repeat(43);
    expect(synthError({ name })).toContain(`metadata.name: "${name}" is not valid; a cluster name must be a lower-case DNS-1035 label (starting with a letter) of at most 42 characters`);
    const app = Testing.app();
    cluster({ name: 'a'.repeat(42), nodeGroups: { g: h.NodeGroupSpec.of() } }, 'ok', app);
    expect(parseYamlStream(app.synthYaml())[0].metadata.name).toBe('a'.repeat(42));
  });
  test('node group names are DNS-1123 labels', () => {
    expect(synthError({ nodeGroups: { Web_1: h.NodeGroupSpec.of() } })).toContain('[c1] nodeGroups.Web_1: "Web_1" is not valid; a node group name must be a lower-case DNS label');
  });
  test('machine template names must fit in 63 characters', () => {
    const name = 'a'.repeat(40);
    const msg = synthError({ name, nodeGroups: { 'workers-x': h.NodeGroupSpec.of() } });
    expect(msg).toContain(`nodeGroups.workers-x: "workers-x" is not valid; the platform names machine templates "kubernetes-${name}-workers-x-<6 hex>", which must fit in 63 characters; shorten the group name to at most 4 characters`);
  });
  test('a node group name is used once', () => {
    const c = cluster({ nodeGroups: { web: h.NodeGroupSpec.of() } });
    expect(() => c.addNodeGroup('web')).toThrow('[c1] nodeGroups.web: "web" is not valid; node group names are unique in a cluster; a group with this name already exists');
  });
  test('tenant namespace and host must be DNS names', () => {
    expect(synthError({ tenantNamespace: 'Tenant A' })).toContain('metadata.namespace: "Tenant A" is not valid');
    expect(synthError({ host: 'https://k8s.example.com' })).toContain('host: "https://k8s.example.com" is not valid; a host name must be a lower-case DNS subdomain');
    expect(synthError({ storageClass: 'Fast SSD' })).toContain('storageClass: "Fast SSD" is not valid');
  });
});

describe('rule 2: versions', () => {
  test('patch versions cannot be written', () => {
    expect(() => h.KubernetesVersion.of('v1.30.0')).toThrow('KubernetesVersion: "v1.30.0" is not a minor version of the form "v1.<minor>"; the platform chooses the patch, write "v1.30"');
    expect(() => h.KubernetesVersion.of('latest')).toThrow('"latest" is not a minor version');
    expect(h.KubernetesVersion.of('1.31')).toEqual(h.KubernetesVersion.V1_31);
  });
  test('version must be one the line installs', () => {
    expect(synthError({ version: h.KubernetesVersion.V1_28 })).toContain('version: "v1.28" is not valid; platform line v1.3 installs v1.35, v1.34, v1.33, v1.32, v1.31, v1.30');
    expect(synthError({ platformLine: h.PlatformLine.V1_6, version: h.KubernetesVersion.V1_30 })).toContain('platform line v1.6 installs v1.35, v1.34, v1.33, v1.32, v1.31');
    expect(synthError({ platformLine: h.PlatformLine.V0_41, version: h.KubernetesVersion.V1_35 })).toContain('version: "v1.35" is not valid; platform line v0.41 installs');
  });
  test('upgrades go one minor at a time and never down', () => {
    expect(synthError({ version: h.KubernetesVersion.V1_33, deployed: { version: h.KubernetesVersion.V1_31 } }))
      .toContain('version: "v1.33" is not valid; upgrade one minor version at a time; from v1.31 the next is v1.32');
    expect(synthError({ version: h.KubernetesVersion.V1_31, deployed: { version: h.KubernetesVersion.V1_32 } }))
      .toContain('version: "v1.31" is not valid; downgrades are not supported (deployed: v1.32)');
    expect(synthError({ deployed: { version: h.KubernetesVersion.V1_33 } })).toContain('version: "v1.35" is not valid; upgrade one minor version at a time');
    expect(warningsOf({ version: h.KubernetesVersion.V1_32, deployed: { version: h.KubernetesVersion.V1_31 } })).toEqual([]);
  });
});

describe('rule 3: replica bounds', () => {
  test('minReplicas must not exceed maxReplicas', () => {
    expect(synthError({ nodeGroups: { web: h.NodeGroupSpec.of({ minReplicas: 5, maxReplicas: 3 }) } })).toContain('[c1] nodeGroups.web.minReplicas: 5 is not valid; must not exceed maxReplicas (3)');
  });
  test('bounds are whole and not negative', () => {
    expect(synthError({ nodeGroups: { web: h.NodeGroupSpec.of({ minReplicas: -1 }) } })).toContain('nodeGroups.web.minReplicas: -1 is not valid; expected a whole number, 0 or more');
    expect(synthError({ nodeGroups: { web: h.NodeGroupSpec.of({ maxReplicas: 2.5 }) } })).toContain('nodeGroups.web.maxReplicas: 2.5 is not valid');
  });
});

describe('rule 4: explicit resources', () => {
  test('cpu and memory both or neither', () => {
    expect(synthError({ nodeGroups: { web: h.NodeGroupSpec.of({ resources: { cpu: Cpu.units(4) } }) } }))
      .toContain('nodeGroups.web.resources: {"cpu":"4"} is not valid; set both cpu and memory, or neither');
    expect(synthError({ nodeGroups: { web: h.NodeGroupSpec.of({ resources: { memory: Size.gibibytes(8) } }) } }))
      .toContain('nodeGroups.web.resources: {"memory":"8Gi"} is not valid; set both cpu and memory, or neither');
  });
  test('cpu is whole vCPUs', () => {
    expect(synthError({ nodeGroups: { web: h.NodeGroupSpec.of({ resources: { cpu: Cpu.millis(1500), memory: Size.gibibytes(4) } }) } }))
      .toContain('nodeGroups.web.resources.cpu: "1500m" is not valid; expected a whole number of virtual CPUs');
  });
  test('an instance type next to explicit resources is reported as ignored', () => {
    expect(warningsOf({ nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE, resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) } }) } }))
      .toContain('[c1] nodeGroups.web.instanceType: u1.large is ignored because resources.cpu and resources.memory are set');
  });
});

describe('rule 5: GPU memory', () => {
  test('a GPU on a 2 GiB instance type is refused', () => {
    expect(synthError({ nodeGroups: { gpu: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_SMALL, gpus: [h.Gpu.NVIDIA_L40S] }) } }))
      .toContain('[c1] nodeGroups.gpu.gpus: ["nvidia.com/AD102GL_L40S"] is not valid; GPU nodes need at least 4Gi of memory for the NVIDIA driver, but instance type s1.small gives 2048Mi');
  });
  test('explicit memory counts instead of the instance type', () => {
    expect(synthError({ nodeGroups: { gpu: h.NodeGroupSpec.of({ resources: { cpu: Cpu.units(2), memory: Size.gibibytes(2) }, gpus: [h.Gpu.NVIDIA_H100_94GB] }) } }))
      .toContain('but resources.memory gives 2048Mi');
    expect(warningsOf({ nodeGroups: { gpu: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_MEDIUM, gpus: [h.Gpu.NVIDIA_H100_94GB] }) }, addons: [new h.GpuOperator()] })
      .filter((w) => w.includes('gpus'))).toEqual([]);
  });
  test('a GPU group without the GPU operator is warned about', () => {
    expect(warningsOf({ nodeGroups: { gpu: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_MEDIUM, gpus: [h.Gpu.NVIDIA_H100_94GB] }) } }))
      .toContain('[c1] nodeGroups.gpu.gpus: without the GPU operator add-on no driver or device plugin runs, so pods cannot request nvidia.com/gpu on these nodes; add GpuOperator');
  });
  test('instance types outside the catalog are warned about (the platform fails when it lacks them)', () => {
    expect(warningsOf({ nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.of('cx1.large') }) } }))
      .toContain('[c1] nodeGroups.web.instanceType: cx1.large is not in this library\'s catalog; the platform fails to render the group if no VirtualMachineClusterInstancetype of that name exists');
    expect(warningsOf({ nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.custom('cx1.large', 2, Size.gibibytes(4)) }) } }).filter((w) => w.includes('catalog'))).toEqual([]);
  });
  test('unknown instance types are warned about, custom ones checked', () => {
    expect(warningsOf({ nodeGroups: { gpu: h.NodeGroupSpec.of({ instanceType: h.InstanceType.of('gn1.xlarge'), gpus: [h.Gpu.of('nvidia.com/TU104GL_Tesla_T4')] }) } }))
      .toContain('[c1] nodeGroups.gpu.gpus: memory of instance type gn1.xlarge is unknown to this library; GPU nodes need at least 4Gi (use InstanceType.custom() to have it checked)');
    expect(synthError({ nodeGroups: { gpu: h.NodeGroupSpec.of({ instanceType: h.InstanceType.custom('gn1.small', 1, Size.gibibytes(3)), gpus: [h.Gpu.NVIDIA_L40S] }) } }))
      .toContain('instance type gn1.small gives 3072Mi');
  });
  test('GPU device names are vendor/device', () => {
    expect(synthError({ nodeGroups: { gpu: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE, gpus: [h.Gpu.of('L40S')] }) } }))
      .toContain('nodeGroups.gpu.gpus: "L40S" is not valid; expected a device name "<vendor>/<device>"');
  });
});

describe('rule 6: ingress', () => {
  test('ingress needs a node group with the ingress-nginx role (v1.6+: no implicit md0)', () => {
    expect(synthError({ platformLine: h.PlatformLine.V1_6, nodeGroups: { web: h.NodeGroupSpec.of() }, addons: [new h.IngressNginx()] }))
      .toContain('[c1] addons.ingressNginx.enabled: ingress-nginx runs only on nodes with the role "ingress-nginx", and no node group has it; add NodeRole.INGRESS_NGINX to a node group');
  });
  test('an explicit md0 without the role removes it on older lines too', () => {
    expect(synthError({ nodeGroups: { md0: h.NodeGroupSpec.of() }, addons: [new h.IngressNginx()] })).toContain('no node group has it');
  });
  test('ingress groups all at zero replicas give a warning', () => {
    expect(warningsOf({ addons: [new h.IngressNginx()] }))
      .toContain('[c1] addons.ingressNginx: every node group with the ingress-nginx role (md0) has minReplicas 0; the controller waits until the autoscaler adds a node');
    expect(warningsOf({ nodeGroups: { md0: ingressGroup.web }, addons: [new h.IngressNginx()] })).toEqual([]);
  });
  test('hosts only with Proxied', () => {
    expect(synthError({ nodeGroups: ingressGroup, addons: [new h.IngressNginx({ exposeMethod: h.ExposeMethod.LOAD_BALANCER, hosts: ['a.example.com'] })] }))
      .toContain('addons.ingressNginx.hosts: ["a.example.com"] is not valid; hosts are routed only with exposeMethod Proxied');
  });
  test('hosts are DNS names and unique', () => {
    const msg = synthError({ nodeGroups: ingressGroup, addons: [new h.IngressNginx({ hosts: ['Shop.Example.com', 'a.example.com', 'a.example.com'] })] });
    expect(msg).toContain('addons.ingressNginx.hosts: "Shop.Example.com" is not valid; each host must be a lower-case DNS name');
    expect(msg).toContain('addons.ingressNginx.hosts: "a.example.com" is not valid; hosts must be unique');
  });
});

describe('rule 7: add-on dependencies', () => {
  const v15 = { platformLine: h.PlatformLine.V1_5 };
  test('hami requires the GPU operator', () => {
    expect(synthError({ ...v15, addons: [new h.Hami()] })).toContain('addons.hami: HAMi requires the GPU operator; add GpuOperator to the cluster\'s add-ons');
  });
  test('ouroboros requires ingress-nginx', () => {
    expect(synthError({ ...v15, addons: [new h.Ouroboros()] })).toContain('addons.ouroboros: Ouroboros requires ingress-nginx');
  });
  test('ouroboros in Gateway API mode requires the Gateway API add-on', () => {
    const ouroboros = new h.Ouroboros({ valuesOverride: { ouroboros: { controller: { gatewayApi: { enabled: true } } } } });
    expect(synthError({ ...v15, addons: [new h.IngressNginx(), ouroboros] }))
      .toContain('addons.ouroboros.valuesOverride.ouroboros.controller.gatewayApi.enabled: true requires the Gateway API add-on');
  });
  test('each add-on once', () => {
    const c = cluster({ addons: [new h.CertManager()] });
    expect(() => c.addAddon(new h.CertManager())).toThrow('[c1] addons.certManager: "CertManager" is not valid; each add-on may be configured once; this one is already configured');
  });
  test('valuesOverride must be a map', () => {
    expect(() => new h.Velero({ valuesOverride: ['x'] as any })).toThrow('[Velero] valuesOverride: a list is not valid; expected a map');
  });
});

describe('rule 8: add-ons and fields the line lacks', () => {
  test('add-ons', () => {
    expect(synthError({ addons: [new h.GpuOperator(), new h.Hami()] })).toContain('addons.hami: not available on platform line v1.3; it exists from line v1.5');
    expect(synthError({ platformLine: h.PlatformLine.MAIN, addons: [new h.Flux()] })).toContain('addons.fluxcd: not available on platform line main; it exists from line v0.41 and was removed on main');
  });
  test('node group fields', () => {
    expect(synthError({ nodeGroups: { web: h.NodeGroupSpec.of({ storageClass: 'local' }) } })).toContain('nodeGroups.web.storageClass: not available on platform line v1.3; available from line v1.5');
    expect(synthError({ nodeGroups: { web: h.NodeGroupSpec.of({ kubelet: {} }) } })).toContain('nodeGroups.web.kubelet: not available on platform line v1.3; available from line v1.5');
    expect(synthError({ platformLine: h.PlatformLine.V1_5, nodeGroups: { web: h.NodeGroupSpec.of({ maxUnhealthy: h.MaxUnhealthy.count(1) }) } })).toContain('nodeGroups.web.maxUnhealthy: not available on platform line v1.5; available from line v1.6');
    expect(synthError({ platformLine: h.PlatformLine.V1_6, nodeGroups: { web: h.NodeGroupSpec.of({ logSerialConsole: true }) } })).toContain('nodeGroups.web.logSerialConsole: not available on platform line v1.6; available from line main');
  });
  test('cluster fields', () => {
    expect(synthError({ platformLine: h.PlatformLine.V1_5, talos: {} })).toContain('talos: not available on platform line v1.5; available from line v1.6');
    expect(synthError({ platformLine: h.PlatformLine.V1_6, talos: { registryMirrors: {} } })).toContain('talos.registryMirrors: not available on platform line v1.6; available from line main');
    expect(synthError({ oidc: { mode: h.OidcMode.NONE } })).toContain('oidc: not available on platform line v1.3');
    expect(synthError({ platformLine: h.PlatformLine.V1_6, maxNodeProvisionTime: Duration.minutes(5) })).toContain('maxNodeProvisionTime: not available on platform line v1.6; available from line main');
    expect(synthError({ platformLine: h.PlatformLine.V1_6, nodeHealthCheck: { readyFalseTimeout: Duration.minutes(5) } })).toContain('nodeHealthCheck.readyFalseTimeout: not available on platform line v1.6');
    expect(synthError({ controlPlane: { apiServerExtraArgs: ['--v=2'] } })).toContain('controlPlane.apiServer.extraArgs: not available on platform line v1.3; available from line v1.6');
  });
  test('series presets', () => {
    expect(synthError({ controlPlane: { apiServer: { preset: h.ResourcesPreset.of(h.PresetSeries.C1, h.PresetSize.MEDIUM) } } }))
      .toContain('[c1] controlPlane.apiServer.resourcesPreset: "c1.medium" is not valid; allowed on line v1.3: nano, micro, small, medium, large, xlarge, 2xlarge; <series>.<size> presets need platform line v1.5');
  });
});

describe('rule 9: the implicit md0 group', () => {
  test('lines up to v1.5 warn that md0 is added next to declared groups', () => {
    for (const platformLine of [h.PlatformLine.V0_41, h.PlatformLine.V1_3, h.PlatformLine.V1_5]) {
      expect(warningsOf({ platformLine, nodeGroups: { general: h.NodeGroupSpec.of() } }))
        .toEqual([`[c1] nodeGroups: platform line ${platformLine.name} adds its default group md0 (u1.medium, 0-10 replicas, role ingress-nginx) next to general; declare a group named md0 to size or shrink it`]);
    }
  });
  test('v1.6 replaces md0 with the declared groups', () => {
    expect(warningsOf({ platformLine: h.PlatformLine.V1_6, nodeGroups: { general: h.NodeGroupSpec.of() } })).toEqual([]);
  });
  test('a declared md0 is written with explicit roles so the platform keeps none of its own', () => {
    const app = Testing.app();
    cluster({ nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE }) } }, 'c1', app);
    expect(app.synthYaml()).toContain('roles: []');
  });
});

describe('rule 10: storage class is immutable', () => {
  test('changing it is refused', () => {
    expect(synthError({ storageClass: 'local', deployed: { storageClass: 'replicated' } }))
      .toContain('storageClass: "local" is not valid; storageClass is immutable; the cluster was created with "replicated"');
    expect(synthError({ deployed: { storageClass: 'local' } })).toContain('storageClass: "replicated" is not valid; storageClass is immutable');
  });
});

describe('rule 11: API server and OIDC (v1.6+)', () => {
  const v16 = { platformLine: h.PlatformLine.V1_6 };
  test('no --oidc-* or --authentication-config flags with OIDC', () => {
    expect(synthError({ ...v16, oidc: { mode: h.OidcMode.SYSTEM }, controlPlane: { apiServerExtraArgs: ['--oidc-issuer-url=https://x'] } }))
      .toContain('controlPlane.apiServer.extraArgs: "--oidc-issuer-url=https://x" is not valid; the platform sets authentication itself when oidc.mode is System');
    expect(synthError({ ...v16, oidc: { mode: h.OidcMode.CUSTOM_CONFIG, customConfigSecret: 's' }, controlPlane: { apiServerExtraArgs: ['--authentication-config=/x'] } }))
      .toContain('"--authentication-config=/x" is not valid');
  });
  test('extra volumes: names, reserved names, one source', () => {
    const msg = synthError({
      ...v16,
      controlPlane: {
        apiServerExtraVolumes: [
          h.ApiServerVolume.of({ name: 'talos-ca', secret: 's' }),
          h.ApiServerVolume.of({ name: 'a', configMap: 'x' }),
          h.ApiServerVolume.of({ name: 'a', configMap: 'y' }),
          h.ApiServerVolume.of({ name: 'b', configMap: 'x', secret: 'y' }),
          h.ApiServerVolume.of({ name: '', secret: 'z' }),
        ],
        apiServerExtraVolumeMounts: [h.ApiServerVolumeMount.of({ name: 'missing', mountPath: '/x' }), h.ApiServerVolumeMount.of({ name: 'a', mountPath: 'relative' })],
      },
    });
    expect(msg).toContain('controlPlane.apiServer.extraVolumes[].name: "talos-ca" is not valid; reserved by the platform: talos-ca, talos-tls-cert, authentication-config');
    expect(msg).toContain('controlPlane.apiServer.extraVolumes[].name: "a" is not valid; volume names must be unique');
    expect(msg).toContain('controlPlane.apiServer.extraVolumes[b]: {"configMap":"x","secret":"y"} is not valid; set exactly one source: configMap or secret');
    expect(msg).toContain('controlPlane.apiServer.extraVolumes[].name: "" is not valid; expected a non-empty lower-case DNS label');
    expect(msg).toContain('controlPlane.apiServer.extraVolumeMounts[].name: "missing" is not valid; must name a volume in extraVolumes');
    expect(msg).toContain('controlPlane.apiServer.extraVolumeMounts[].mountPath: "relative" is not valid; expected an absolute path');
  });
  test('custom OIDC configuration: exactly one source, only in CustomConfig mode', () => {
    expect(synthError({ ...v16, oidc: { mode: h.OidcMode.CUSTOM_CONFIG } })).toContain('oidc.customConfig: {"config":false,"secretRef":false} is not valid; mode CustomConfig needs exactly one of customConfig or customConfigSecret');
    expect(synthError({ ...v16, oidc: { mode: h.OidcMode.CUSTOM_CONFIG, customConfig: 'x', customConfigSecret: 'y' } })).toContain('needs exactly one of');
    expect(synthError({ ...v16, oidc: { mode: h.OidcMode.SYSTEM, customConfigSecret: 'y' } })).toContain('oidc.customConfig: "System" is not valid; a custom configuration is used only with mode CustomConfig');
    expect(synthError({ ...v16, oidc: { mode: h.OidcMode.SYSTEM, users: [h.OidcUser.of({ email: 'nobody', role: h.OidcRole.VIEW })] } })).toContain('oidc.users[].email: "nobody" is not valid');
  });
});

describe('platform render-time checks (reference section 5)', () => {
  const main = { platformLine: h.PlatformLine.MAIN };
  const sized = { resources: { cpu: Cpu.units(4), memory: Size.gibibytes(8) } };
  test('pod CPU settings only with explicit resources', () => {
    expect(synthError({ ...main, nodeGroups: { web: h.NodeGroupSpec.of({ podCpuLimit: Cpu.units(2) }) } }))
      .toContain('nodeGroups.web.podCpuLimit: pod CPU settings apply only to groups sized by resources.cpu and resources.memory');
  });
  test('pod CPU request within limit, zero guards, no negatives', () => {
    expect(synthError({ ...main, nodeGroups: { web: h.NodeGroupSpec.of({ ...sized, podCpuRequest: Cpu.units(3), podCpuLimit: Cpu.units(2) }) } }))
      .toContain('nodeGroups.web.podCpuRequest: "3" is not valid; must not exceed podCpuLimit (2)');
    expect(synthError({ ...main, nodeGroups: { web: h.NodeGroupSpec.of({ ...sized, podCpuLimit: Cpu.units(0) }) } }))
      .toContain('nodeGroups.web.podCpuLimit: "0" is not valid; a zero limit needs podCpuRequest set to 0 as well');
    expect(synthError({ ...main, nodeGroups: { web: h.NodeGroupSpec.of({ ...sized, podCpuRequest: Cpu.units(0), podCpuLimit: Cpu.units(2) }) } }))
      .toContain('nodeGroups.web.podCpuRequest: "0" is not valid; a zero request cannot go with a non-zero podCpuLimit');
    expect(synthError({ ...main, nodeGroups: { web: h.NodeGroupSpec.of({ ...sized, podCpuRequest: Cpu.millis(-100) }) } }))
      .toContain('nodeGroups.web.podCpuRequest: "-100m" is not valid; must not be negative');
  });
  test('kubelet thresholds: same unit kind, hard below soft, positive', () => {
    const v15 = { platformLine: h.PlatformLine.V1_5 };
    expect(synthError({ ...v15, nodeGroups: { web: h.NodeGroupSpec.of({ kubelet: { evictionHard: h.MemoryThreshold.size(Size.mebibytes(200)) } }) } }))
      .toContain('nodeGroups.web.kubelet.evictionHardMemory: "200Mi with soft 10%" is not valid; hard and soft thresholds must both be percentages or both be sizes');
    expect(synthError({ ...v15, nodeGroups: { web: h.NodeGroupSpec.of({ kubelet: { evictionHard: h.MemoryThreshold.percent(12) } }) } }))
      .toContain('nodeGroups.web.kubelet.evictionHardMemory: "12% with soft 10%" is not valid; the hard threshold must be below the soft threshold');
    expect(synthError({ ...v15, nodeGroups: { web: h.NodeGroupSpec.of({ kubelet: { kubeReservedCpu: Cpu.millis(0) } }) } }))
      .toContain('nodeGroups.web.kubelet.kubeReservedCpu: "0m" is not valid; expected a positive CPU amount');
  });
  test('kubelet reservations must leave room on the node', () => {
    const v15 = { platformLine: h.PlatformLine.V1_5 };
    expect(synthError({ ...v15, nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_MEDIUM, kubelet: { systemReservedMemory: Size.gibibytes(2), kubeReservedMemory: Size.gibibytes(2) } }) } }))
      .toContain('nodeGroups.web.kubelet: "4383Mi reserved" is not valid; system + kube reservations + hard eviction must stay below the node\'s 4096Mi of memory');
    expect(synthError({ ...v15, nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_MEDIUM, kubelet: { systemReservedCpu: Cpu.millis(600), kubeReservedCpu: Cpu.millis(400) } }) } }))
      .toContain('nodeGroups.web.kubelet: "1000m CPU reserved" is not valid; system + kube CPU reservations must stay below the node\'s 1000m');
  });
  test('maxUnhealthy and durations', () => {
    const v16 = { platformLine: h.PlatformLine.V1_6 };
    expect(synthError({ ...v16, nodeHealthCheck: { maxUnhealthy: h.MaxUnhealthy.percent(150) } })).toContain('nodeHealthCheck.maxUnhealthy: "150%" is not valid; expected a whole percentage from 0 to 100');
    expect(synthError({ ...v16, nodeGroups: { web: h.NodeGroupSpec.of({ maxUnhealthy: h.MaxUnhealthy.count(-1) }) } })).toContain('nodeGroups.web.maxUnhealthy: "-1" is not valid');
    expect(synthError({ ...v16, nodeHealthCheck: { nodeStartupTimeout: Duration.millis(1500) } })).toContain('nodeHealthCheck.nodeStartupTimeout: "1500ms" is not valid; expected a positive whole number of seconds');
    expect(synthError({ ...main, maxNodeProvisionTime: Duration.seconds(0) })).toContain('maxNodeProvisionTime: "0ms" is not valid');
  });
  test('Talos version must match the Kubernetes version', () => {
    const v16 = { platformLine: h.PlatformLine.V1_6 };
    expect(synthError({ ...v16, talos: { version: 'v1.12.4' } })).toContain('talos.version: "v1.12.4" is not valid; the platform supports Talos v1.13');
    expect(synthError({ ...v16, talos: { version: '1.13' } })).toContain('talos.version: "1.13" is not valid; expected a Talos release such as "v1.13.6"');
    expect(synthError({ ...v16, talos: { schematicId: 'abc', imageFactoryUrl: 'https://factory.example.com/' } })).toContain('talos.schematicID: "abc" is not valid; expected 64 lower-case hex characters');
  });
  test('Flux bootstrap source', () => {
    expect(synthError({ addons: [new h.Flux({ bootstrap: { url: 'not a url' } })] })).toContain('addons.fluxcd.bootstrap.url: "not a url" is not valid; expected a Git URL');
    expect(synthError({ addons: [new h.Flux({ bootstrap: { url: 'ssh://git@github.com/a/b.git', branch: 'main', tag: 'v1' } })] })).toContain('addons.fluxcd.bootstrap.tag: "v1" is not valid; set either branch or tag, not both');
    expect(synthError({ addons: [new h.Flux({ bootstrap: { url: 'git@github.com:a/b.git' } })] })).toContain('addons.fluxcd.bootstrap.url: "git@github.com:a/b.git" is not valid; expected a Git URL with a scheme');
    expect(synthError({ addons: [new h.Flux({ bootstrap: { url: 'https://g.example.com/r.git', path: '../x' } })] })).toContain('addons.fluxcd.bootstrap.path: "../x" is not valid');
  });
  test('monitoring agents values are accepted by the platform but ignored: warning', () => {
    expect(warningsOf({ addons: [new h.MonitoringAgents({ valuesOverride: { a: 1 } })] }))
      .toContain('[c1] addons.monitoringAgents.valuesOverride: accepted by the platform but not applied by any release; it has no effect. '
        + 'To ship logs elsewhere, use the FluentBit construct inside the cluster (TenantClusterChart)');
  });
  test('GPU operator without GPU groups: warning', () => {
    expect(warningsOf({ addons: [new h.GpuOperator()] })).toContain('[c1] addons.gpuOperator: the GPU operator is enabled but no node group has GPUs');
  });
});

test('direct toJson() runs the same checks as app.synth()', () => {
  const c = cluster({ nodeGroups: { web: h.NodeGroupSpec.of({ minReplicas: 3, maxReplicas: 1 }) } });
  expect(() => Testing.synth(c)).toThrow('[c1] nodeGroups.web.minReplicas: 3 is not valid');
});

test('valuesOverride must be plain JSON; prototype-less maps are copied', () => {
  expect(() => new h.Velero({ valuesOverride: { a: () => 1 } as any })).toThrow('[Velero] valuesOverride.a: a function has no JSON form');
  expect(() => new h.Velero({ valuesOverride: { n: Number.NaN } })).toThrow('[Velero] valuesOverride.n: NaN has no JSON form');
  const values = Object.create(null);
  values.velero = Object.assign(Object.create(null), { b: 1 });
  const app = Testing.app();
  cluster({ addons: [new h.Velero({ valuesOverride: values })] }, 'c1', app);
  expect(app.synthYaml()).toContain('valuesOverride:\n        velero:\n          b: 1');
});
