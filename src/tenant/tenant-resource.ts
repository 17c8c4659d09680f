import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { renderTenantSpec } from './tenant-spec';
import { Kubernetes } from '../imports/cozystack-kubernetes-main-apps.cozystack.io';
import type { HikubeCluster } from '../model/hikube-cluster';
import { PlatformLine } from '../model/platform-line';
import { throwIfInvalid } from '../model/validation';

/**
 * The `apps.cozystack.io/v1alpha1` `Kubernetes` resource of a cluster, as a Hikube tenant applies it.
 *
 * The spec is rendered from the cluster model when the chart is synthesized, so node groups and add-ons
 * added later are included. JSON patches (`addJsonPatch`) are applied last, and the patched document is
 * checked for what the platform refuses there: top-level spec keys starting with `_` (platform-injected
 * values) and the other line's worker disk field.
 */
export class TenantResource extends ApiObject {
  private readonly line: PlatformLine;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param cluster the cluster to render
   */
  public constructor(scope: Construct, id: string, cluster: HikubeCluster) {
    super(scope, id, {
      ...Kubernetes.GVK,
      metadata: {
        name: cluster.clusterName,
        namespace: cluster.tenantNamespace,
        labels: cluster.props.labels,
        annotations: cluster.props.annotations,
      },
      spec: Lazy.any({ produce: () => renderTenantSpec(cluster) }),
    });
    this.line = cluster.platformLine;
  }

  /** The document after JSON patches, refused when the patches wrote what the platform rejects. */
  public override toJson(): any {
    const json = super.toJson();
    const spec = json.spec ?? {};
    const problems = Object.keys(spec).filter((k) => k.startsWith('_'))
      .map((k) => `spec.${k}: keys starting with "_" are reserved for values the platform injects`);
    const otherDiskField = this.line.workerDiskField === 'diskSize' ? 'ephemeralStorage' : 'diskSize';
    for (const [group, values] of Object.entries<any>(spec.nodeGroups ?? {})) {
      if (values && otherDiskField in values) {
        problems.push(`spec.nodeGroups.${group}.${otherDiskField}: platform line ${this.line.name} names the worker disk ${this.line.workerDiskField}; the platform refuses ${otherDiskField}`);
      }
    }
    throwIfInvalid(problems.map((p) => `[${this.node.path}] ${p}`));
    return json;
  }
}
