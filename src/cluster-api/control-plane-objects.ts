import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedPlatformContext } from './platform-context';
import { sanitizeResources, SanitizedResources } from './sizing';
import type * as capiModule from '../imports/capi-cluster-cluster.x-k8s.io';
import type * as wmModule from '../imports/cozystack-workloadmonitor-cozystack.io';
import type * as kcpModule from '../imports/kamaji-controlplane-controlplane.cluster.x-k8s.io';
import type * as kvcModule from '../imports/kubevirt-cluster-infrastructure.cluster.x-k8s.io';
import { renderApiServerVolume, renderApiServerVolumeMount } from '../model/control-plane';
import { lazyModule } from '../model/lazy-module';
import { PlatformFeature } from '../model/platform-line';
import { Zone } from '../model/zone';
import { HikubeCluster } from '../tenant/hikube-cluster';

/* eslint-disable @typescript-eslint/no-require-imports */
const capi = lazyModule<typeof capiModule>(() => require('../imports/capi-cluster-cluster.x-k8s.io'));
const wm = lazyModule<typeof wmModule>(() => require('../imports/cozystack-workloadmonitor-cozystack.io'));
const kcp = lazyModule<typeof kcpModule>(() => require('../imports/kamaji-controlplane-controlplane.cluster.x-k8s.io'));
const kvc = lazyModule<typeof kvcModule>(() => require('../imports/kubevirt-cluster-infrastructure.cluster.x-k8s.io'));
/* eslint-enable @typescript-eslint/no-require-imports */

/** Pod and service networks of every tenant cluster (fixed by the platform). */
export const POD_CIDR = '10.243.0.0/16';
export const SERVICE_CIDR = '10.95.0.0/16';
const KONNECTIVITY_PORT = 8132;
/** Konnectivity releases the platform pins for some Kubernetes minors (others use Kamaji's default). */
const KONNECTIVITY_VERSIONS: Record<number, string> = { 35: 'v0.34.0' };
const TALOS_TRUSTD_PORT = 50001;

/** Node label of the zone a platform node runs in. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Node affinity that keeps pods or VMs on the given zones. @internal */
export function zoneAffinity(zones: Zone[]) {
  return {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE_LABEL, operator: 'In', values: zones.map((z) => z.name) }] }],
    },
  };
}

/** Names the platform derives from a cluster. @internal */
export interface ClusterNames {
  /** `kubernetes-<name>`: the release name, and the name of the Cluster API objects. */
  readonly release: string;
  readonly namespace: string;
}

type Wrap<T> = { fromString(value: string): T };

function quantities<L, R>(limits: Wrap<L>, requests: Wrap<R>, r: SanitizedResources) {
  const wrap = <T>(w: Wrap<T>, m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, w.fromString(v)]));
  return { limits: wrap(limits, r.limits), requests: wrap(requests, r.requests) };
}

/**
 * The `Cluster`, `KamajiControlPlane`, its `WorkloadMonitor` and the `KubevirtCluster` of a tenant cluster, as the platform's chart
 * renders them. The control-plane pods are spread over the given zones. The objects exist from now on; the
 * specs that come from the model render when the chart is synthesized, after the checks have passed.
 * @internal
 */
export function renderControlPlane(scope: Construct, cluster: HikubeCluster, names: ClusterNames, ctx: ResolvedPlatformContext, zones: Zone[]): void {
  const { release, namespace } = names;
  const cp = cluster.controlPlane.options;

  new capi.ClusterV1Beta1(scope, 'Cluster', {
    metadata: { name: release, namespace },
    spec: {
      clusterNetwork: { pods: { cidrBlocks: [POD_CIDR] }, services: { cidrBlocks: [SERVICE_CIDR] } },
      controlPlaneRef: { apiVersion: kcp.KamajiControlPlane.GVK.apiVersion, kind: kcp.KamajiControlPlane.GVK.kind, name: release, namespace },
      infrastructureRef: { apiVersion: kvc.KubevirtCluster.GVK.apiVersion, kind: kvc.KubevirtCluster.GVK.kind, name: release, namespace },
    },
  });

  new kcp.KamajiControlPlane(scope, 'KamajiControlPlane', {
    metadata: {
      name: release,
      namespace,
      labels: { 'cluster.x-k8s.io/role': 'control-plane' },
      annotations: { 'kamaji.clastix.io/kubeconfig-secret-key': 'super-admin.svc' },
    },
    spec: Lazy.any({ produce: () => kamajiSpec(cluster, names, ctx, zones) }),
  });

  new wm.WorkloadMonitor(scope, 'WorkloadMonitor', {
    metadata: { name: release, namespace },
    spec: Lazy.any({
      produce: () => ({ replicas: cp.replicas ?? 2, minReplicas: 1, kind: 'kubernetes', type: 'control-plane', selector: { 'kamaji.clastix.io/name': release } }),
    }),
  });

  new kvc.KubevirtCluster(scope, 'KubevirtCluster', {
    metadata: { name: release, namespace, annotations: { 'cluster.x-k8s.io/managed-by': 'kamaji' } },
  });
}

function kamajiSpec(cluster: HikubeCluster, names: ClusterNames, ctx: ResolvedPlatformContext, zones: Zone[]): kcpModule.KamajiControlPlaneSpec {
  const { release, namespace } = names;
  const line = cluster.platformLine;
  const cp = cluster.controlPlane.options;
  const host = cluster.props.host ?? `${release}.${ctx.tenantHost}`;
  const talos = line.supports(PlatformFeature.TALOS);
  const konnectivityVersion = KONNECTIVITY_VERSIONS[cluster.version.minor];
  return {
    replicas: cp.replicas ?? 2,
    version: line.patchVersion(cluster.version)!,
    dataStoreName: ctx.etcdDataStore,
    apiServer: {
      resources: quantities(kcp.KamajiControlPlaneSpecApiServerResourcesLimits, kcp.KamajiControlPlaneSpecApiServerResourcesRequests,
        sanitizeResources(cp.apiServer, line.apiServerPresetDefault)),
      extraArgs: [...(cp.apiServerExtraArgs ?? [])],
      ...(cp.apiServerExtraVolumeMounts ? { extraVolumeMounts: cp.apiServerExtraVolumeMounts.map(renderApiServerVolumeMount) } : {}),
    },
    controllerManager: {
      resources: quantities(kcp.KamajiControlPlaneSpecControllerManagerResourcesLimits,
        kcp.KamajiControlPlaneSpecControllerManagerResourcesRequests,
        sanitizeResources(cp.controllerManager, line.componentPresetDefault)),
    },
    scheduler: {
      resources: quantities(kcp.KamajiControlPlaneSpecSchedulerResourcesLimits, kcp.KamajiControlPlaneSpecSchedulerResourcesRequests,
        sanitizeResources(cp.scheduler, line.componentPresetDefault)),
    },
    addons: {
      konnectivity: {
        ...(konnectivityVersion ? { agent: { version: konnectivityVersion } } : {}),
        server: {
          port: KONNECTIVITY_PORT,
          ...(konnectivityVersion ? { version: konnectivityVersion } : {}),
          resources: quantities(kcp.KamajiControlPlaneSpecAddonsKonnectivityServerResourcesLimits,
            kcp.KamajiControlPlaneSpecAddonsKonnectivityServerResourcesRequests, sanitizeResources(cp.konnectivity, line.componentPresetDefault)),
        },
      },
    },
    kubelet: {
      cgroupfs: kcp.KamajiControlPlaneSpecKubeletCgroupfs.SYSTEMD,
      preferredAddressTypes: [
        kcp.KamajiControlPlaneSpecKubeletPreferredAddressTypes.INTERNAL_IP,
        kcp.KamajiControlPlaneSpecKubeletPreferredAddressTypes.EXTERNAL_IP,
      ],
    },
    network: {
      serviceType: kcp.KamajiControlPlaneSpecNetworkServiceType.CLUSTER_IP,
      ingress: {
        hostname: `${host}:443`,
        className: ctx.ingressClassName,
        extraAnnotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' },
      },
      certSaNs: [`${release}.${namespace}.svc`, `${release}.${namespace}.svc.cluster.local`],
      ...(talos ? {
        additionalServicePorts: [{
          name: 'talos-trustd',
          port: TALOS_TRUSTD_PORT,
          protocol: kcp.KamajiControlPlaneSpecNetworkAdditionalServicePortsProtocol.TCP,
          targetPort: kcp.KamajiControlPlaneSpecNetworkAdditionalServicePortsTargetPort.fromNumber(TALOS_TRUSTD_PORT),
        }],
      } : {}),
    },
    deployment: {
      podAdditionalMetadata: { labels: { 'policy.cozystack.io/allow-to-etcd': 'true' } },
      ...(cp.apiServerExtraVolumes ? { extraVolumes: cp.apiServerExtraVolumes.map(renderApiServerVolume) } : {}),
      ...(zones.length > 1 ? {
        topologySpreadConstraints: [{
          maxSkew: 1,
          topologyKey: ZONE_LABEL,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { 'kamaji.clastix.io/name': release } },
        }],
      } : {}),
      ...(zones.length > 0 ? { affinity: { nodeAffinity: zoneAffinity(zones) } } : {}),
    },
  };
}
