import { createHash } from 'crypto';
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterNames, zoneAffinity } from './control-plane-objects';
import { ResolvedPlatformContext } from './platform-context';
import type * as mdModule from '../imports/capi-machinedeployment-cluster.x-k8s.io';
import type * as mhcModule from '../imports/capi-machinehealthcheck-cluster.x-k8s.io';
import type * as wmModule from '../imports/cozystack-workloadmonitor-cozystack.io';
import type * as kubeadmModule from '../imports/kubeadm-configtemplate-bootstrap.cluster.x-k8s.io';
import type * as kmtModule from '../imports/kubevirt-machinetemplate-infrastructure.cluster.x-k8s.io';
import { reservedOnNode } from '../model/kubelet';
import { lazyModule } from '../model/lazy-module';
import { NodeGroup } from '../model/node-group';
import { PlatformFeature, WorkerBootstrap } from '../model/platform-line';
import { cpuToMillis, formatCpu, formatDuration, formatSize } from '../model/quantity';
import { TALOS_DEFAULTS } from '../model/talos';
import { Zone, ZoneShare } from '../model/zone';
import { HikubeCluster } from '../tenant/hikube-cluster';
import { nodePoolsOf } from '../tenant/node-pools';

/* eslint-disable @typescript-eslint/no-require-imports */
const md = lazyModule<typeof mdModule>(() => require('../imports/capi-machinedeployment-cluster.x-k8s.io'));
const mhc = lazyModule<typeof mhcModule>(() => require('../imports/capi-machinehealthcheck-cluster.x-k8s.io'));
const wm = lazyModule<typeof wmModule>(() => require('../imports/cozystack-workloadmonitor-cozystack.io'));
const bootstrap = lazyModule<typeof kubeadmModule>(() => require('../imports/kubeadm-configtemplate-bootstrap.cluster.x-k8s.io'));
const kmt = lazyModule<typeof kmtModule>(() => require('../imports/kubevirt-machinetemplate-infrastructure.cluster.x-k8s.io'));
/* eslint-enable @typescript-eslint/no-require-imports */

const TALOS_CONFIG_TEMPLATE = { apiVersion: 'bootstrap.cluster.x-k8s.io/v1alpha3', kind: 'TalosConfigTemplate' };
/** Ephemeral storage of the VM launcher pod: 2Gi limit, a fortieth of it requested. */
const LAUNCHER_EPHEMERAL = { limits: { 'ephemeral-storage': '2Gi' }, requests: { 'ephemeral-storage': '53687091' } };

/** Sorted-key JSON: the bytes a content hash is taken over. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** First six hex characters of the SHA-256 of a template, as the platform names machine templates. @internal */
export function contentHash(template: unknown): string {
  return createHash('sha256').update(canonical(template)).digest('hex').slice(0, 6);
}

/** The zone shares of a group, or one unpinned share holding the whole group. */
function shares(group: NodeGroup): Array<ZoneShare | { zone: undefined; minReplicas: number; maxReplicas: number }> {
  const zones = group.options.zones ?? [];
  return zones.length > 0 ? Zone.split(zones, group.minReplicas, group.maxReplicas)
    : [{ zone: undefined, minReplicas: group.minReplicas, maxReplicas: group.maxReplicas }];
}

/**
 * The worker objects of one node group: per zone (or once, unpinned) a content-hash named
 * `KubevirtMachineTemplate`, a `MachineDeployment`, a `MachineHealthCheck` and a `WorkloadMonitor`; per group the kubeadm
 * bootstrap template on kubeadm lines (Talos lines reference the `TalosConfigTemplate` the platform's
 * reconcile Job writes, since it carries cluster secrets).
 * @internal
 */
export function renderNodeGroup(scope: Construct, cluster: HikubeCluster, group: NodeGroup, names: ClusterNames, ctx: ResolvedPlatformContext): void {
  const { release, namespace } = names;
  const line = cluster.platformLine;
  const groupName = `${release}-${group.name}`;
  const kubeadm = line.workerBootstrap === WorkerBootstrap.KUBEADM;
  const { apiVersion, kind } = kubeadm ? bootstrap.KubeadmConfigTemplateV1Beta1.GVK : TALOS_CONFIG_TEMPLATE;
  const bootstrapRef = { apiVersion, kind, name: groupName, namespace };
  if (kubeadm) renderKubeadmTemplate(scope, cluster, group, groupName, names);

  for (const share of shares(group)) {
    const mdName = share.zone ? `${groupName}-${share.zone.name}` : groupName;
    const id = share.zone ? `${group.name}-${share.zone.name}` : group.name;
    const selector = { 'cluster.x-k8s.io/cluster-name': release, 'cluster.x-k8s.io/deployment-name': mdName };
    const roleLabels = Object.fromEntries(group.roles.map((r) => [r.labelKey, '']));

    const templateSpec = machineTemplateSpec(cluster, group, mdName, roleLabels, share.zone ? [share.zone] : [], ctx);
    const kmtName = `${mdName}-${contentHash(templateSpec)}`;
    new ApiObject(scope, `${id}-template`, { ...kmt.KubevirtMachineTemplate.GVK, metadata: { name: kmtName, namespace }, spec: templateSpec });

    new md.MachineDeploymentV1Beta1(scope, `${id}-deployment`, {
      metadata: { name: mdName, namespace, annotations: autoscalerAnnotations(cluster, group, share) },
      spec: {
        clusterName: release,
        ...(line.supports(PlatformFeature.AUTOSCALER_OWNS_REPLICAS) ? {} : { replicas: Math.min(Math.max(2, share.minReplicas), share.maxReplicas) }),
        selector: { matchLabels: selector },
        strategy: {
          type: md.MachineDeploymentV1Beta1SpecStrategyType.ROLLING_UPDATE,
          rollingUpdate: {
            maxSurge: md.MachineDeploymentV1Beta1SpecStrategyRollingUpdateMaxSurge.fromNumber(share.maxReplicas),
            maxUnavailable: md.MachineDeploymentV1Beta1SpecStrategyRollingUpdateMaxUnavailable.fromNumber(1),
          },
        },
        template: {
          metadata: { labels: { ...selector, ...roleLabels } },
          spec: {
            clusterName: release,
            version: line.patchVersion(cluster.version),
            ...(share.zone ? { failureDomain: share.zone.name } : {}),
            bootstrap: { configRef: bootstrapRef },
            infrastructureRef: { ...kmt.KubevirtMachineTemplate.GVK, name: kmtName, namespace },
          },
        },
      },
    });

    new mhc.MachineHealthCheckV1Beta1(scope, `${id}-health`, {
      metadata: { name: mdName, namespace },
      spec: healthCheckSpec(cluster, group, release, selector),
    });

    new wm.WorkloadMonitor(scope, `${id}-monitor`, {
      metadata: { name: mdName, namespace },
      spec: { minReplicas: share.minReplicas, kind: 'kubernetes', type: 'worker', selector: { ...selector, 'cluster.x-k8s.io/role': 'worker' } },
    });
  }
}

/**
 * The worker objects of a cluster's `KubernetesNodes` pools: the same as the platform renders for an inline
 * group of the pool's name, with the pool's own defaults.
 * @internal
 */
export function renderNodePools(scope: Construct, cluster: HikubeCluster, names: ClusterNames, ctx: ResolvedPlatformContext): void {
  for (const pool of nodePoolsOf(cluster)) renderNodeGroup(scope, cluster, pool._nodeGroup(), names, ctx);
}

function healthCheckSpec(cluster: HikubeCluster, group: NodeGroup, release: string,
  selector: Record<string, string>): mhcModule.MachineHealthCheckV1Beta1Spec {
  const line = cluster.platformLine;
  const hc = cluster.props.nodeHealthCheck;
  // Before the line had a nodeHealthCheck setting, the platform hard-coded maxUnhealthy 0.
  const fromValues = line.supports(PlatformFeature.NODE_HEALTH_CHECK);
  const configurable = line.supports(PlatformFeature.HEALTH_CHECK_READY_TIMEOUTS);
  const maxUnhealthy = fromValues ? (group.options.maxUnhealthy ?? hc?.maxUnhealthy)?.toString() ?? '50%' : '0';
  const startup = group.options.nodeStartupTimeout ?? hc?.nodeStartupTimeout;
  return {
    clusterName: release,
    maxUnhealthy: maxUnhealthy.endsWith('%') ? mhc.MachineHealthCheckV1Beta1SpecMaxUnhealthy.fromString(maxUnhealthy)
      : mhc.MachineHealthCheckV1Beta1SpecMaxUnhealthy.fromNumber(Number(maxUnhealthy)),
    nodeStartupTimeout: startup ? formatDuration(startup) : configurable ? '20m' : '10m',
    selector: { matchLabels: selector },
    unhealthyConditions: [
      { type: 'Ready', status: 'Unknown', timeout: configurable ? formatDuration(hc?.readyUnknownTimeout ?? Duration.minutes(5)) : '30s' },
      { type: 'Ready', status: 'False', timeout: configurable ? formatDuration(hc?.readyFalseTimeout ?? Duration.minutes(10)) : '300s' },
    ],
  };
}


/** Cluster autoscaler bounds, and the node size it assumes when scaling up from zero. */
function autoscalerAnnotations(cluster: HikubeCluster, group: NodeGroup,
  share: { minReplicas: number; maxReplicas: number }): Record<string, string> {
  const out: Record<string, string> = {
    'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': String(share.minReplicas),
    'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': String(share.maxReplicas),
  };
  const mebibytes = group.memoryMebibytes;
  const millicpu = group.cpuMillis;
  if (cluster.platformLine.supports(PlatformFeature.KUBELET_RESERVATIONS) && mebibytes !== undefined && millicpu !== undefined) {
    const reserved = reservedOnNode(group.options.kubelet ?? {}, { mebibytes, millicpu });
    out['capacity.cluster-autoscaler.kubernetes.io/memory'] = `${Math.floor(mebibytes - reserved.mebibytes)}Mi`;
    out['capacity.cluster-autoscaler.kubernetes.io/cpu'] = `${Math.floor(millicpu - reserved.millicpu)}m`;
  }
  if (cluster.props.maxNodeProvisionTime) {
    out['cluster.x-k8s.io/autoscaling-options-maxnodeprovisiontime'] = formatDuration(cluster.props.maxNodeProvisionTime);
  }
  return out;
}

/** The `spec` of a worker `KubevirtMachineTemplate`. */
function machineTemplateSpec(cluster: HikubeCluster, group: NodeGroup, deploymentName: string, roleLabels: Record<string, string>,
  zones: Zone[], ctx: ResolvedPlatformContext): Record<string, any> {
  const line = cluster.platformLine;
  const o = group.options;
  const talos = line.workerBootstrap === WorkerBootstrap.TALOS;
  const persistentDisk = line.workerDiskField === 'diskSize';
  const storageClassName = o.storageClass || cluster.props.storageClass || 'replicated';
  const disk = formatSize(group.diskSize);

  const disks: any[] = [];
  const volumes: any[] = [];
  const dataVolumeTemplates: any[] = [];
  if (talos) {
    const talosProps = cluster.props.talos;
    const t = {
      imageFactoryUrl: talosProps?.imageFactoryUrl ?? TALOS_DEFAULTS.imageFactoryUrl,
      schematicId: talosProps?.schematicId ?? TALOS_DEFAULTS.schematicId,
      version: talosProps?.version ?? TALOS_DEFAULTS.version,
    };
    dataVolumeTemplates.push({
      metadata: { name: 'disk-system', annotations: { 'cdi.kubevirt.io/storage.usePopulator': 'false' } },
      spec: {
        source: { http: { url: `${t.imageFactoryUrl}/image/${t.schematicId}/${t.version}/openstack-amd64.raw.xz` } },
        storage: { resources: { requests: { storage: disk } }, storageClassName },
      },
    });
    disks.push({ name: 'system', disk: { bus: 'virtio', pciAddress: '0000:07:00.0' }, blockSize: { custom: { logical: 512, physical: 4096 } } });
    volumes.push({ name: 'system', dataVolume: { name: 'disk-system' } });
  } else {
    disks.push({ name: 'system', disk: { bus: 'virtio' } });
    volumes.push({ name: 'system', containerDisk: { image: ctx.kubeadmWorkerImage } });
    if (persistentDisk) {
      dataVolumeTemplates.push({
        metadata: { name: 'disk-kubelet' },
        spec: { source: { blank: {} }, storage: { resources: { requests: { storage: disk } }, storageClassName } },
      });
      disks.push({ name: 'kubelet', disk: { bus: 'virtio' } });
      volumes.push({ name: 'kubelet', dataVolume: { name: 'disk-kubelet' } });
    } else {
      disks.push({ name: 'ephemeral', disk: { bus: 'virtio' } });
      volumes.push({ name: 'ephemeral', emptyDisk: { capacity: disk } });
    }
  }

  const ephemeral = talos || persistentDisk ? LAUNCHER_EPHEMERAL : { limits: { 'ephemeral-storage': disk }, requests: { 'ephemeral-storage': disk } };
  const resources: { limits: Record<string, string>; requests: Record<string, string> } = {
    limits: { ...ephemeral.limits, ...(o.podCpuLimit ? { cpu: formatCpu(o.podCpuLimit) } : {}) },
    requests: { ...ephemeral.requests, ...(o.podCpuRequest ? { cpu: formatCpu(o.podCpuRequest) } : {}) },
  };

  const domain: Record<string, any> = {
    devices: {
      disks,
      interfaces: [{ name: 'default', bridge: {} }],
      ...(group.gpus.length > 0 ? { gpus: group.gpus.map((g, i) => ({ name: `gpu${i + 1}`, deviceName: g.deviceName })) } : {}),
      ...(o.logSerialConsole ? { logSerialConsole: true } : {}),
    },
    resources,
  };
  if (group.sizedByResources) {
    domain.cpu = { threads: 1, cores: cpuToMillis(o.resources!.cpu!) / 1000, sockets: 1 };
    domain.memory = { guest: formatSize(o.resources!.memory!) };
  }

  return {
    template: {
      spec: {
        virtualMachineBootstrapCheck: { checkStrategy: talos ? 'none' : 'ssh' },
        virtualMachineTemplate: {
          metadata: { namespace: cluster.tenantNamespace, labels: roleLabels },
          spec: {
            runStrategy: 'Always',
            ...(group.sizedByResources ? {} : { instancetype: { kind: 'VirtualMachineClusterInstancetype', name: group.instanceType.name } }),
            ...(dataVolumeTemplates.length > 0 ? { dataVolumeTemplates } : {}),
            template: {
              metadata: {
                labels: {
                  'cluster.x-k8s.io/deployment-name': deploymentName,
                  'apps.cozystack.io/application.group': 'apps.cozystack.io',
                  'apps.cozystack.io/application.kind': 'Kubernetes',
                  'apps.cozystack.io/application.name': cluster.clusterName,
                  ...roleLabels,
                },
                annotations: { 'kubevirt.io/allow-pod-bridge-network-live-migration': 'true' },
              },
              spec: {
                domain,
                evictionStrategy: 'External',
                networks: [{ name: 'default', pod: {} }],
                volumes,
                ...(zones.length > 0 ? { affinity: { nodeAffinity: zoneAffinity(zones) } } : {}),
              },
            },
          },
        },
      },
    },
  };
}

function renderKubeadmTemplate(scope: Construct, cluster: HikubeCluster, group: NodeGroup, name: string, names: ClusterNames): void {
  const line = cluster.platformLine;
  const persistent = line.workerDiskField === 'diskSize';
  const label = persistent ? 'persistent' : 'ephemeral';
  const kubeletExtraArgs: Record<string, string> = {};
  if (group.gpus.length > 0 && line.supports(PlatformFeature.GPU_NODE_LABEL)) kubeletExtraArgs['node-labels'] = 'gpu=on';
  const k = group.options.kubelet;
  if (k && line.supports(PlatformFeature.KUBELET_RESERVATIONS)) {
    const reserved = (cpu?: any, mem?: any) => [cpu && `cpu=${formatCpu(cpu)}`, mem && `memory=${formatSize(mem)}`].filter(Boolean).join(',');
    const system = reserved(k.systemReservedCpu, k.systemReservedMemory);
    const kube = reserved(k.kubeReservedCpu, k.kubeReservedMemory);
    if (system) kubeletExtraArgs['system-reserved'] = system;
    if (kube) kubeletExtraArgs['kube-reserved'] = kube;
    if (k.evictionHard) kubeletExtraArgs['eviction-hard'] = `memory.available<${k.evictionHard}`;
    if (k.evictionSoft) kubeletExtraArgs['eviction-soft'] = `memory.available<${k.evictionSoft}`;
  }
  new bootstrap.KubeadmConfigTemplateV1Beta1(scope, `${group.name}-bootstrap`, {
    metadata: { name, namespace: names.namespace },
    spec: {
      template: {
        spec: {
          diskSetup: { filesystems: [{ device: '/dev/vdb', filesystem: 'xfs', label }] },
          mounts: [[`LABEL=${label}`, '/ephemeral', 'xfs', 'defaults']],
          joinConfiguration: {
            nodeRegistration: { kubeletExtraArgs },
            discovery: { bootstrapToken: { apiServerEndpoint: `${names.release}.${names.namespace}.svc:6443` } },
          },
        },
      },
    },
  });
}
