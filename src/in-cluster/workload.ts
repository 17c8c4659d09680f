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

/** Pod-template owners the library can patch, with the JSON-pointer path of their pod template. */
const POD_TEMPLATE_PATHS: { [kind: string]: string } = {
  Deployment: '/spec/template',
  StatefulSet: '/spec/template',
  DaemonSet: '/spec/template',
};

/**
 * A workload checked at runtime, with the object it renders.
 * @internal
 */
export interface CheckedWorkload {
  readonly workload: IWorkload;
  readonly apiObject: ApiObject;
  /** JSON-pointer path of its pod template, for patches cdk8s-plus cannot express. */
  readonly podTemplatePath: string;
  readonly matchLabels: { [key: string]: string };
}

/**
 * Checks a workload at runtime, for callers without TypeScript's checks.
 * @internal
 */
export function checkWorkload(scope: IConstruct | string, field: string, value: unknown): CheckedWorkload {
  const allowed = 'expected a cdk8s-plus Deployment, StatefulSet or DaemonSet (from cdk8s-plus-28 or later)';
  const w = value as Partial<IWorkload> | undefined;
  let apiObject: ApiObject | undefined;
  try {
    apiObject = w && typeof w === 'object' && 'node' in w ? ApiObject.of(w as IConstruct) : undefined;
  } catch {
    apiObject = undefined;
  }
  if (!apiObject) throw invalid('HK-WORKLOAD', scope, field, typeName(value), allowed);
  const podTemplatePath = POD_TEMPLATE_PATHS[apiObject.kind];
  if (!podTemplatePath) throw invalid('HK-WORKLOAD', scope, field, apiObject.kind, allowed);
  const labels = w!.matchLabels;
  if (!labels || typeof labels !== 'object' || Object.keys(labels).length === 0) {
    throw invalid('HK-WORKLOAD', scope, field, apiObject.kind, `${allowed}, selecting its pods by labels`);
  }
  return { workload: w as IWorkload, apiObject, podTemplatePath, matchLabels: { ...labels } };
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'object';
}
