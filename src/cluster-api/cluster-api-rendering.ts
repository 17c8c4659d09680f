import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { renderAddonReleases } from './addon-releases';
import { ClusterNames, renderControlPlane } from './control-plane-objects';
import { renderNodeGroup, renderNodePools } from './node-group-objects';
import { PlatformContext, resolveContext } from './platform-context';
import { checkProps } from '../model/guard';
import { appliesTo, MANAGEMENT_CLUSTER } from '../model/object-identity';
import { WorkerBootstrap } from '../model/platform-line';
import { addChecks, addPreparation, checkSubdomain, problem, type Finding } from '../model/validation';
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
 * Objects are built when the app is synthesized, once every check of the app has passed, so node groups
 * and add-ons added to the cluster after this chart are included.
 */
export class ClusterApiRendering extends Chart {
  /** The rendered cluster. */
  public readonly cluster: HikubeCluster;
  private readonly props: ClusterApiRenderingProps;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the cluster to render and the values the platform injects
   */
  public constructor(scope: Construct, id: string, props: ClusterApiRenderingProps) {
    super(scope, id, { namespace: checkProps(scope, id, 'ClusterApiRenderingProps', props).cluster.tenantNamespace, disableResourceNameHashes: true });
    this.cluster = props.cluster;
    this.props = props;
    declareNodePoolServing(this.cluster, props.platform?.servesKubernetesNodes);
    addChecks(this, () => this.check());
    addPreparation(this, () => this.render());
    appliesTo(this, MANAGEMENT_CLUSTER);
  }

  /** The release name of the cluster (`kubernetes-<name>`), which names its Cluster API objects. */
  public get releaseName(): string {
    return `kubernetes-${this.cluster.clusterName}`;
  }

  private render(): void {
    const names: ClusterNames = { release: this.releaseName, namespace: this.cluster.tenantNamespace! };
    const ctx = resolveContext(this.props.platform);
    renderControlPlane(this, this.cluster, names, ctx, this.props.controlPlaneZones ?? Zone.all());
    for (const group of this.cluster.effectiveNodeGroups) renderNodeGroup(this, this.cluster, group, names, ctx);
    renderNodePools(this, this.cluster, names, ctx);
    renderAddonReleases(this, this.cluster, names, ctx);
  }

  private check(): Finding[] {
    const ctx = resolveContext(this.props.platform);
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
