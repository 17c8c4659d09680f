import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { renderAddonReleases } from './addon-releases';
import { ClusterNames, renderControlPlane } from './control-plane-objects';
import { renderNodeGroup, renderNodePools } from './node-group-objects';
import { PlatformContext, ResolvedPlatformContext, resolveContext } from './platform-context';
import { checkProps } from '../model/guard';
import { appliesTo, MANAGEMENT_CLUSTER } from '../model/object-identity';
import { WorkerBootstrap } from '../model/platform-line';
import { addChecks, checkSubdomain, problem, type Finding } from '../model/validation';
import { Zone } from '../model/zone';
import { HikubeCluster } from '../tenant/hikube-cluster';
import { declareNodePoolServing } from '../tenant/kubernetes-nodes';

/** A container image reference: lower-case repository path, optional tag and digest. */
const IMAGE_REFERENCE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Properties of a Cluster API rendering. */
export interface ClusterApiRenderingProps {
  /** The cluster to render; the same model that gives the Hikube tenant resource. */
  readonly cluster: HikubeCluster;
  /**
   * Values the platform injects (etcd data store, ingress class, tenant host, ...).
   * @default - the root tenant's values; `tenantHost` must be given when the cluster has no `host`
   */
  readonly platform?: PlatformContext;
  /**
   * Zones the control-plane pods are spread over.
   * @default Zone.all()
   */
  readonly controlPlaneZones?: Zone[];
}

/**
 * A cluster as the platform builds it underneath the tenant API: Cluster API `Cluster`, Kamaji control
 * plane, KubeVirt infrastructure and machine templates, machine deployments and health checks per node
 * group (one per zone when the group has zones), worker bootstrap templates, and the Flux HelmReleases of
 * the add-ons. For self-hosted platforms and for review in Git.
 *
 * Every object exists from construction, so an Aspect, a lookup or any cdk8s output type sees them before
 * synthesis. The control-plane specs are rendered when the chart is synthesized; a node group's objects
 * are rendered when the group joins the cluster (a machine template is named after its content), and node
 * groups and add-ons added to the cluster after this chart get their objects when they are added.
 */
export class ClusterApiRendering extends Chart {
  /** The rendered cluster. */
  public readonly cluster: HikubeCluster;
  private readonly names: ClusterNames;
  private readonly context: ResolvedPlatformContext;
  /** Ids of the children rendered from the node groups and add-ons, replaced when the cluster gains one. */
  private modelChildren: string[] = [];

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the cluster to render and the values the platform injects
   */
  public constructor(scope: Construct, id: string, props: ClusterApiRenderingProps) {
    super(scope, id, { namespace: checkProps(scope, id, 'ClusterApiRenderingProps', props).cluster.tenantNamespace, disableResourceNameHashes: true });
    this.cluster = props.cluster;
    this.names = { release: this.releaseName, namespace: this.cluster.tenantNamespace! };
    this.context = resolveContext(props.platform);
    declareNodePoolServing(this.cluster, props.platform?.servesKubernetesNodes);
    addChecks(this, () => this.check());
    appliesTo(this, MANAGEMENT_CLUSTER);
    renderControlPlane(this, this.cluster, this.names, this.context, props.controlPlaneZones ?? Zone.all());
    this.renderModel();
    this.cluster._onChange(() => this.renderModel());
  }

  /** The release name of the cluster (`kubernetes-<name>`), which names its Cluster API objects. */
  public get releaseName(): string {
    return `kubernetes-${this.cluster.clusterName}`;
  }

  /**
   * The objects of the node groups and add-ons, in the order of the cluster's groups. All of them are
   * rendered again on a change: a declared group can replace or retire the platform's default md0, and an
   * add-on changes the releases and values of others.
   */
  private renderModel(): void {
    for (const id of this.modelChildren) this.node.tryRemoveChild(id);
    const before = this.node.children.length;
    for (const group of this.cluster.effectiveNodeGroups) renderNodeGroup(this, this.cluster, group, this.names, this.context);
    renderNodePools(this, this.cluster, this.names, this.context);
    renderAddonReleases(this, this.cluster, this.names, this.context);
    this.modelChildren = this.node.children.slice(before).map((c) => c.node.id);
  }

  private check(): Finding[] {
    const ctx = this.context;
    const errors: Finding[] = [];
    if (this.cluster.tenantNamespace === undefined) {
      errors.push(problem('HK-PLATFORM-CONTEXT', 'tenantNamespace', undefined, 'the Cluster API objects reference each other and the API server by namespace; set tenantNamespace on the cluster'));
    }
    if (this.cluster.props.host === undefined && ctx.tenantHost === undefined) {
      errors.push(problem('HK-PLATFORM-CONTEXT', 'platform.tenantHost', undefined, 'the API server host is <release>.<tenantHost> when the cluster sets no host; give one of the two'));
    }
    const names: Array<[string, string | undefined, string]> = [
      ['platform.tenantHost', ctx.tenantHost, 'a host name'],
      ['platform.clusterDomain', ctx.clusterDomain, 'a cluster domain'],
      ['platform.etcdDataStore', ctx.etcdDataStore, 'a data store name'],
      ['platform.ingressClassName', ctx.ingressClassName, 'an ingress class name'],
      ['platform.monitoringNamespace', ctx.monitoringNamespace, 'a namespace name'],
    ];
    for (const [field, value, what] of names) {
      const err = value !== undefined ? checkSubdomain('HK-PLATFORM-CONTEXT', field, value, what) : undefined;
      if (err) errors.push(err);
    }
    if (ctx.kubeadmWorkerImage !== undefined && !IMAGE_REFERENCE.test(ctx.kubeadmWorkerImage)) {
      errors.push(problem('HK-PLATFORM-CONTEXT', 'platform.kubeadmWorkerImage', ctx.kubeadmWorkerImage, 'expected a container image reference such as registry.example/ubuntu-container-disk:v1.33 (no spaces or upper-case repository)'));
    }
    if (this.cluster.platformLine.workerBootstrap === WorkerBootstrap.KUBEADM && !ctx.kubeadmWorkerImage) {
      errors.push(problem('HK-PLATFORM-CONTEXT', 'platform.kubeadmWorkerImage', undefined, `platform line ${this.cluster.platformLine.name} boots workers from an Ubuntu container disk; name the image your platform uses`));
    }
    return errors;
  }
}
