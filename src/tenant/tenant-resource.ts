import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { unknownFieldFinding } from './field-suggestions';
import type { HikubeCluster } from './hikube-cluster';
import { checkSpecAgainstLine } from './line-schema';
import { renderTenantSpec } from './tenant-spec';
import type * as appsModule from '../imports/cozystack-kubernetes-main-apps.cozystack.io';
import { lazyModule } from '../model/lazy-module';
import { PlatformLine } from '../model/platform-line';
import { addChecks, checkedJson, finding, warn, type Finding } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const apps = lazyModule<typeof appsModule>(() => require('../imports/cozystack-kubernetes-main-apps.cozystack.io'));

/**
 * The `apps.cozystack.io/v1alpha1` `Kubernetes` resource of a cluster, as a Hikube tenant applies it.
 *
 * The spec is rendered from the cluster model when the chart is synthesized, so node groups and add-ons
 * added later are included. JSON patches (`addJsonPatch`) are applied last, and the patched document is
 * checked for what the platform refuses there: top-level spec keys starting with `_` (platform-injected
 * values), the other line's worker disk field, and anything the line's published schema rejects after
 * its defaults (type and enum mismatches are errors; fields the line does not have are warnings, since
 * the platform ignores them silently).
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
      ...apps.Kubernetes.GVK,
      metadata: {
        name: cluster.clusterName,
        namespace: cluster.tenantNamespace,
        labels: cluster.props.labels,
        annotations: cluster.props.annotations,
      },
      spec: Lazy.any({ produce: () => renderTenantSpec(cluster) }),
    });
    this.line = cluster.platformLine;
    addChecks(this, () => this.checkSchema());
  }

  /** What the platform rejects in the patched document: reserved keys and the other line's disk field. */
  private checkPatched(spec: Record<string, any>): Finding[] {
    const problems = Object.keys(spec).filter((k) => k.startsWith('_'))
      .map((k) => finding('HK-RESERVED-KEY', `spec.${k}`, 'keys starting with "_" are reserved for values the platform injects'));
    const otherDiskField = this.line.workerDiskField === 'diskSize' ? 'ephemeralStorage' : 'diskSize';
    for (const [group, values] of Object.entries<any>(spec.nodeGroups ?? {})) {
      if (values && typeof values === 'object' && otherDiskField in values) {
        problems.push(finding('HK-DISK-FIELD', `spec.nodeGroups.${group}.${otherDiskField}`,
          `platform line ${this.line.name} names the worker disk ${this.line.workerDiskField}; the platform refuses ${otherDiskField}`));
      }
    }
    return problems;
  }

  /** The final document, JSON patches included, against the line's published schema. */
  private checkSchema(): Finding[] {
    const spec = checkedJson(this, this).spec ?? {};
    const patched = this.checkPatched(spec);
    if (patched.length > 0) return patched;
    const errors: Finding[] = [];
    for (const f of checkSpecAgainstLine(spec, this.line)) {
      if (f.severity === 'error') errors.push(finding('HK-SCHEMA', `spec.${f.path}`, f.message));
      else warn(this, unknownFieldFinding(spec, f.path.split('.'), this.line));
    }
    return errors;
  }
}
