import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CheckedWorkload } from './workload';
import { pointerToken } from '../model/merge';
import { invalid } from '../model/validation';

/**
 * The workload's pod template as its JSON patches see it: cdk8s applies patches to the plain rendering of
 * the object's props, before a generated class (every cdk8s-plus workload) converts that into the manifest.
 * @internal
 */
export function renderedPodTemplate(scope: IConstruct, workload: CheckedWorkload): any {
  let json: any;
  try {
    json = ApiObject.prototype.toJson.call(workload.apiObject);
  } catch (e) {
    throw invalid('HK-WORKLOAD', scope, 'workload', workload.workload.node.path, `the workload must render before it can be patched: ${(e as Error).message}`);
  }
  return workload.podTemplatePath.split('/').slice(1).reduce((node, key) => node?.[key], json) ?? {};
}

/**
 * Sets a value below the pod template, adding only the levels the workload does not render yet, so the
 * values around it (other resources, other selectors) are kept. A JSON patch cannot create parents.
 * @internal
 */
export function setInPodTemplate(scope: IConstruct, workload: CheckedWorkload, path: string[], value: unknown): void {
  let node = renderedPodTemplate(scope, workload);
  let at = 0;
  while (at < path.length - 1 && node !== null && typeof node === 'object' && path[at] in node) {
    node = node[path[at]];
    at++;
  }
  const nested = path.slice(at + 1).reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
  workload.apiObject.addJsonPatch(JsonPatch.add(pointer(workload, path.slice(0, at + 1)), nested));
}

/** Appends values to a list of the pod template, creating the list when the workload has none. @internal */
export function appendInPodTemplate(scope: IConstruct, workload: CheckedWorkload, path: string[], values: unknown[]): void {
  const existing = path.reduce((node, key) => node?.[key], renderedPodTemplate(scope, workload));
  if (Array.isArray(existing)) {
    workload.apiObject.addJsonPatch(...values.map((v) => JsonPatch.add(`${pointer(workload, path)}/-`, v)));
  } else {
    setInPodTemplate(scope, workload, path, values);
  }
}

/**
 * A quantity as a patch must carry it: generated classes hold quantities as `{value}` objects until they
 * convert the patched props into the manifest, so a plain string there would be lost.
 * @internal
 */
export function patchQuantity(workload: CheckedWorkload, quantity: string): unknown {
  return workload.apiObject.toJson === ApiObject.prototype.toJson ? quantity : { value: quantity };
}

function pointer(workload: CheckedWorkload, path: string[]): string {
  return `${workload.podTemplatePath}/${path.map(pointerToken).join('/')}`;
}

/** A port a container declares, with its protocol (Kubernetes' default TCP) and name. @internal */
export interface DeclaredPort {
  readonly port: number;
  readonly protocol: string;
  readonly name?: string;
}

/** The ports the containers of a pod spec declare. @internal */
export function declaredPorts(podSpec: any): DeclaredPort[] {
  const containers: unknown = podSpec?.containers;
  if (!Array.isArray(containers)) return [];
  return containers.flatMap((c) => (Array.isArray(c?.ports) ? c.ports : []))
    .filter((p: any) => typeof p?.containerPort === 'number')
    .map((p: any) => ({ port: p.containerPort, protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', ...(typeof p.name === 'string' ? { name: p.name } : {}) }));
}
