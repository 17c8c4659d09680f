import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { renderTenantSpec } from './tenant-spec';
import { Kubernetes } from '../imports/cozystack-kubernetes-main-apps.cozystack.io';
import type { HikubeCluster } from '../model/hikube-cluster';

/**
 * The `apps.cozystack.io/v1alpha1` `Kubernetes` resource of a cluster, as a Hikube tenant applies it.
 *
 * The spec is rendered from the cluster model when the chart is synthesized, so node groups and add-ons
 * added later are included. JSON patches (`addJsonPatch`) are applied last and checked like the rest:
 * top-level spec keys starting with `_` are reserved by the platform.
 */
export class TenantResource extends ApiObject {
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
  }

  public override toJson(): any {
    const json = super.toJson();
    const reserved = Object.keys(json.spec ?? {}).filter((k) => k.startsWith('_'));
    if (reserved.length > 0) {
      throw new Error(`[${this.node.path}] spec.${reserved[0]}: keys starting with "_" are reserved for values the platform injects`);
    }
    return json;
  }
}
