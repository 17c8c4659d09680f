import { CILIUM_ADDON, COREDNS_ADDON, VERTICAL_POD_AUTOSCALER_ADDON } from './addons/always-on';
import { CERT_MANAGER_ADDON } from './addons/cert-manager';
import type { AddonDescriptor } from './addons/descriptor';
import { FLUX_ADDON } from './addons/flux';
import { GATEWAY_API_ADDON } from './addons/gateway-api';
import { GPU_OPERATOR_ADDON } from './addons/gpu-operator';
import { HAMI_ADDON } from './addons/hami';
import { INGRESS_NGINX_ADDON } from './addons/ingress-nginx';
import { MONITORING_AGENTS_ADDON } from './addons/monitoring-agents';
import { OUROBOROS_ADDON } from './addons/ouroboros';
import { KubernetesVersion } from './kubernetes-version';
import { ResourcesPreset } from './resources-preset';

// The package exports the add-ons from here, next to the table that lists them: adding an add-on touches its
// own file and this one.
export { type AlwaysOnAddonProps, Cilium, CoreDns, VerticalPodAutoscaler } from './addons/always-on';
export { CertManager, type CertManagerProps } from './addons/cert-manager';
export { Flux, type FluxBootstrapSource, type FluxProps } from './addons/flux';
export { GatewayApi } from './addons/gateway-api';
export { GpuOperator, type GpuOperatorProps } from './addons/gpu-operator';
export { Hami, type HamiProps } from './addons/hami';
export { ExposeMethod, IngressNginx, type IngressNginxProps } from './addons/ingress-nginx';
export { MonitoringAgents, type MonitoringAgentsProps } from './addons/monitoring-agents';
export { Ouroboros, type OuroborosProps } from './addons/ouroboros';

/** Optional parts of the `Kubernetes` spec that exist only on some platform lines. */
export enum PlatformFeature {
  /** Per-group `storageClass` for the worker disk. */
  GROUP_STORAGE_CLASS = 'group-storage-class',
  /** Per-group `kubelet` reservations and eviction thresholds. */
  KUBELET_RESERVATIONS = 'kubelet-reservations',
  /** Control-plane presets named `<series>.<size>` (`c1.medium`, ...). */
  SERIES_PRESETS = 'series-presets',
  /** Talos worker image settings (`talos`). */
  TALOS = 'talos',
  /** Cluster-wide `nodeHealthCheck`. */
  NODE_HEALTH_CHECK = 'node-health-check',
  /** Per-group `maxUnhealthy` and `nodeStartupTimeout`. */
  GROUP_HEALTH_CHECK = 'group-health-check',
  /** `oidc` authentication for the tenant API server. */
  OIDC = 'oidc',
  /** `controlPlane.apiServer.extraArgs`, `extraVolumes`, `extraVolumeMounts`. */
  API_SERVER_EXTRAS = 'api-server-extras',
  /** `maxNodeProvisionTime` for the cluster autoscaler. */
  MAX_NODE_PROVISION_TIME = 'max-node-provision-time',
  /** `nodeHealthCheck.readyUnknownTimeout` and `readyFalseTimeout`. */
  HEALTH_CHECK_READY_TIMEOUTS = 'health-check-ready-timeouts',
  /** `talos.registryMirrors`. */
  TALOS_REGISTRY_MIRRORS = 'talos-registry-mirrors',
  /** Per-group `podCpuLimit` and `podCpuRequest`. */
  POD_CPU = 'pod-cpu',
  /** Per-group `logSerialConsole`. */
  LOG_SERIAL_CONSOLE = 'log-serial-console',
  /** Remote-accessible platform storage classes appear in tenant clusters under their own names. */
  PROPAGATED_STORAGE_CLASSES = 'propagated-storage-classes',
  /** Add-on charts come from ExternalArtifacts rather than the platform's Helm repository. */
  ADDON_ARTIFACTS = 'addon-artifacts',
  /** GPU workers carry the node label `gpu=on`. */
  GPU_NODE_LABEL = 'gpu-node-label',
  /** Machine deployments leave `replicas` to the cluster autoscaler instead of seeding it. */
  AUTOSCALER_OWNS_REPLICAS = 'autoscaler-owns-replicas',
  /** The network and storage add-on releases retry failed installs and upgrades instead of remediating. */
  ADDON_RETRY_STRATEGY = 'addon-retry-strategy',
  /** A `Bucket` declares its users, each with a credentials Secret `bucket-<name>-<user>-credentials`. */
  BUCKET_USERS = 'bucket-users',
}

/** Whether a platform line serves `KubernetesNodes`, the node pool of a cluster as a resource of its own. */
export enum KubernetesNodesServing {
  /** The line has no such resource. */
  NONE = 'none',
  /** The line has the resource, but a platform serves it only when it declares so (v1.6.0; v1.6.1+ stopped activating it). */
  WHEN_DECLARED = 'when-declared',
  /** Every platform of the line serves it. */
  BY_DEFAULT = 'by-default',
}

/** How a platform line bootstraps worker nodes. */
export enum WorkerBootstrap {
  /** Ubuntu images joined with kubeadm (`KubeadmConfigTemplate`). */
  KUBEADM = 'kubeadm',
  /** Talos Linux (`TalosConfigTemplate`). */
  TALOS = 'talos',
}

interface LineSpec {
  readonly name: string;
  readonly release: string;
  readonly schemaFile: string;
  readonly workerDiskField: 'ephemeralStorage' | 'diskSize';
  /** Node groups must carry `resources` (`{}` when sized by instance type). */
  readonly groupResourcesRequired: boolean;
  /** The platform merges its own `md0` group into every cluster. */
  readonly implicitDefaultGroup: boolean;
  /** Minor version to full patch version the platform installs, newest first; the first is the default. */
  readonly patches: ReadonlyArray<readonly [number, string]>;
  readonly addons: readonly string[];
  readonly features: readonly PlatformFeature[];
  readonly apiServerPreset: string;
  readonly componentPreset: string;
  readonly bootstrap: WorkerBootstrap;
  /** The published value schema of the `Bucket` application the line follows, if it has per-user buckets. */
  readonly bucketSchemaFile?: string;
  /** The published value schema of the `Tenant` application of the line. */
  readonly tenantSchemaFile: string;
  /** Fields of the `Tenant` spec the line has. */
  readonly tenantFields: readonly string[];
  /** Whether the API checks a child tenant's quotas against its parent's (v1.6.0+). */
  readonly tenantQuotaHierarchy: boolean;
  /** Whether a tenant's `host` is left to cluster administrators (an admission policy from v1.5.0). */
  readonly tenantHostAdminOnly: boolean;
  readonly kubernetesNodes: KubernetesNodesServing;
  /** The published value schema of the `KubernetesNodes` application, where the line has it. */
  readonly kubernetesNodesSchemaFile?: string;
}

const TENANT_FIELDS = ['host', 'etcd', 'monitoring', 'ingress', 'seaweedfs', 'resourceQuotas'];
const V1_3_TENANT_FIELDS = [...TENANT_FIELDS, 'schedulingClass'];
const V1_5_TENANT_FIELDS = [...V1_3_TENANT_FIELDS, 'gateway'];

/**
 * Every add-on the library models, in the order the platform lists their releases (the cluster network's
 * first, see `AddonRelease.network`): the reader of manifests, the release renderer and the chart checks read
 * these descriptors. An add-on whose class needs a later layer is named by its key, and that layer's add-on
 * table gives its descriptor (Velero, whose backup location names a tenant bucket: `src/tenant/addon-table.ts`).
 */
const ADDONS: ReadonlyArray<AddonDescriptor | string> = [
  CILIUM_ADDON, COREDNS_ADDON, GATEWAY_API_ADDON, CERT_MANAGER_ADDON, INGRESS_NGINX_ADDON, GPU_OPERATOR_ADDON, HAMI_ADDON,
  MONITORING_AGENTS_ADDON, VERTICAL_POD_AUTOSCALER_ADDON, 'velero', OUROBOROS_ADDON, FLUX_ADDON,
];

/** Spec keys of the add-ons each line offers. */
const BASE_ADDONS = ['certManager', 'cilium', 'coredns', 'fluxcd', 'gatewayAPI', 'gpuOperator', 'ingressNginx',
  'monitoringAgents', 'velero', 'verticalPodAutoscaler'];
const V1_4_ADDONS = [...BASE_ADDONS, 'hami', 'ouroboros'];
const V1_4_FEATURES = [PlatformFeature.ADDON_ARTIFACTS, PlatformFeature.BUCKET_USERS, PlatformFeature.GPU_NODE_LABEL,
  PlatformFeature.GROUP_STORAGE_CLASS, PlatformFeature.KUBELET_RESERVATIONS, PlatformFeature.SERIES_PRESETS];
const V1_6_FEATURES = [...V1_4_FEATURES, PlatformFeature.AUTOSCALER_OWNS_REPLICAS, PlatformFeature.PROPAGATED_STORAGE_CLASSES,
  PlatformFeature.TALOS, PlatformFeature.NODE_HEALTH_CHECK, PlatformFeature.GROUP_HEALTH_CHECK, PlatformFeature.OIDC,
  PlatformFeature.API_SERVER_EXTRAS];
const V1_0_PATCHES = [[35, 'v1.35.1'], [34, 'v1.34.4'], [33, 'v1.33.8'], [32, 'v1.32.12'], [31, 'v1.31.14'], [30, 'v1.30.14']] as const;
const V1_6_PATCHES = [[35, 'v1.35.6'], [34, 'v1.34.9'], [33, 'v1.33.13'], [32, 'v1.32.13'], [31, 'v1.31.14']] as const;

/**
 * Everything that differs between platform release lines, in one table.
 * Facts come from the platform's published value schemas and chart sources of each release.
 */
const LINES: Record<string, LineSpec> = {
  'v0.41': {
    name: 'v0.41',
    release: 'v0.41.11',
    schemaFile: 'values.schema.v0.41.11.json',
    workerDiskField: 'ephemeralStorage',
    groupResourcesRequired: true,
    implicitDefaultGroup: true,
    patches: [[33, 'v1.33.0'], [32, 'v1.32.10'], [31, 'v1.31.14'], [30, 'v1.30.14'], [29, 'v1.29.15'], [28, 'v1.28.15']],
    addons: BASE_ADDONS,
    features: [],
    apiServerPreset: 'large',
    componentPreset: 'micro',
    bootstrap: WorkerBootstrap.KUBEADM,
    tenantSchemaFile: 'values.schema.v0.41.11.json',
    tenantFields: [...TENANT_FIELDS, 'isolated'],
    tenantQuotaHierarchy: false,
    tenantHostAdminOnly: false,
    kubernetesNodes: KubernetesNodesServing.NONE,
  },
  'v1.3': {
    name: 'v1.3',
    release: 'v1.3.6',
    schemaFile: 'values.schema.v1.3.6.json',
    workerDiskField: 'ephemeralStorage',
    groupResourcesRequired: true,
    implicitDefaultGroup: true,
    patches: V1_0_PATCHES,
    addons: BASE_ADDONS,
    features: [PlatformFeature.ADDON_ARTIFACTS, PlatformFeature.BUCKET_USERS],
    apiServerPreset: 'large',
    componentPreset: 'micro',
    bootstrap: WorkerBootstrap.KUBEADM,
    bucketSchemaFile: 'values.schema.v1.3.6.json',
    tenantSchemaFile: 'values.schema.v1.3.6.json',
    tenantFields: V1_3_TENANT_FIELDS,
    tenantQuotaHierarchy: false,
    tenantHostAdminOnly: false,
    kubernetesNodes: KubernetesNodesServing.NONE,
  },
  'v1.5': {
    name: 'v1.5',
    release: 'v1.5.4',
    schemaFile: 'values.schema.v1.5.4.json',
    workerDiskField: 'diskSize',
    groupResourcesRequired: false,
    implicitDefaultGroup: true,
    patches: V1_0_PATCHES,
    addons: V1_4_ADDONS,
    features: V1_4_FEATURES,
    apiServerPreset: 'c1.medium',
    componentPreset: 't1.micro',
    bootstrap: WorkerBootstrap.KUBEADM,
    // The Bucket fields are the same at v1.3.6 and v1.6.2, so v1.5.4 between them follows the older file.
    bucketSchemaFile: 'values.schema.v1.3.6.json',
    tenantSchemaFile: 'values.schema.v1.5.4.json',
    tenantFields: V1_5_TENANT_FIELDS,
    tenantQuotaHierarchy: false,
    tenantHostAdminOnly: true,
    kubernetesNodes: KubernetesNodesServing.NONE,
  },
  'v1.6': {
    name: 'v1.6',
    release: 'v1.6.2',
    schemaFile: 'values.schema.v1.6.2.json',
    workerDiskField: 'diskSize',
    groupResourcesRequired: false,
    implicitDefaultGroup: false,
    patches: V1_6_PATCHES,
    addons: V1_4_ADDONS,
    features: V1_6_FEATURES,
    apiServerPreset: 'c1.medium',
    componentPreset: 't1.micro',
    bootstrap: WorkerBootstrap.TALOS,
    bucketSchemaFile: 'values.schema.v1.6.2.json',
    tenantSchemaFile: 'values.schema.v1.6.2.json',
    tenantFields: V1_5_TENANT_FIELDS,
    tenantQuotaHierarchy: true,
    tenantHostAdminOnly: true,
    // v1.6.0 serves it; v1.6.1 and v1.6.2 have the chart but do not activate it.
    kubernetesNodes: KubernetesNodesServing.WHEN_DECLARED,
    kubernetesNodesSchemaFile: 'values.schema.v1.6.2.json',
  },
  'main': {
    name: 'main',
    release: 'main',
    schemaFile: 'values.schema.json',
    workerDiskField: 'diskSize',
    groupResourcesRequired: false,
    implicitDefaultGroup: false,
    patches: V1_6_PATCHES,
    addons: V1_4_ADDONS.filter((a) => a !== 'fluxcd'),
    features: [...V1_6_FEATURES, PlatformFeature.MAX_NODE_PROVISION_TIME, PlatformFeature.HEALTH_CHECK_READY_TIMEOUTS,
      PlatformFeature.TALOS_REGISTRY_MIRRORS, PlatformFeature.POD_CPU, PlatformFeature.LOG_SERIAL_CONSOLE, PlatformFeature.ADDON_RETRY_STRATEGY],
    apiServerPreset: 'c1.medium',
    componentPreset: 't1.micro',
    bootstrap: WorkerBootstrap.TALOS,
    bucketSchemaFile: 'values.schema.v1.6.2.json',
    tenantSchemaFile: 'values.schema.json',
    tenantFields: [...V1_5_TENANT_FIELDS, 'computeplane'],
    tenantQuotaHierarchy: true,
    tenantHostAdminOnly: true,
    kubernetesNodes: KubernetesNodesServing.BY_DEFAULT,
    kubernetesNodesSchemaFile: 'values.schema.json',
  },
};

/**
 * A platform release line: which `Kubernetes` spec a cluster is rendered for.
 *
 * Hikube runs Cozystack; each line accepts a slightly different spec (worker disk field, allowed
 * Kubernetes versions, presets, add-ons, optional fields). Pick the line your platform runs.
 */
export class PlatformLine {
  /** Cozystack v0.41 (Kubernetes v1.28 - v1.33, `ephemeralStorage`). */
  public static readonly V0_41 = new PlatformLine(LINES['v0.41']);
  /** Cozystack v1.0 - v1.3 (Kubernetes v1.30 - v1.35, `ephemeralStorage`): what Hikube documents today. */
  public static readonly V1_3 = new PlatformLine(LINES['v1.3']);
  /** Cozystack v1.4 - v1.5 (`diskSize`, series presets, kubelet reservations, hami, ouroboros). */
  public static readonly V1_5 = new PlatformLine(LINES['v1.5']);
  /** Cozystack v1.6 (Talos workers, Kubernetes v1.31 - v1.35, OIDC, health checks). */
  public static readonly V1_6 = new PlatformLine(LINES['v1.6']);
  /** Cozystack main branch, unreleased (no Flux add-on, provisioning and pod CPU settings). */
  public static readonly MAIN = new PlatformLine(LINES.main);
  /** The line Hikube documents today. */
  public static readonly DEFAULT = PlatformLine.V1_3;

  /** All lines, oldest first. */
  public static all(): PlatformLine[] {
    return [this.V0_41, this.V1_3, this.V1_5, this.V1_6, this.MAIN];
  }

  /**
   * The oldest line that has a feature, for error messages; undefined if none has it.
   *
   * @param feature the optional part of the spec
   */
  public static firstWith(feature: PlatformFeature): PlatformLine | undefined {
    return this.all().find((l) => l.supports(feature));
  }

  /**
   * The oldest line that offers an add-on (by its spec key, e.g. `hami`); undefined if none does.
   *
   * @param key the add-on's spec key
   */
  public static firstWithAddon(key: string): PlatformLine | undefined {
    return this.all().find((l) => l.supportsAddon(key));
  }

  /**
   * Every add-on, in the platform's order: descriptors, and the keys of add-ons whose descriptor a later layer
   * gives. @internal
   */
  public static _addonTable(): ReadonlyArray<AddonDescriptor | string> {
    return ADDONS;
  }

  private presets?: Set<string>;

  private constructor(private readonly spec: LineSpec) {}

  /** Short name, e.g. `v1.3`. */
  public get name(): string {
    return this.spec.name;
  }

  /** The release whose published schema this line follows, e.g. `v1.3.6`. */
  public get release(): string {
    return this.spec.release;
  }

  /** File name of the platform's value schema for this line (`values.schema.<release>.json`). */
  public get schemaFile(): string {
    return this.spec.schemaFile;
  }

  /**
   * File name of the platform's `Bucket` value schema this line follows; undefined on lines whose buckets
   * predate per-user credentials.
   */
  public get bucketSchemaFile(): string | undefined {
    return this.spec.bucketSchemaFile;
  }

  /** File name of the platform's `Tenant` value schema for this line. */
  public get tenantSchemaFile(): string {
    return this.spec.tenantSchemaFile;
  }

  /** Fields of the `Tenant` spec this line has. */
  public get tenantFields(): string[] {
    return [...this.spec.tenantFields];
  }

  /** Whether the platform refuses a child tenant's quotas beyond what its parent has left (v1.6.0+). */
  public get tenantQuotaHierarchy(): boolean {
    return this.spec.tenantQuotaHierarchy;
  }

  /** Whether only cluster administrators may set a tenant's `host` (v1.5+). */
  public get tenantHostAdminOnly(): boolean {
    return this.spec.tenantHostAdminOnly;
  }

  /** Whether platforms of this line serve `KubernetesNodes`. */
  public get kubernetesNodesServing(): KubernetesNodesServing {
    return this.spec.kubernetesNodes;
  }

  /** File name of the platform's `KubernetesNodes` value schema for this line; undefined where the line has none. */
  public get kubernetesNodesSchemaFile(): string | undefined {
    return this.spec.kubernetesNodesSchemaFile;
  }

  /** Spec field that holds a worker's system disk size: `ephemeralStorage` or `diskSize`. */
  public get workerDiskField(): string {
    return this.spec.workerDiskField;
  }

  /** Whether every node group must carry `resources` (as `{}` when sized by instance type). */
  public get groupResourcesRequired(): boolean {
    return this.spec.groupResourcesRequired;
  }

  /** Whether the platform adds its default `md0` group to every cluster, even one that declares others. */
  public get implicitDefaultGroup(): boolean {
    return this.spec.implicitDefaultGroup;
  }

  /** How workers are bootstrapped. */
  public get workerBootstrap(): WorkerBootstrap {
    return this.spec.bootstrap;
  }

  /** Kubernetes versions this line installs, newest first. */
  public get supportedVersions(): KubernetesVersion[] {
    return this.spec.patches.map(([minor]) => KubernetesVersion.of(`v1.${minor}`));
  }

  /** The version the platform installs when none is given. */
  public get defaultVersion(): KubernetesVersion {
    return this.supportedVersions[0];
  }

  /** Spec keys of the add-ons this line offers. */
  public get addons(): string[] {
    return [...this.spec.addons];
  }

  /** Default `resourcesPreset` of the API server. */
  public get apiServerPresetDefault(): ResourcesPreset {
    return ResourcesPreset.named(this.spec.apiServerPreset);
  }

  /** Default `resourcesPreset` of controller manager, scheduler and konnectivity. */
  public get componentPresetDefault(): ResourcesPreset {
    return ResourcesPreset.named(this.spec.componentPreset);
  }

  /**
   * Whether the line has an optional part of the spec.
   *
   * @param feature the optional part of the spec
   */
  public supports(feature: PlatformFeature): boolean {
    return this.spec.features.includes(feature);
  }

  /**
   * Whether the line offers an add-on, by spec key.
   *
   * @param key the add-on's spec key
   */
  public supportsAddon(key: string): boolean {
    return this.spec.addons.includes(key);
  }

  /**
   * Whether the line installs a Kubernetes version.
   *
   * @param version the minor version
   */
  public supportsVersion(version: KubernetesVersion): boolean {
    return this.spec.patches.some(([minor]) => minor === version.minor);
  }

  /**
   * The full patch version the platform installs for a minor version, e.g. `v1.35.6`; undefined if unsupported.
   *
   * @param version the minor version
   */
  public patchVersion(version: KubernetesVersion): string | undefined {
    return this.spec.patches.find(([minor]) => minor === version.minor)?.[1];
  }

  /** Names accepted as a control-plane `resourcesPreset` on this line. */
  public get presetNames(): string[] {
    return [...this.presetNameSet()];
  }

  /**
   * Whether a control-plane preset is accepted on this line.
   *
   * @param preset the control-plane preset
   */
  public supportsPreset(preset: ResourcesPreset): boolean {
    return this.presetNameSet().has(preset.name);
  }

  private presetNameSet(): Set<string> {
    if (!this.presets) {
      const legacy = ResourcesPreset.legacy().map((p) => p.name);
      const series = this.supports(PlatformFeature.SERIES_PRESETS) ? ResourcesPreset.seriesPresets().map((p) => p.name) : [];
      this.presets = new Set([...series, ...legacy]);
    }
    return this.presets;
  }

  /**
   * An error fragment naming where a feature is available, e.g. `available from platform line v1.6`.
   *
   * @param feature the optional part of the spec
   */
  public describeAvailability(feature: PlatformFeature): string {
    const first = PlatformLine.firstWith(feature);
    return `not available on platform line ${this.name}${first ? `; available from line ${first.name}` : ''}`;
  }
}
