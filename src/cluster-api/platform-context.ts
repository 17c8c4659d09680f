/**
 * Values the platform injects into every cluster it renders (from the tenant chain and the platform
 * configuration). The tenant API never sees them; the Cluster API rendering needs them.
 */
export interface PlatformContext {
  /**
   * Name of the Kamaji DataStore (the nearest ancestor tenant with its own etcd).
   * @default "tenant-root"
   */
  readonly etcdDataStore?: string;
  /**
   * Ingress class of the nearest ancestor tenant with an ingress; routes the API server and proxied hosts.
   * @default "tenant-root"
   */
  readonly ingressClassName?: string;
  /**
   * The tenant's host; the API server is reachable at `<cluster>.<tenantHost>` unless the cluster sets `host`.
   * @default - required when the cluster has no `host`
   */
  readonly tenantHost?: string;
  /**
   * Namespace of the tenant's monitoring (where the agents ship metrics and logs).
   * @default "tenant-root"
   */
  readonly monitoringNamespace?: string;
  /**
   * Cluster domain of the management cluster.
   * @default "cozy.local"
   */
  readonly clusterDomain?: string;
  /**
   * Ubuntu container disk image of kubeadm workers (platform lines up to v1.5). The platform pins its own;
   * give the one your platform runs.
   * @default - required on kubeadm lines
   */
  readonly kubeadmWorkerImage?: string;
  /**
   * Whether the platform serves `KubernetesNodes` node pools: true on a v1.6.0 platform or one whose operator
   * installed the package, false where it is switched off.
   * @default - what the cluster's platform line serves by default (main serves them, v1.6.1+ and older lines do not)
   */
  readonly servesKubernetesNodes?: boolean;
}

/** The context with defaults applied. @internal */
export interface ResolvedPlatformContext {
  readonly etcdDataStore: string;
  readonly ingressClassName: string;
  readonly tenantHost?: string;
  readonly monitoringNamespace: string;
  readonly clusterDomain: string;
  readonly kubeadmWorkerImage?: string;
}

/** Applies the defaults. @internal */
export function resolveContext(c: PlatformContext = {}): ResolvedPlatformContext {
  return {
    etcdDataStore: c.etcdDataStore ?? 'tenant-root',
    ingressClassName: c.ingressClassName ?? 'tenant-root',
    tenantHost: c.tenantHost,
    monitoringNamespace: c.monitoringNamespace ?? 'tenant-root',
    clusterDomain: c.clusterDomain ?? 'cozy.local',
    kubeadmWorkerImage: c.kubeadmWorkerImage,
  };
}
