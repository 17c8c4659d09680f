import { App, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { parseYamlStream } from './schemas';
import * as h from '../../src';

/** Variations of the production cluster. */
export interface ProductionOptions {
  /** Zones of every node group. */
  readonly zones?: h.Zone[];
  /** Storage class of the compute group (lines with group storage classes). */
  readonly computeStorageClass?: string;
}

/** A production-like cluster using every add-on and field the line offers. */
export function productionCluster(app: App, line: h.PlatformLine, id = 'prod', options: ProductionOptions = {}): h.HikubeCluster {
  const has = (f: h.PlatformFeature) => line.supports(f);
  const addons: h.Addon[] = [
    new h.CertManager(),
    new h.IngressNginx({ hosts: ['shop.example.com', '*.apps.example.com'] }),
    new h.MonitoringAgents(),
    new h.GpuOperator(),
    new h.Velero({ valuesOverride: { velero: { configuration: { backupStorageLocation: [{ name: 'default', provider: 'aws' }] } } } }),
    new h.GatewayApi(),
    new h.Cilium({ valuesOverride: { cilium: { hubble: { enabled: true } } } }),
    new h.CoreDns({ valuesOverride: { coredns: { replicaCount: 3 } } }),
    new h.VerticalPodAutoscaler({ valuesOverride: { 'vertical-pod-autoscaler': { recommender: { extraArgs: { 'pod-recommendation-min-cpu-millicores': 15 } } } } }),
  ];
  if (line.supportsAddon(h.Flux.KEY)) {
    addons.push(new h.Flux({ bootstrap: { url: 'https://git.example.com/acme/fleet.git', branch: 'main', path: './clusters/prod', pullSecret: 'fleet-git' } }));
  }
  if (line.supportsAddon(h.Hami.KEY)) addons.push(new h.Hami());
  if (line.supportsAddon(h.Ouroboros.KEY)) addons.push(new h.Ouroboros());

  return new h.HikubeCluster(app, id, {
    tenantNamespace: 'tenant-acme',
    platformLine: line,
    version: h.KubernetesVersion.V1_33,
    host: 'prod.acme.example.com',
    storageClass: 'replicated',
    controlPlane: {
      replicas: 3,
      apiServer: { preset: h.ResourcesPreset.XLARGE },
      controllerManager: { cpu: Cpu.millis(500), memory: Size.mebibytes(512) },
      ...(has(h.PlatformFeature.SERIES_PRESETS) ? { scheduler: { preset: h.ResourcesPreset.of(h.PresetSeries.C1, h.PresetSize.SMALL) } } : {}),
      ...(has(h.PlatformFeature.API_SERVER_EXTRAS) ? {
        apiServerExtraArgs: ['--audit-log-maxage=30'],
        apiServerExtraVolumes: [h.ApiServerVolume.of({ name: 'audit-policy', configMap: 'audit-policy' })],
        apiServerExtraVolumeMounts: [h.ApiServerVolumeMount.of({ name: 'audit-policy', mountPath: '/etc/kubernetes/audit' })],
      } : {}),
    },
    nodeGroups: {
      web: h.NodeGroupSpec.of({
        instanceType: h.InstanceType.S1_LARGE,
        minReplicas: 3,
        maxReplicas: 9,
        roles: [h.NodeRole.INGRESS_NGINX],
        zones: options.zones,
        ...(has(h.PlatformFeature.GROUP_STORAGE_CLASS) ? { storageClass: 'local' } : {}),
        ...(has(h.PlatformFeature.GROUP_HEALTH_CHECK) ? { maxUnhealthy: h.MaxUnhealthy.count(1) } : {}),
      }),
      compute: h.NodeGroupSpec.of({
        instanceType: h.InstanceType.U1_2XLARGE,
        minReplicas: 1,
        maxReplicas: 20,
        diskSize: Size.gibibytes(50),
        roles: [h.NodeRole.of('compute')],
        zones: options.zones,
        storageClass: options.computeStorageClass,
        ...(has(h.PlatformFeature.KUBELET_RESERVATIONS) ? { kubelet: { systemReservedMemory: Size.mebibytes(512), evictionHard: h.MemoryThreshold.percent(5) } } : {}),
      }),
      gpu: h.NodeGroupSpec.of({
        resources: { cpu: Cpu.units(16), memory: Size.gibibytes(64) },
        maxReplicas: 2,
        zones: options.zones,
        gpus: [h.Gpu.NVIDIA_L40S],
        ...(has(h.PlatformFeature.POD_CPU) ? { podCpuRequest: Cpu.units(8), podCpuLimit: Cpu.units(16), logSerialConsole: true } : {}),
      }),
    },
    addons,
    ...(has(h.PlatformFeature.TALOS) ? { talos: { version: 'v1.13.6', ...(has(h.PlatformFeature.TALOS_REGISTRY_MIRRORS) ? { registryMirrors: { 'ghcr.io': { endpoints: ['https://mirror.example.com'] } } } : {}) } } : {}),
    ...(has(h.PlatformFeature.NODE_HEALTH_CHECK) ? { nodeHealthCheck: { maxUnhealthy: h.MaxUnhealthy.percent(40) } } : {}),
    ...(has(h.PlatformFeature.OIDC) ? { oidc: { mode: h.OidcMode.SYSTEM, users: [h.OidcUser.of({ email: 'ops@example.com', role: h.OidcRole.ADMIN })] } } : {}),
    ...(has(h.PlatformFeature.MAX_NODE_PROVISION_TIME) ? { maxNodeProvisionTime: Duration.minutes(20) } : {}),
  });
}

/** Synthesizes an app (running every check) and returns its documents. */
export function synthDocs(app: App): any[] {
  return parseYamlStream(app.synthYaml());
}

/**
 * A cluster document that `check` passes on every line, as hand-written YAML: `spec` lines (indented two
 * spaces, under spec) are appended. Its group runs ingress-nginx unless `ingressRole` is false.
 */
export function clusterYaml(spec = '', ingressRole = true): string {
  return `apiVersion: apps.cozystack.io/v1alpha1
kind: Kubernetes
metadata:
  name: demo
  namespace: tenant-acme
spec:
  version: v1.33
  nodeGroups:
    md0:
      minReplicas: 0
      maxReplicas: 3
      instanceType: s1.large
      ephemeralStorage: 20Gi
      resources: {}
${ingressRole ? '      roles: [ingress-nginx]\n' : ''}${spec}`;
}
