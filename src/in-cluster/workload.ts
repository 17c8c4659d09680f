import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid } from '../model/validation';

/**
 * A workload to expose, schedule or connect: a `Deployment`, `StatefulSet` or `DaemonSet` made with
 * cdk8s-plus (`cdk8s-plus-28` or any later major version, such as the `cdk8s-plus-33` that
 * `cdk8s init` installs today), or any construct with the same two members.
 *
 * The library reads and patches the workload through cdk8s itself (its `ApiObject` and the labels
 * its pods are selected by), never through one cdk8s-plus major version's classes: TypeScript compares
 * classes with private members nominally, so a parameter typed as `cdk8s-plus-28`'s `Deployment`
 * would refuse a `cdk8s-plus-33` one. Every entry that takes a workload checks these members at runtime.
 */
export interface IWorkload extends IConstruct {
  /** The Kubernetes object the workload renders. */
  readonly apiObject: ApiObject;
  /** Labels its pods carry and are selected by. */
  readonly matchLabels: { [key: string]: string };
}

/** Pod-template owners the library can patch, with the path of their pod template. */
const POD_TEMPLATE_PATHS: { [kind: string]: string } = {
  Deployment: '/spec/template',
  StatefulSet: '/spec/template',
  DaemonSet: '/spec/template',
};

/**
 * Returns a workload after checking it at runtime, for callers without TypeScript's checks.
 * @internal
 */
export function checkWorkload(scope: IConstruct, field: string, value: unknown): IWorkload {
  const w = value as Partial<IWorkload> | undefined;
  const allowed = 'expected a cdk8s-plus Deployment, StatefulSet or DaemonSet (from cdk8s-plus-28 or later)';
  if (!w || typeof w !== 'object' || !ApiObject.isApiObject(w.apiObject)) throw invalid(scope, field, typeName(value), allowed);
  if (!(w.apiObject.kind in POD_TEMPLATE_PATHS)) throw invalid(scope, field, w.apiObject.kind, allowed);
  const labels = w.matchLabels;
  if (!labels || typeof labels !== 'object' || Object.keys(labels).length === 0) {
    throw invalid(scope, field, w.apiObject.kind, `${allowed}, selecting its pods by labels`);
  }
  return w as IWorkload;
}

/**
 * JSON-pointer path of a workload's pod template.
 * @internal
 */
export function podTemplatePath(workload: IWorkload): string {
  return POD_TEMPLATE_PATHS[workload.apiObject.kind];
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'object';
}
