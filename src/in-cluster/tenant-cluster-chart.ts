import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { boundChartProblems, enclosingBound, markBound } from './cluster-objects';
import type * as issuerReferencesModule from './issuer-references';
import type * as networkPortsModule from './network-ports';
import { KubevirtCsiStorageClasses } from '../cluster-api/storage-classes';
import { IngressNginx } from '../model/addons/ingress-nginx';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { appliesTo, tenantClusterServer } from '../model/object-identity';
import type * as objectSizeModule from '../model/object-size';
import { addChecks, finding, invalid, type Finding } from '../model/validation';
import { HikubeCluster } from '../tenant/hikube-cluster';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const objectSize = lazyModule<typeof objectSizeModule>(() => require('../model/object-size'));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const issuerReferences = lazyModule<typeof issuerReferencesModule>(() => require('./issuer-references'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const networkPorts = lazyModule<typeof networkPortsModule>(() => require('./network-ports'));

/** Properties of the chart of objects inside a tenant cluster. */
export interface TenantClusterChartProps {
  /** The cluster these objects are applied to (with its kubeconfig, not the Hikube API). */
  readonly cluster: HikubeCluster;
  /**
   * Platform classes with remote access that appear in the tenant cluster (platform v1.6+).
   * @default ["replicated"]
   */
  readonly remoteAccessibleClasses?: string[];
}

/** Checks of each object of a chart against the rest of the app: issuers it names, ports its NetworkPolicies open. */
const objectChecks = () => [issuerReferences.issuerReferenceWarnings, networkPorts.networkPolicyPortProblems];

/** Class name of the ingress-nginx add-on's IngressClass. */
const INGRESS_CLASS = 'nginx';
/** Namespace the ingress-nginx add-on runs in. */
const INGRESS_NAMESPACE = 'cozy-ingress-nginx';
/** Namespace the Flux add-on runs in. */
const FLUX_NAMESPACE = 'cozy-fluxcd';

/**
 * The objects a team adds inside a Hikube cluster on day 2, bound to the cluster model so that they
 * know which add-ons, storage classes and ingress exist. Synthesized to its own file and applied with the
 * cluster's kubeconfig (or by Flux), not to the Hikube API.
 */
export class TenantClusterChart extends Chart {
  /**
   * The chart that encloses a construct; throws when there is none.
   *
   * @param scope a construct inside a `TenantClusterChart`
   */
  public static enclosing(scope: IConstruct): TenantClusterChart {
    const chart = enclosingBound(scope);
    if (chart) return chart as TenantClusterChart;
    throw invalid('HK-CHART-SCOPE', scope, 'scope', scope.node.path, 'this construct belongs in a TenantClusterChart, which knows the cluster it is applied to');
  }

  /** The cluster. */
  public readonly cluster: HikubeCluster;
  /** Storage class volumes get by default inside the cluster. */
  public readonly defaultStorageClass: string;
  /** Volume snapshot class of the cluster's CSI driver. */
  public readonly snapshotClass: string = 'kubevirt-snapshots';
  /** Ingress class of the ingress-nginx add-on. */
  public readonly ingressClassName: string = INGRESS_CLASS;
  /** Namespace of the ingress controller (for NetworkPolicies that admit it). */
  public readonly ingressNamespace: string = INGRESS_NAMESPACE;
  /** Namespace Flux runs in; its sources and kustomizations go there. */
  public readonly fluxNamespace: string = FLUX_NAMESPACE;
  /** @internal */
  public readonly _platformStorageClasses: readonly string[];

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the cluster the chart is applied to
   */
  public constructor(scope: Construct, id: string, props: TenantClusterChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    checkProps(this, undefined, 'TenantClusterChartProps', props);
    // A cluster of another app is checked and rendered by that app's synth, never by this one.
    if (props.cluster.node.root !== this.node.root) {
      throw invalid('HK-CHART-SCOPE', this, 'cluster', props.cluster.node.path,
        'the cluster belongs to another App, whose synth checks and renders it; build the chart in the cluster\'s app');
    }
    markBound(this);
    this.cluster = props.cluster;
    appliesTo(this, tenantClusterServer(props.cluster.tenantNamespace, props.cluster.clusterName));
    const classes = KubevirtCsiStorageClasses.classesOf(props.cluster, props.remoteAccessibleClasses);
    this.defaultStorageClass = classes.find((c) => c.isDefault)!.name;
    this._platformStorageClasses = classes.map((c) => c.name);
    addChecks(this, () => boundChartProblems(this, objectChecks()));
    objectSize.checkObjectSizes(this);
  }

  /** The ingress-nginx add-on, if the cluster has it. */
  public get ingress(): IngressNginx | undefined {
    const addon = this.cluster.findAddon(IngressNginx.KEY);
    return addon instanceof IngressNginx ? addon : undefined;
  }

  /** The problem when the cluster lacks an add-on a construct needs, else undefined. @internal */
  public _missingAddon(key: string, className: string, what: string): Finding | undefined {
    if (this.cluster.hasAddon(key)) return undefined;
    return finding('HK-ADDON', `addons.${key}`, `${what} requires the ${key} add-on, which cluster ${this.cluster.clusterName} does not enable; add ${className} to its add-ons`);
  }
}
