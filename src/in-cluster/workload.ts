import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid } from '../model/validation';

/**
 * A workload to expose, schedule or connect: a `Deployment`, `StatefulSet` or `DaemonSet` made with
 * cdk8s-plus (`cdk8s-plus-28` or any later major version, such as the `cdk8s-plus-33` that
 * `cdk8s init` installs today), or any construct with the same members.
 *
 * Only public members of cdk8s-plus workloads appear here, and their types come from cdk8s itself,
 * never from one cdk8s-plus major version: TypeScript compares classes with private or protected members
 * nominally, so a parameter typed as `cdk8s-plus-28`'s `Deployment` would refuse a `cdk8s-plus-33` one.
 * Every entry that takes a workload checks it at runtime, for languages without TypeScript's checks.
 */
export interface IWorkload extends IConstruct {
  /** The object's kind: `Deployment`, `StatefulSet` or `DaemonSet`. */
  readonly kind: string;
  /** Metadata of the object the workload renders (its namespace, labels and annotations). */
  readonly metadata: ApiObjectMetadataDefinition;
  /** Labels its pods carry and are selected by. */
  readonly matchLabels: { [key: string]: string };
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * Returns a workload after checking it at runtime, for callers without TypeScript's checks.
 * @internal
 */
export function checkWorkload(scope: IConstruct, field: string, value: unknown): IWorkload {
  const w = value as Partial<IWorkload> | undefined;
  const allowed = 'expected a cdk8s-plus Deployment, StatefulSet or DaemonSet (from cdk8s-plus-28 or later)';
  const object = w && typeof w === 'object' && w.node ? renderedObject(w as IWorkload) : undefined;
  if (!object) throw invalid(scope, field, typeName(value), allowed);
  if (!WORKLOAD_KINDS.includes(object.kind)) throw invalid(scope, field, object.kind, allowed);
  const labels = w!.matchLabels;
  if (!labels || typeof labels !== 'object' || Object.keys(labels).length === 0) {
    throw invalid(scope, field, object.kind, `${allowed}, selecting its pods by labels`);
  }
  return w as IWorkload;
}

/** The `ApiObject` a cdk8s-plus resource renders is its default child. */
function renderedObject(w: IWorkload): ApiObject | undefined {
  try {
    return ApiObject.of(w);
  } catch {
    return undefined;
  }
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'object';
}
