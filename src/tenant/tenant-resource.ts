import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type * as documentSchemaModule from './document-schema';
import type * as fieldSuggestionsModule from './field-suggestions';
import type { HikubeCluster } from './hikube-cluster';
import type * as specValuesModule from './spec-values';
import { renderTenantSpec } from './tenant-spec';
import type * as appsModule from '../imports/cozystack-kubernetes-main-apps.cozystack.io';
import { lazyModule } from '../model/lazy-module';
import { PlatformLine } from '../model/platform-line';
import { addChecks, checkedJson, finding, warn, type Finding } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const documentSchema = lazyModule<typeof documentSchemaModule>(() => require('./document-schema'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fieldSuggestions = lazyModule<typeof fieldSuggestionsModule>(() => require('./field-suggestions'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const specValues = lazyModule<typeof specValuesModule>(() => require('./spec-values'));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const apps = lazyModule<typeof appsModule>(() => require('../imports/cozystack-kubernetes-main-apps.cozystack.io'));

/**
 * The `apps.cozystack.io/v1alpha1` `Kubernetes` resource of a cluster, as a Hikube tenant applies it.
 *
 * The spec is rendered from the cluster model when the chart is synthesized, so node groups and add-ons
 * added later are included. JSON patches (`addJsonPatch`) are applied last, and the patched document is
 * checked for what the platform refuses there: top-level spec keys starting with `_` (platform-injected
 * values), the other line's worker disk field, anything the line's published schema rejects after its
 * defaults (type and enum mismatches are errors; a field of another line is an error, as the typed prop
 * would be; a field no line has is a warning, since the platform ignores it silently), and the values a
 * schema cannot judge (negative or zero sizes, image references), with the rules of the typed props.
 */
export class TenantResource extends ApiObject {
  private readonly line: PlatformLine;
  private readonly cluster: HikubeCluster;
  /** JSON patches of the caller, applied after the held keys are back (see `toJson`). */
  private readonly patchesAfterRender: JsonPatch[] = [];

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
        labels: holdKeys(cluster.props.labels),
        annotations: holdKeys(cluster.props.annotations),
      },
      spec: Lazy.any({ produce: () => holdKeys(renderTenantSpec(cluster)) }),
    });
    this.line = cluster.platformLine;
    this.cluster = cluster;
    addChecks(this, () => this.checkSchema());
  }

  /**
   * Applies JSON patches to the rendered document, after every key of the model is in place, so a patch
   * may reach below a node group or a values key named `constructor`.
   * @param ops the JSON-Patch operations to apply
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patchesAfterRender.push(...ops);
  }

  /**
   * Renders the document, keys named `constructor` included.
   *
   * cdk8s's sanitizer refuses any map with a key `constructor` (it reads `obj.constructor.name` to tell
   * plain objects from others), although a node group, a label key or a values key may be named so. Such
   * keys are renamed while cdk8s renders and restored after, before the caller's JSON patches.
   */
  public toJson(): any {
    const rendered = super.toJson();
    try {
      const restored = restoreKeys(rendered);
      return this.patchesAfterRender.length > 0 ? JsonPatch.apply(restored, ...this.patchesAfterRender) : restored;
    } catch (e) {
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    }
  }

  /** What the platform rejects in the patched document: reserved keys and the other line's disk field. */
  private checkPatched(spec: Record<string, any>): Finding[] {
    const problems = Object.keys(spec).filter((k) => k.startsWith('_'))
      .map((k) => finding('HK-RESERVED-KEY', `spec.${k}`, 'keys starting with "_" are reserved for values the platform injects'));
    const other = fieldSuggestions.otherDiskField(this.line);
    for (const [group, values] of Object.entries<any>(spec.nodeGroups ?? {})) {
      if (values && typeof values === 'object' && other in values) problems.push(fieldSuggestions.otherDiskFieldFinding(this.line, group));
    }
    return problems;
  }

  /**
   * The final document, JSON patches included, against the line's published schema, then the values the
   * patches set against the rules of the typed props.
   */
  private checkSchema(): Finding[] {
    const spec = checkedJson(this, this).spec ?? {};
    const patched = this.checkPatched(spec);
    if (patched.length > 0) return patched;
    // Without patches the document is the model's, whose values the typed checks have covered.
    const model = this.patchesAfterRender.length > 0 ? renderTenantSpec(this.cluster) : spec;
    const refused = new Set<string>();
    const errors = documentSchema.checkDocumentSchema(this, 'Kubernetes', this.line, spec, model, refused);
    if (model !== spec) {
      const values = specValues.checkSpecValues(spec, {
        shape: 'cluster', diskField: this.line.workerDiskField, version: this.cluster.version, model, refused,
      });
      errors.push(...values.errors);
      values.warnings.forEach((w) => warn(this, w));
    }
    return errors;
  }
}

/** Keys cdk8s's sanitizer cannot render, and the name each has while it renders. */
const HELD = 'constructor';
const HELD_AS = '\u0000constructor';

/** A copy of plain data with every `constructor` key renamed, or the value itself when it has none. */
function holdKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(holdKeys) as T;
  if (!isPlainData(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k === HELD ? HELD_AS : k] = holdKeys(v);
  return out as T;
}

/** The rendered document with held keys back under their name, in the order cdk8s sorts keys. */
function restoreKeys(value: any): any {
  if (Array.isArray(value)) return value.map(restoreKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k === HELD_AS ? HELD : k, restoreKeys(v)] as const);
  if (Object.prototype.hasOwnProperty.call(value, HELD_AS) && !process.env.CDK8S_DISABLE_SORT) {
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function isPlainData(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
