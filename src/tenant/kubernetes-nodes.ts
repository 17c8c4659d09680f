import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type * as documentSchemaModule from './document-schema';
import { HikubeCluster } from './hikube-cluster';
import { addNodePool, nodePoolsOf } from './node-pools';
import type * as specValuesModule from './spec-values';
import { GpuOperator } from '../model/addons/gpu-operator';
import { checkProps } from '../model/guard';
import { MaxUnhealthy } from '../model/health-check';
import { KubernetesVersion } from '../model/kubernetes-version';
import { lazyModule } from '../model/lazy-module';
import { NodeGroup, NodeGroupOptions } from '../model/node-group';
import { appliesTo, HIKUBE_API } from '../model/object-identity';
import { KubernetesNodesServing, PlatformFeature } from '../model/platform-line';
import { renderTalos, TALOS_DEFAULTS, TalosOptions } from '../model/talos';
import { addChecks, checkedJson, DNS1035_LABEL, DNS1123_LABEL, type Finding, finding, problem, warn } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const documentSchema = lazyModule<typeof documentSchemaModule>(() => require('./document-schema'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const specValues = lazyModule<typeof specValuesModule>(() => require('./spec-values'));

/** Properties of a node pool: the group's options, and what binds it to its cluster. */
export interface KubernetesNodesProps extends NodeGroupOptions {
  /** The cluster the pool joins; the pool is applied in its tenant namespace. */
  readonly cluster: HikubeCluster;
  /**
   * Pool name, unique among the cluster's node groups and pools (the platform's implicit `md0` included).
   * The resource is named `<cluster>-<pool>`.
   * @default - the construct id
   */
  readonly pool?: string;
  /**
   * Kubernetes minor version of the pool's workers; must equal the cluster's.
   * @default - the cluster's version
   */
  readonly version?: KubernetesVersion;
  /**
   * Talos worker image settings; each one given must equal the cluster's.
   * @default - the cluster's Talos settings
   */
  readonly talos?: TalosOptions;
  /**
   * Declares that the platform serves `KubernetesNodes` on a line that does not by default: a v1.6.0 platform,
   * or a v1.6.1+ platform whose operator installed the `kubernetes-nodes` application package.
   * @default - what the platform line serves by default (main serves it, v1.6 does not, older lines have no such resource)
   */
  readonly platformServes?: boolean;
}

const API_VERSION = 'apps.cozystack.io/v1alpha1';
const KIND = 'KubernetesNodes';
/** The Helm release `kubernetes-nodes-<cluster>-<pool>` must fit in 53 characters. */
const MAX_NAME = 36;
/** The pool chart's own storage class default, where an inline group falls back to the cluster's class. */
const POOL_STORAGE_CLASS = 'replicated';

/** What the platform context of a cluster's Cluster API rendering declares about serving pools. */
const declaredServing = new WeakMap<HikubeCluster, boolean>();

/** Records what a platform context declares about serving `KubernetesNodes` for a cluster. @internal */
export function declareNodePoolServing(cluster: HikubeCluster, serves: boolean | undefined): void {
  if (serves !== undefined) declaredServing.set(cluster, serves);
}


/**
 * A node pool of a cluster as a resource of its own (`apps.cozystack.io/v1alpha1` `KubernetesNodes`), so a team
 * can own a pool apart from the cluster document. It is applied in the cluster's tenant namespace, named
 * `<cluster>-<pool>`, and takes the cluster's Kubernetes version and Talos settings. Unlike an inline group,
 * its disks default to the `replicated` storage class, not the cluster's, and its health check has its own
 * values, not the cluster's `nodeHealthCheck`.
 *
 * Served by default on platform main (and v1.6.0); v1.6.1 and later stopped activating it, so set
 * `platformServes` where your platform still serves it.
 */
export class KubernetesNodes extends Chart {
  /** The cluster the pool joins. */
  public readonly cluster: HikubeCluster;
  /** The pool name (the part of the resource name after `<cluster>-`). */
  public readonly poolName: string;
  /** Name of the `KubernetesNodes` resource, `<cluster>-<pool>`. */
  public readonly resourceName: string;
  /** The `KubernetesNodes` resource. */
  public readonly resource: ApiObject;
  /** Properties as given. */
  public readonly props: KubernetesNodesProps;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the pool: its cluster, its name and the group's options
   */
  public constructor(scope: Construct, id: string, props: KubernetesNodesProps) {
    super(scope, id, { namespace: checkProps(scope, id, 'KubernetesNodesProps', props).cluster.tenantNamespace, disableResourceNameHashes: true });
    this.props = props;
    this.cluster = props.cluster;
    this.poolName = props.pool ?? id;
    this.resourceName = `${this.cluster.clusterName}-${this.poolName}`;
    addNodePool(this.cluster, this);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name: this.resourceName, namespace: this.cluster.tenantNamespace },
      spec: this.renderSpec(),
    });
    appliesTo(this, HIKUBE_API);
    addChecks(this, () => this.check());
  }

  /** The storage class of the workers' disks. */
  public get storageClass(): string {
    return this.props.storageClass ?? POOL_STORAGE_CLASS;
  }

  /**
   * The pool as the platform runs it, with the pool chart's own defaults where an inline group would take the
   * cluster's. @internal
   */
  public _nodeGroup(): NodeGroup {
    const line = this.cluster.platformLine;
    const configurable = line.supports(PlatformFeature.HEALTH_CHECK_READY_TIMEOUTS);
    return new NodeGroup(this.poolName, {
      ...this.props,
      storageClass: this.storageClass,
      maxUnhealthy: this.props.maxUnhealthy ?? MaxUnhealthy.percent(50),
      nodeStartupTimeout: this.props.nodeStartupTimeout ?? Duration.minutes(configurable ? 20 : 10),
      platformLine: line,
      clusterName: this.cluster.clusterName,
    });
  }

  private group(): NodeGroup {
    return new NodeGroup(this.poolName, { ...this.props, platformLine: this.cluster.platformLine, clusterName: this.cluster.clusterName });
  }

  private renderSpec(): Record<string, unknown> {
    const talos = renderTalos({ ...this.cluster.props.talos, ...this.props.talos });
    return {
      cluster: this.cluster.clusterName,
      ...this.group()._render(),
      version: (this.props.version ?? this.cluster.version).toString(),
      ...(Object.keys(talos).length > 0 ? { talos } : {}),
    };
  }

  private check(): Finding[] {
    const p = this.props;
    const cluster = this.cluster;
    const line = cluster.platformLine;
    const errors: Finding[] = [];
    const serving = line.kubernetesNodesServing;
    const declared = p.platformServes ?? declaredServing.get(cluster);
    if (serving === KubernetesNodesServing.NONE) {
      errors.push(finding('HK-NODES-SERVED', 'cluster', `platform line ${line.name} has no KubernetesNodes resource (it exists from v1.6.0); declare the group in the cluster's nodeGroups`));
    } else if (declared === false) {
      errors.push(finding('HK-NODES-SERVED', 'platformServes', 'the platform is declared not to serve KubernetesNodes; declare the group in the cluster\'s nodeGroups'));
    } else if (serving === KubernetesNodesServing.WHEN_DECLARED && declared !== true) {
      errors.push(finding('HK-NODES-SERVED', 'platformServes', `platforms of line ${line.name} from v1.6.1 do not serve KubernetesNodes; on a v1.6.0 platform or one that installs the kubernetes-nodes package, set platformServes (or servesKubernetesNodes in the platform context), else declare the group in the cluster's nodeGroups`));
    }
    if (!DNS1123_LABEL.test(this.poolName)) {
      errors.push(problem('HK-NODES-NAME', 'pool', this.poolName, 'a pool name must be a lower-case DNS label (letters, digits, "-")'));
    } else if (!DNS1035_LABEL.test(this.resourceName) || this.resourceName.length > MAX_NAME) {
      errors.push(problem('HK-NODES-NAME', 'pool', this.poolName, `the resource <cluster>-<pool> (${this.resourceName}) must be a DNS-1035 label of at most ${MAX_NAME} characters; shorten the pool name to at most ${Math.max(0, MAX_NAME - cluster.clusterName.length - 1)} characters`));
    }
    const group = cluster.effectiveNodeGroups.find((g) => g.name === this.poolName);
    if (group) {
      const implicit = cluster.addsDefaultGroup && group.name === 'md0' ? ' (the platform adds md0 to a cluster that declares no group)' : '';
      errors.push(problem('HK-NODES-POOL', 'pool', this.poolName, `the cluster ${cluster.clusterName} renders a node group of this name itself${implicit}; the platform refuses a pool over it, so name the pool differently`));
    }
    if (nodePoolsOf(cluster).find((other) => other.poolName === this.poolName) !== this) {
      errors.push(problem('HK-NODES-POOL', 'pool', this.poolName, `the cluster ${cluster.clusterName} has another pool of this name`));
    }
    errors.push(...this.checkBinding());
    const findings = this.group()._check();
    const prefix = `nodeGroups.${this.poolName}`;
    const repath = (f: Finding): Finding => ({ ...f, field: f.field.replace(`${prefix}.`, '') });
    // The pool's name is checked above, against the longer name of the pool resource.
    errors.push(...findings.errors.filter((f) => f.field !== prefix).map(repath));
    findings.warnings.forEach((w) => warn(this, repath(w)));
    if (this.group().gpus.length > 0 && !cluster.hasAddon(GpuOperator.KEY)) {
      warn(this, finding('HK-GPU-OPERATOR', 'gpus', `without the GPU operator add-on of the cluster ${cluster.clusterName} no driver or device plugin runs, so pods cannot request nvidia.com/gpu on these nodes; add GpuOperator`));
    }
    const clusterClass = cluster.props.storageClass;
    if (p.storageClass === undefined && clusterClass !== undefined && clusterClass !== POOL_STORAGE_CLASS) {
      warn(this, finding('HK-NODES-STORAGE-CLASS', 'storageClass', `the pool's disks get ${POOL_STORAGE_CLASS}, not the cluster's ${clusterClass} (an inline group would take the cluster's); set storageClass to choose`));
    }
    errors.push(...this.checkDocument());
    return errors;
  }

  /** The final document, JSON patches included: its schema, then the values the patches set, as the typed props are checked. */
  private checkDocument(): Finding[] {
    const line = this.cluster.platformLine;
    const spec = checkedJson(this, this.resource).spec ?? {};
    const model = this.renderSpec();
    const refused = new Set<string>();
    const errors = documentSchema.checkDocumentSchema(this, 'KubernetesNodes', line, spec, model, refused);
    const values = specValues.checkSpecValues(spec, { shape: 'pool', diskField: line.workerDiskField, version: this.props.version ?? this.cluster.version, model, refused });
    values.warnings.forEach((w) => warn(this, w));
    return [...errors, ...values.errors];
  }

  /** The version and Talos settings the pool must share with its cluster; a pool is placed by the platform. */
  private checkBinding(): Finding[] {
    const p = this.props;
    const cluster = this.cluster;
    const errors: Finding[] = [];
    if (p.version !== undefined && p.version.minor !== cluster.version.minor) {
      errors.push(problem('HK-NODES-BINDING', 'version', p.version.toString(), `a pool runs its cluster's version, ${cluster.version}; leave version unset to follow it`));
    }
    const own = p.talos ?? {};
    const parent: TalosOptions = { ...TALOS_DEFAULTS, ...cluster.props.talos };
    for (const key of ['version', 'imageFactoryUrl', 'installerRepository', 'schematicId'] as const) {
      if (own[key] !== undefined && own[key] !== parent[key]) {
        errors.push(problem('HK-NODES-BINDING', `talos.${key}`, own[key], `a pool boots the cluster's Talos image (${parent[key]}); leave it unset to follow the cluster`));
      }
    }
    if (own.registryMirrors !== undefined && JSON.stringify(own.registryMirrors) !== JSON.stringify(cluster.props.talos?.registryMirrors ?? {})) {
      errors.push(problem('HK-NODES-BINDING', 'talos.registryMirrors', own.registryMirrors, 'a pool uses the cluster\'s registry mirrors; leave them unset to follow the cluster'));
    }
    if (p.zones !== undefined) {
      errors.push(problem('HK-NODES-BINDING', 'zones', p.zones.map((z) => z.name), 'a KubernetesNodes pool has no zones; the platform places its workers'));
    }
    return errors;
  }
}
