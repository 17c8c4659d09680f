import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { renderAddonReleases } from './addon-releases';
import { ClusterNames, renderControlPlane } from './control-plane-objects';
import { renderNodeGroup } from './node-group-objects';
import { PlatformContext, resolveContext } from './platform-context';
import { HikubeCluster } from '../model/hikube-cluster';
import { WorkerBootstrap } from '../model/platform-line';
import { addChecks, problem, runChecks, throwIfInvalid } from '../model/validation';
import { Zone } from '../model/zone';
import { declareCheckedToJson } from '../synth/checked-charts';

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
 * Objects are built when the chart is synthesized, so node groups and add-ons added to the cluster later
 * are included. The cluster's own checks run here too.
 */
export class ClusterApiRendering extends Chart {
  /** The rendered cluster. */
  public readonly cluster: HikubeCluster;
  private readonly props: ClusterApiRenderingProps;
  private rendered = false;

  public constructor(scope: Construct, id: string, props: ClusterApiRenderingProps) {
    super(scope, id, { namespace: props.cluster.tenantNamespace, disableResourceNameHashes: true });
    this.cluster = props.cluster;
    this.props = props;
    addChecks(this, () => this.check());
    declareCheckedToJson(this, ClusterApiRendering, () => [this.cluster, this], () => this.render());
  }

  /** The release name of the cluster (`kubernetes-<name>`), which names its Cluster API objects. */
  public get releaseName(): string {
    return `kubernetes-${this.cluster.clusterName}`;
  }

  public override toJson(): any[] {
    throwIfInvalid([...runChecks(this.cluster), ...runChecks(this)]);
    this.render();
    return super.toJson();
  }

  private render(): void {
    if (!this.rendered) {
      this.rendered = true;
      const names: ClusterNames = { release: this.releaseName, namespace: this.cluster.tenantNamespace };
      const ctx = resolveContext(this.props.platform);
      renderControlPlane(this, this.cluster, names, ctx, this.props.controlPlaneZones ?? Zone.all());
      for (const group of this.cluster.effectiveNodeGroups) renderNodeGroup(this, this.cluster, group, names, ctx);
      renderAddonReleases(this, this.cluster, names, ctx);
    }
  }

  private check(): string[] {
    const ctx = resolveContext(this.props.platform);
    const errors: string[] = [];
    if (this.cluster.props.host === undefined && ctx.tenantHost === undefined) {
      errors.push(problem('platform.tenantHost', undefined, 'the API server host is <release>.<tenantHost> when the cluster sets no host; give one of the two'));
    }
    if (this.cluster.platformLine.workerBootstrap === WorkerBootstrap.KUBEADM && !ctx.kubeadmWorkerImage) {
      errors.push(problem('platform.kubeadmWorkerImage', undefined, `platform line ${this.cluster.platformLine.name} boots workers from an Ubuntu container disk; name the image your platform uses`));
    }
    return errors;
  }
}
