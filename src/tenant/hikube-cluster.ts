import { Chart, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { HIKUBE_S3_ENDPOINT } from './bucket-credentials';
import type * as fromManifestModule from './from-manifest';
import { FromManifestOptions } from './from-manifest-options';
import type * as hostClaimsModule from './host-claims';
import type * as lineSchemasModule from './line-schema';
import { nodePoolsOf } from './node-pools';
import type * as specValuesModule from './spec-values';
import { Tenant } from './tenant';
import { TenantResource } from './tenant-resource';
import { Velero } from './velero';
import { placed, type ValidationProblem } from '../diagnostics/problems';
import { Addon, AddonContext } from '../model/addons/addon';
import { Flux } from '../model/addons/flux';
import { GatewayApi } from '../model/addons/gateway-api';
import { GpuOperator } from '../model/addons/gpu-operator';
import { ControlPlane, ControlPlaneOptions } from '../model/control-plane';
import { gitSourceKey } from '../model/git-source';
import { checkArgs, checkProps, nearest } from '../model/guard';
import { checkPlatformDuration, NodeHealthCheckOptions } from '../model/health-check';
import { InstanceType } from '../model/instance-type';
import { KubernetesVersion } from '../model/kubernetes-version';
import { lazyModule } from '../model/lazy-module';
import { NodeGroup, NodeGroupOptions, NodeGroupSpec } from '../model/node-group';
import { NodeRole } from '../model/node-role';
import { appliesTo, HIKUBE_API } from '../model/object-identity';
import type * as objectSizeModule from '../model/object-size';
import { checkOidc, OidcMode, OidcOptions, OidcRole } from '../model/oidc';
import { urlCredentials } from '../model/plain-secrets';
import { PlatformFeature, PlatformLine } from '../model/platform-line';
import { formatSize, sizeToMebibytes } from '../model/quantity';
import { PLATFORM_STORAGE_CLASSES } from '../model/storage-class-catalog';
import { checkTalos, TalosOptions } from '../model/talos';
import { addChecks, addTreeCheck, assertNotFrozen, checkSubdomain, collectWarnings, DNS1035_LABEL, DNS1123_LABEL, type Finding, finding, GIT_URL, invalid, perRun, problem, warn } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lineSchemas = lazyModule<typeof lineSchemasModule>(() => require('./line-schema'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const objectSize = lazyModule<typeof objectSizeModule>(() => require('../model/object-size'));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hostClaims = lazyModule<typeof hostClaimsModule>(() => require('./host-claims'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const specValues = lazyModule<typeof specValuesModule>(() => require('./spec-values'));

// The manifest reader is large and only `fromManifest` needs it: loading the library should not pay for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reader = lazyModule<typeof fromManifestModule>(() => require('./from-manifest'));

/** What is deployed today, for the checks that compare against it. */
export interface DeployedState {
  /**
   * The Kubernetes version the cluster runs now; upgrades go one minor at a time, never down.
   * @default - not checked
   */
  readonly version?: KubernetesVersion;
  /**
   * The storage class the cluster was created with; it cannot change.
   * @default - not checked
   */
  readonly storageClass?: string;
  /**
   * The cluster as it runs now, for instance `HikubeCluster.fromManifest()` of the applied manifest in an app of
   * its own that is never synthesized. Node groups that still run nodes must not disappear, worker disks must
   * not shrink, and a change that replaces every node of a group or removes an add-on is warned, as
   * `cdk8s-hikube diff` does. Its version and storage class stand in for `version` and `storageClass` when
   * those are not given.
   * @default - node groups and add-ons are not compared
   */
  readonly cluster?: HikubeCluster;
}

/** A cluster's Velero, as the check across clusters reads it. */
interface ClusterVelero {
  readonly path: string;
  readonly clusterName: string;
  readonly velero: Velero;
}

/**
 * Clusters writing to one bucket and prefix. Velero syncs every backup it finds in its location into its
 * cluster, so each cluster would list, expire and restore the other's backups as its own; the second
 * cluster of each pair is reported, with the first.
 */
function sharedLocationProblems(clusters: ClusterVelero[]): ValidationProblem[] {
  const first = new Map<string, ClusterVelero>();
  const out: ValidationProblem[] = [];
  for (const c of clusters) {
    const l = c.velero.backupLocation;
    if (l === undefined || l === null || typeof l.s3BucketName !== 'string') continue;
    const key = [l.endpoint ?? HIKUBE_S3_ENDPOINT, l.s3BucketName, l.prefix ?? ''].join('\u0000');
    const other = first.get(key);
    if (!other) {
      first.set(key, c);
      continue;
    }
    const where = l.prefix === undefined ? 'the root of the bucket' : `prefix ${l.prefix}`;
    out.push(placed(c.path, finding('HK-BACKUP-SHARED', `addons.${Velero.KEY}.backupLocation.prefix`,
      `cluster ${other.clusterName} (${other.path}) already writes its backups to ${where} of ${l.s3BucketName}, and each Velero takes the other's backups as its own (listing, expiring, restoring them); give each cluster its own prefix, such as its name`,
      { value: l.prefix ?? null })));
  }
  return out;
}

const SHARED_BACKUPS = Symbol.for('cdk8s-hikube.sharedBackupLocations');

const FIRST_BOOTSTRAPS = Symbol('cdk8s-hikube.firstBootstraps');

/** The clusters of an app, in construct order. */
function clustersOf(root: IConstruct): HikubeCluster[] {
  // Chart overrides instanceof to match any chart.
  return root.node.findAll().filter((c): c is HikubeCluster => HikubeCluster.prototype.isPrototypeOf(c));
}

/** Backup locations shared by two clusters of the app (one pass over the app, not one per cluster). */
function backupLocationsOfApp(root: IConstruct): ValidationProblem[] {
  return sharedLocationProblems(clustersOf(root)
    .flatMap((c) => {
      const velero = c.findAddon(Velero.KEY);
      return velero instanceof Velero ? [{ path: c.node.path, clusterName: c.clusterName, velero }] : [];
    }));
}

/**
 * A cluster bootstrapped from the repository and path of a cluster before it in the app: each Flux applies
 * the same manifests, so a change meant for one cluster reaches the other (and pruning on one removes what
 * the other still needs). A fleet may mean it, so it is a warning, on the second cluster of the pair.
 */
function sharedBootstrapOf(cluster: HikubeCluster): Finding | undefined {
  const sourceOf = (c: HikubeCluster) => {
    const flux = c.findAddon(Flux.KEY);
    const b = flux instanceof Flux ? flux.bootstrap : undefined;
    return typeof b?.url === 'string' && GIT_URL.test(b.url) ? { url: b.url, path: b.path, key: gitSourceKey(b.url, b.path) } : undefined;
  };
  const own = sourceOf(cluster);
  if (!own) return undefined;
  const firsts = perRun(cluster, FIRST_BOOTSTRAPS, (root) => {
    const out = new Map<string, HikubeCluster>();
    for (const c of clustersOf(root)) {
      const key = sourceOf(c)?.key;
      if (key !== undefined && !out.has(key)) out.set(key, c);
    }
    return out;
  });
  const other = firsts.get(own.key);
  if (!other || other === cluster) return undefined;
  return finding('HK-FLUX-SHARED', `addons.${Flux.KEY}.bootstrap.path`,
    `cluster ${other.clusterName} (${other.node.path}) is already bootstrapped from path ${own.path ?? './'} of ${own.url}, so both clusters apply the same manifests and a change for one reaches the other; ` +
    'give each cluster its own path (such as clusters/<name>), or keep one path on purpose for identical clusters', { value: own.path ?? './' });
}

/** Credentials in the Flux bootstrap URL, which the tenant resource would carry in plain text. */
function fluxUrlProblems(flux: Addon | undefined): Finding[] {
  const url = flux instanceof Flux ? flux.bootstrap?.url : undefined;
  const found = typeof url === 'string' ? urlCredentials(url) : undefined;
  if (!found?.found.length) return [];
  return [finding('HK-SECRET-IN-URL', `addons.${Flux.KEY}.bootstrap.url`, `the URL carries ${found.found.join(' and ')}, which the Kubernetes resource would carry in plain text to the Hikube API and to Git; ` +
    'put the credentials in a Secret in the tenant cluster\'s Flux namespace (keys username and password, or bearerToken) and name it in bootstrap.pullSecret', { value: found.masked })];
}

/** Node group fields whose change makes the platform replace the machines of the group, one by one. */
const ROLLING_FIELDS = ['instanceType', 'resources', 'ephemeralStorage', 'diskSize', 'gpus', 'roles', 'kubelet', 'storageClass'];

/**
 * Images the platform runs for a cluster, replacing its defaults for air-gapped or rate-limited registries.
 * Each is an image reference (`registry.example.com/tools/kubectl:1.33`, or with `@sha256:<digest>`).
 */
export interface ClusterImages {
  /**
   * Image of the init container that waits for the cluster's kubeconfig (platform v1.5+).
   * @default - the platform's busybox image
   */
  readonly waitForKubeconfig?: string;
  /**
   * Image of the Job that creates bootstrap tokens in the tenant cluster, with kubectl (platform v1.6+). kubectl
   * works within one minor version of the API server, so its tag should be within one of the cluster's version.
   * @default - the platform's kubectl image
   */
  readonly kubectl?: string;
  /**
   * Image of the talos-csr-signer sidecar of the control plane (platform v1.6+).
   * @default - the platform's talos-csr-signer image
   */
  readonly talosCsrSigner?: string;
}

/** Properties of a Hikube cluster. */
export interface HikubeClusterProps {
  /**
   * Tenant namespace on the Hikube API that holds the cluster, e.g. `tenant-acme`, for a tenant that is not
   * part of the app. Give this or `tenant`, not both.
   * @default - the namespace of `tenant`; without one the document has no `metadata.namespace` and lands in
   * the namespace `kubectl` applies it to
   */
  readonly tenantNamespace?: string;
  /**
   * The tenant of the app that holds the cluster; the cluster lands in its namespace and on its platform line.
   * Give this or `tenantNamespace`, not both.
   * @default - the tenant of `tenantNamespace`
   */
  readonly tenant?: Tenant;
  /**
   * Cluster name: a DNS label of at most 42 characters.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Platform release line to render for.
   * @default - the line of `tenant`, else PlatformLine.DEFAULT (v1.3, what Hikube documents today)
   */
  readonly platformLine?: PlatformLine;
  /**
   * Kubernetes minor version.
   * @default - the newest version of the platform line
   */
  readonly version?: KubernetesVersion;
  /**
   * External host name of the API server.
   * @default - `<name>.<tenant host>`
   */
  readonly host?: string;
  /**
   * Default storage class inside the cluster; immutable after creation.
   * @default - the platform's default (`replicated`)
   */
  readonly storageClass?: string;
  /**
   * Storage classes a self-hosted platform has besides Hikube's `replicated` and `local`. The cluster's
   * `storageClass` and its groups' may name only these (a class the platform lacks leaves the worker disks
   * unprovisioned, so nodes never start). Declared on the cluster rather than in the Cluster API
   * rendering's `PlatformContext`, since the tenant document is checked without that rendering.
   * @default - Hikube's classes only
   */
  readonly platformStorageClasses?: string[];
  /**
   * Control-plane settings.
   * @default - platform defaults (2 replicas, line presets)
   */
  readonly controlPlane?: ControlPlaneOptions;
  /**
   * Node groups by name, each made by `NodeGroupSpec.of()`. More can be added with `addNodeGroup()`.
   * @default - none (the platform then runs its default group `md0`)
   */
  readonly nodeGroups?: { [name: string]: NodeGroupSpec };
  /**
   * Add-ons to enable or configure. More can be added with `addAddon()`.
   * @default - none
   */
  readonly addons?: Addon[];
  /**
   * Talos worker image settings (platform v1.6+).
   * @default - platform defaults
   */
  readonly talos?: TalosOptions;
  /**
   * Machine health checks of the workers (platform v1.6+).
   * @default - platform defaults
   */
  readonly nodeHealthCheck?: NodeHealthCheckOptions;
  /**
   * OIDC authentication of the tenant API server (platform v1.6+).
   * @default - no OIDC
   */
  readonly oidc?: OidcOptions;
  /**
   * How long the autoscaler waits for a new node before giving up (platform main).
   * @default - the platform's default (30m)
   */
  readonly maxNodeProvisionTime?: Duration;
  /**
   * Images the platform runs for the cluster, for registries its defaults cannot reach (platform v1.5+;
   * `kubectl` and `talosCsrSigner` from v1.6).
   * @default - the platform's images
   */
  readonly images?: ClusterImages;
  /**
   * What runs today, to check upgrades and immutable fields against.
   * @default - no comparison
   */
  readonly deployed?: DeployedState;
  /**
   * Labels of the `Kubernetes` resource.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the `Kubernetes` resource.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** The platform's built-in group `md0`, merged into every cluster on lines with an implicit default group. */
const DEFAULT_GROUP_OPTIONS: NodeGroupOptions = {
  instanceType: InstanceType.U1_MEDIUM, minReplicas: 0, maxReplicas: 10, roles: [NodeRole.INGRESS_NGINX],
};
const DEFAULT_GROUP_NAME = 'md0';

/**
 * A managed Kubernetes cluster on Hikube: one `apps.cozystack.io/v1alpha1` `Kubernetes` resource in the
 * tenant namespace, checked against the chosen platform line at synth time.
 */
export class HikubeCluster extends Chart {
  /**
   * A cluster from an existing `Kubernetes` document: YAML text (one document) or the parsed object, as
   * written by hand or as `kubectl get kubernetes NAME -o yaml` prints it. See `FromManifestOptions`.
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param manifest one `Kubernetes` document, as YAML text or a parsed object (such as `kubectl get kubernetes NAME -o yaml` prints)
   * @param options the platform line, and how to read the document
   */
  public static fromManifest(scope: Construct, id: string, manifest: any, options: FromManifestOptions = {}): HikubeCluster {
    const doc = reader.parseManifest(manifest);
    const reading = reader.readManifest(doc, options);
    const deployedVersion = reading.props.version;
    const cluster = new HikubeCluster(scope, id, {
      ...reading.props,
      deployed: {
        version: deployedVersion !== undefined && reading.line.supportsVersion(deployedVersion) ? deployedVersion : undefined,
        storageClass: reading.props.storageClass ?? 'replicated',
      },
    });
    reader.carryOver(cluster, reading.leftover);
    // What reading repaired is a warning whatever the rule's severity among the typed props.
    for (const n of reading.notes) warn(cluster, { ...finding(n.rule, n.path, n.message, n.repair ? { repair: n.repair } : {}), ...(n.kind === 'repair' ? { severity: 'warning' } : {}) });
    return cluster;
  }

  /** Cluster name on the platform. */
  public readonly clusterName: string;
  /** Tenant namespace, when given. */
  public readonly tenantNamespace?: string;
  /** Platform line the cluster is rendered for. */
  public readonly platformLine: PlatformLine;
  /** Kubernetes version the cluster runs (the line's newest when not given). */
  public readonly version: KubernetesVersion;
  /** The control plane. */
  public readonly controlPlane: ControlPlane;
  /** The `Kubernetes` resource; use its `addJsonPatch()` for fields the typed API lacks. */
  public readonly resource: TenantResource;
  /** Properties as given. */
  public readonly props: HikubeClusterProps;

  private readonly groups: NodeGroup[] = [];
  private readonly addonList: Addon[] = [];
  private readonly changeListeners: Array<() => void> = [];

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the cluster: platform line, version, control plane, node groups and add-ons
   */
  public constructor(scope: Construct, id: string, props: HikubeClusterProps) {
    const namespace = checkProps(scope, id, 'HikubeClusterProps', props, { OidcMode, OidcRole }).tenant?.tenantNamespace ?? props.tenantNamespace;
    super(scope, id, { namespace, disableResourceNameHashes: true });
    this.props = props;
    this.clusterName = props.name ?? id;
    this.tenantNamespace = namespace;
    this.platformLine = props.platformLine ?? props.tenant?.platformLine ?? PlatformLine.DEFAULT;
    this.version = props.version ?? this.platformLine.defaultVersion;
    this.controlPlane = new ControlPlane({ ...props.controlPlane, platformLine: this.platformLine });
    for (const [name, spec] of Object.entries(props.nodeGroups ?? {})) this.addNodeGroup(name, spec.options);
    for (const addon of props.addons ?? []) this.addAddon(addon);
    this.resource = new TenantResource(this, 'Resource', this);
    appliesTo(this, HIKUBE_API);
    addChecks(this, () => this.check());
    addTreeCheck(this, SHARED_BACKUPS, backupLocationsOfApp);
    objectSize.checkObjectSizes(this);
  }

  /**
   * Adds a node group. Its name must be unique in the cluster.
   *
   * @param name the group name, a DNS label
   * @param options the group's bounds, size, disk, roles, GPUs and zones
   */
  public addNodeGroup(name: string, options: NodeGroupOptions = {}): NodeGroup {
    assertNotFrozen(this, `nodeGroups.${name}`);
    checkArgs(this, 'HikubeCluster', 'addNodeGroup', [name, options]);
    if (this.groups.some((g) => g.name === name)) {
      throw invalid('HK-NODE-GROUP', this, `nodeGroups.${name}`, name, 'node group names are unique in a cluster; a group with this name already exists');
    }
    const group = new NodeGroup(name, { ...options, platformLine: this.platformLine, clusterName: this.clusterName });
    this.groups.push(group);
    this._changed();
    return group;
  }

  /**
   * Enables or configures an add-on. Each add-on may be added once.
   *
   * @param addon the add-on; each add-on (by its key) is configured once
   */
  public addAddon(addon: Addon): void {
    assertNotFrozen(this, 'addons');
    checkArgs(this, 'HikubeCluster', 'addAddon', [addon]);
    if (this.addonList.some((a) => a.key === addon.key)) {
      throw invalid('HK-ADDON', this, `addons.${addon.key}`, addon.constructor.name, 'each add-on may be configured once; this one is already configured');
    }
    this.addonList.push(addon);
    this._changed();
  }

  /**
   * Calls `listener` after each node group, node pool or add-on added from now on, so that what renders the cluster
   * elsewhere (its Cluster API objects) gets the objects of the addition when it is made.
   * @internal
   */
  public _onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Tells the listeners of `_onChange` that the cluster gained nodes or an add-on (a node pool built on it, too). @internal */
  public _changed(): void {
    this.changeListeners.forEach((listener) => listener());
  }

  /** The node groups, in the order they were added. */
  public get nodeGroups(): NodeGroup[] {
    return [...this.groups];
  }

  /** The configured add-ons, in the order they were added. */
  public get addons(): Addon[] {
    return [...this.addonList];
  }

  /**
   * The add-on with a spec key (e.g. `CertManager.KEY`), if configured.
   *
   * @param key the add-on's spec key
   */
  public findAddon(key: string): Addon | undefined {
    return this.addonList.find((a) => a.key === key);
  }

  /**
   * Whether an add-on is configured.
   *
   * @param key the add-on's spec key
   */
  public hasAddon(key: string): boolean {
    return this.findAddon(key) !== undefined;
  }

  /**
   * Warnings about platform behaviour worth knowing and checks that could not run.
   * Complete once the cluster has been synthesized.
   */
  public get warnings(): string[] {
    return collectWarnings(this);
  }

  /**
   * Secret in the tenant namespace that holds the cluster's admin kubeconfig; Hikube lets tenants read it
   * as a `TenantSecret` of the same name.
   */
  public get adminKubeconfigSecretName(): string {
    return `kubernetes-${this.clusterName}-admin-kubeconfig`;
  }

  /** Key of `adminKubeconfigSecretName` with the kubeconfig for use from outside the platform. */
  public get adminKubeconfigSecretKey(): string {
    return 'super-admin.conf';
  }

  /**
   * The command that writes the admin kubeconfig (run against the Hikube API) to `<cluster>.kubeconfig`,
   * and that file's name, for the printed steps that create Secrets inside the tenant cluster.
   * @internal
   */
  public _kubeconfigStep(): { command: string; file: string } {
    const file = `${this.clusterName}.kubeconfig`;
    const key = this.adminKubeconfigSecretKey.replace(/\./g, '\\.');
    return { file, command: `kubectl -n ${this.tenantNamespace} get tenantsecret ${this.adminKubeconfigSecretName} -o jsonpath='{.data.${key}}' | base64 -d > ${file}` };
  }

  /** The node groups the platform runs: the declared ones, plus its own `md0` where it adds it. */
  public get effectiveNodeGroups(): NodeGroup[] {
    if (!this.addsDefaultGroup) return this.nodeGroups;
    return [...this.groups, new NodeGroup(DEFAULT_GROUP_NAME, {
      ...DEFAULT_GROUP_OPTIONS, platformLine: this.platformLine, clusterName: this.clusterName,
    })];
  }

  /** Whether the platform will add its own `md0` group next to the declared ones. */
  public get addsDefaultGroup(): boolean {
    const declaresMd0 = this.groups.some((g) => g.name === DEFAULT_GROUP_NAME);
    return !declaresMd0 && (this.platformLine.implicitDefaultGroup || this.groups.length === 0);
  }

  private check(): Finding[] {
    const p = this.props;
    const line = this.platformLine;
    const errors: Finding[] = [];
    if (!DNS1035_LABEL.test(this.clusterName) || this.clusterName.length > 42) {
      errors.push(problem('HK-NAME', 'metadata.name', this.clusterName, 'a cluster name must be a lower-case DNS-1035 label (starting with a letter) of at most 42 characters'));
    }
    errors.push(...this.checkTenant());
    const ns = this.tenantNamespace;
    if (ns !== undefined && (typeof ns !== 'string' || !DNS1123_LABEL.test(ns) || ns.length > 63)) {
      errors.push(problem('HK-NAMESPACE', 'metadata.namespace', this.tenantNamespace, 'expected a namespace name: a lower-case DNS label of at most 63 characters'));
    }
    if (!line.supportsVersion(this.version)) {
      errors.push(problem('HK-VERSION', 'version', this.version.toString(), `platform line ${line.name} installs ${line.supportedVersions.join(', ')}`));
    }
    errors.push(...this.controlPlane._check());
    for (const group of this.groups) {
      const findings = group._check();
      errors.push(...findings.errors);
      findings.warnings.forEach((w) => warn(this, w));
      if (group.options.zones?.length) {
        warn(this, finding('HK-ZONES-IGNORED', `nodeGroups.${group.name}.zones`, 'the Hikube tenant API has no zone field, so the Kubernetes resource leaves placement to the platform; the zones apply to the Cluster API rendering'));
      }
      if (group.gpus.length > 0 && !this.hasAddon(GpuOperator.KEY)) {
        warn(this, finding('HK-GPU-OPERATOR', `nodeGroups.${group.name}.gpus`, 'without the GPU operator add-on no driver or device plugin runs, so pods cannot request nvidia.com/gpu on these nodes; add GpuOperator'));
      }
    }
    errors.push(...this.checkDeployed());
    for (const [field, value, what] of [['host', p.host, 'a host name'], ['storageClass', p.storageClass, 'a storage class name']] as const) {
      const err = value !== undefined ? checkSubdomain(field === 'host' ? 'HK-HOST' : 'HK-STORAGE-CLASS-NAME', field, value, what) : undefined;
      if (err) errors.push(err);
    }
    (p.platformStorageClasses ?? []).forEach((c, i) => {
      const err = checkSubdomain('HK-STORAGE-CLASS-NAME', `platformStorageClasses[${i}]`, c, 'a storage class name');
      if (err) errors.push(err);
    });
    this.checkStorageClasses().forEach((w) => warn(this, w));
    errors.push(...this.checkAddons(), ...fluxUrlProblems(this.findAddon(Flux.KEY)));
    errors.push(...this.checkClusterFeatures(), ...this.checkImages());
    const shared = sharedBootstrapOf(this);
    if (shared) warn(this, shared);
    const hosts = hostClaims.hostClaimFindings(this, clustersOf);
    errors.push(...hosts.errors);
    hosts.warnings.forEach((w) => warn(this, w));
    if (this.addsDefaultGroup && this.groups.length > 0) {
      warn(this, finding('HK-DEFAULT-GROUP', 'nodeGroups', `platform line ${line.name} adds its default group md0 (${DEFAULT_GROUP_OPTIONS.instanceType!.name}, ${DEFAULT_GROUP_OPTIONS.minReplicas}-${DEFAULT_GROUP_OPTIONS.maxReplicas} replicas, role ingress-nginx) next to ${this.groups.map((g) => g.name).join(', ')}; declare a group named md0 to size or shrink it`));
    }
    return errors;
  }

  /** Storage classes named by the cluster and its groups that the platform does not have, with the nearest one. */
  private checkStorageClasses(): Finding[] {
    const declared = this.props.platformStorageClasses ?? [];
    const known = [...PLATFORM_STORAGE_CLASSES, ...declared.filter((c) => !PLATFORM_STORAGE_CLASSES.includes(c))];
    const named: Array<[string, string | undefined]> = [
      ['storageClass', this.props.storageClass],
      // An empty group class is omitted by the platform, which then takes the cluster's.
      ...this.groups.map((g): [string, string | undefined] => [`nodeGroups.${g.name}.storageClass`, g.options.storageClass || undefined]),
    ];
    const out: Finding[] = [];
    for (const [field, name] of named) {
      // Malformed names are refused by the name rules; only well-formed unknown ones are compared here.
      if (typeof name !== 'string' || known.includes(name) || checkSubdomain('HK-STORAGE-CLASS-NAME', field, name, '') !== undefined) continue;
      const guess = nearest(name, known);
      out.push(problem('HK-STORAGE-CLASS-UNKNOWN', field, name, `the platform has the storage classes ${known.join(', ')}${guess ? `; did you mean ${guess}?` : ''} `
        + `(Hikube has ${PLATFORM_STORAGE_CLASSES.join(' and ')}; on a self-hosted platform with classes of its own, list them in platformStorageClasses)`));
    }
    return out;
  }

  private checkTenant(): Finding[] {
    const tenant = this.props.tenant;
    if (tenant === undefined) return [];
    if (this.props.tenantNamespace !== undefined) {
      return [problem('HK-CLUSTER-TENANT', 'tenantNamespace', this.props.tenantNamespace, `give the tenant or its namespace, not both (the tenant ${tenant.tenantName} has ${tenant.tenantNamespace})`)];
    }
    if (tenant.platformLine !== this.platformLine) {
      return [problem('HK-CLUSTER-TENANT', 'platformLine', this.platformLine.name, `a cluster runs on its tenant's platform, line ${tenant.platformLine.name}`)];
    }
    return [];
  }

  private checkDeployed(): Finding[] {
    const d = this.props.deployed;
    const errors: Finding[] = [];
    const before = d?.cluster;
    const version = d?.version ?? before?.version;
    if (version) {
      const step = this.version.minor - version.minor;
      if (step < 0) errors.push(problem('HK-UPGRADE', 'version', this.version.toString(), `downgrades are not supported (deployed: ${version})`));
      if (step > 1) errors.push(problem('HK-UPGRADE', 'version', this.version.toString(), `upgrade one minor version at a time; from ${version} the next is v1.${version.minor + 1}`));
    }
    const storageClass = d?.storageClass ?? (before ? before.props.storageClass ?? 'replicated' : undefined);
    if (storageClass !== undefined && (this.props.storageClass ?? 'replicated') !== storageClass) {
      errors.push(problem('HK-STORAGE-CLASS', 'storageClass', this.props.storageClass ?? 'replicated', `storageClass is immutable; the cluster was created with ${JSON.stringify(storageClass)}`));
    }
    if (before) errors.push(...this.checkChangesFrom(before));
    return errors;
  }

  /** What the platform cannot do safely, or does at a cost, when this cluster replaces the deployed one. */
  private checkChangesFrom(before: HikubeCluster): Finding[] {
    const errors: Finding[] = [];
    const now = new Map(this.effectiveNodeGroups.map((g) => [g.name, g]));
    const diskField = this.platformLine.workerDiskField;
    for (const g of before.effectiveNodeGroups) {
      const after = now.get(g.name);
      if (!after) {
        if (g.minReplicas > 0) {
          errors.push(finding('HK-GROUP-REMOVED', `nodeGroups.${g.name}`,
            `removed while minReplicas is ${g.minReplicas}; first scale it to 0 (minReplicas: 0, maxReplicas: 0) and apply, then remove it`));
        }
        continue;
      }
      if (sizeToMebibytes(after.diskSize) < sizeToMebibytes(g.diskSize)) {
        errors.push(finding('HK-DISK-SHRINK', `nodeGroups.${g.name}.${diskField}`,
          `a worker disk cannot shrink (${formatSize(g.diskSize)} -> ${formatSize(after.diskSize)}); keep ${formatSize(g.diskSize)} or create a new group`));
      }
      const old = g._render();
      const next = after._render();
      const rolling = ROLLING_FIELDS.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(next[f]));
      if (rolling.length > 0) {
        warn(this, finding('HK-REPLACES-NODES', `nodeGroups.${g.name}`, `changing ${rolling.join(', ')} replaces every node of the group, one after the other`));
      }
    }
    for (const addon of before.addons) {
      if (!this.hasAddon(addon.key)) {
        warn(this, finding('HK-ADDON-REMOVED', `addons.${addon.key}`, removalMessage(addon.key, this.platformLine)));
      }
    }
    return errors;
  }

  private checkAddons(): Finding[] {
    const errors: Finding[] = [];
    const effectiveGroups = [...this.effectiveNodeGroups, ...nodePoolsOf(this).map((p) => p._nodeGroup())];
    for (const addon of this.addonList) {
      const field = `addons.${addon.key}`;
      if (!this.platformLine.supportsAddon(addon.key)) {
        const first = PlatformLine.firstWithAddon(addon.key);
        const where = first ? `; it exists from line ${first.name}${this.platformLine === PlatformLine.MAIN ? ' and was removed on main' : ''}` : '';
        errors.push(finding('HK-LINE-FIELD', field, `not available on platform line ${this.platformLine.name}${where}`));
        continue;
      }
      const ctx: AddonContext = {
        field,
        has: (key) => this.hasAddon(key),
        effectiveGroups,
        platformLine: this.platformLine,
      };
      const findings = addon._check(ctx);
      errors.push(...findings.errors);
      findings.warnings.forEach((w) => warn(this, w));
    }
    return errors;
  }

  /** Image overrides: each on a line whose schema has it, then as references and kubectl's version skew. */
  private checkImages(): Finding[] {
    const images = this.props.images;
    if (images === undefined) return [];
    const line = this.platformLine;
    const given = Object.entries(images).filter(([, v]) => v !== undefined);
    const hasField = (l: PlatformLine, key: string) => lineSchemas.schemaAt(lineSchemas.lineSchema(l), ['images', key]) !== undefined;
    const errors: Finding[] = [];
    for (const [key] of given) {
      if (hasField(line, key)) continue;
      const first = PlatformLine.all().find((l) => hasField(l, key));
      errors.push(finding('HK-LINE-FIELD', `images.${key}`, `not available on platform line ${line.name}${first ? `; available from line ${first.name}` : ''}`));
    }
    if (errors.length > 0) return errors;
    const found = specValues.imageFindings('images', Object.fromEntries(given), this.version);
    found.warnings.forEach((w) => warn(this, w));
    return found.errors;
  }

  private checkClusterFeatures(): Finding[] {
    const p = this.props;
    const line = this.platformLine;
    const errors: Finding[] = [];
    const fields: Array<[string, unknown, PlatformFeature]> = [
      ['talos', p.talos, PlatformFeature.TALOS],
      ['talos.registryMirrors', p.talos?.registryMirrors, PlatformFeature.TALOS_REGISTRY_MIRRORS],
      ['nodeHealthCheck', p.nodeHealthCheck, PlatformFeature.NODE_HEALTH_CHECK],
      ['nodeHealthCheck.readyUnknownTimeout', p.nodeHealthCheck?.readyUnknownTimeout, PlatformFeature.HEALTH_CHECK_READY_TIMEOUTS],
      ['nodeHealthCheck.readyFalseTimeout', p.nodeHealthCheck?.readyFalseTimeout, PlatformFeature.HEALTH_CHECK_READY_TIMEOUTS],
      ['oidc', p.oidc, PlatformFeature.OIDC],
      ['maxNodeProvisionTime', p.maxNodeProvisionTime, PlatformFeature.MAX_NODE_PROVISION_TIME],
    ];
    for (const [name, value, feature] of fields) {
      if (value !== undefined && !line.supports(feature)) errors.push(finding('HK-LINE-FIELD', name, `${line.describeAvailability(feature)}`));
    }
    if (p.talos) errors.push(...checkTalos(p.talos, this.version));
    if (p.oidc) errors.push(...checkOidc(p.oidc, this.controlPlane.apiServerExtraArgs));
    const hc = p.nodeHealthCheck;
    if (hc?.maxUnhealthy) errors.push(...hc.maxUnhealthy._check('nodeHealthCheck.maxUnhealthy'));
    for (const name of ['nodeStartupTimeout', 'readyUnknownTimeout', 'readyFalseTimeout'] as const) {
      const d = hc?.[name];
      if (d) errors.push(...checkPlatformDuration(`nodeHealthCheck.${name}`, d));
    }
    if (p.maxNodeProvisionTime) errors.push(...checkPlatformDuration('maxNodeProvisionTime', p.maxNodeProvisionTime));
    return errors;
  }
}

/** What turning an add-on off costs; the Gateway API's definitions take the cluster's Gateways and routes with them. */
function removalMessage(key: string, line: PlatformLine): string {
  if (key !== GatewayApi.KEY) return 'removed; the platform uninstalls it from the cluster, with what it manages';
  return GatewayApi._removalDeletesRoutes(line)
    ? `removed; on platform line ${line.name} the platform uninstalls the Gateway API definitions, which deletes every Gateway, HTTPRoute and GRPCRoute of the cluster`
    : `removed; on platform line ${line.name} the Gateway API definitions stay with the cluster's Gateways and routes, and nothing installs or updates them any more`;
}
