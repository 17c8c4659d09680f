import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { addTreeCheck } from './validation';
import { finding, placed, ValidationProblem } from '../diagnostics/problems';

const TARGET = Symbol.for('cdk8s-hikube.apiServer');
const DUPLICATES = Symbol.for('cdk8s-hikube.duplicates');

/** The API server that receives the objects of the Hikube tenant API (every tenant's). */
export const HIKUBE_API = 'the Hikube tenant API';
/** The platform's management cluster, where the Cluster API rendering and platform storage apply. */
export const MANAGEMENT_CLUSTER = 'the management cluster';

/** The API server of one tenant cluster, named by its tenant namespace and cluster name. */
export function tenantClusterServer(tenantNamespace: string | undefined, clusterName: string): string {
  return `tenant cluster ${tenantNamespace ?? '(current namespace)'}/${clusterName}`;
}

/**
 * Declares which API server the objects below a construct are applied to, and turns on the check for
 * duplicate objects in the app: the same apiVersion, kind, namespace and name applied twice to one
 * server is an error naming both construct paths; the same object in two tenant clusters is fine.
 */
export function appliesTo(scope: IConstruct, server: string): void {
  Object.defineProperty(scope, TARGET, { value: server, configurable: true });
  addTreeCheck(scope, DUPLICATES, findDuplicates);
}

function serverOf(obj: IConstruct): string {
  for (let s: IConstruct | undefined = obj; s; s = s.node.scope) {
    const server = (s as unknown as { [TARGET]?: string })[TARGET];
    if (server !== undefined) return server;
  }
  return 'the API server of the charts that name none';
}

/** Characters cdk8s keeps in a file name made from kind and name. */
const FILE_NAME_DROPPED = /[^0-9a-zA-Z-_.]/g;

function findDuplicates(root: IConstruct): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, ApiObject>();
  const files = new Map<string, ApiObject>();
  const layout = root instanceof App ? root.yamlOutputType : undefined;
  for (const c of root.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const obj = c;
    const namespace = obj.metadata.namespace;
    const server = serverOf(obj);
    const key = [server, obj.apiVersion, obj.kind, namespace ?? '', obj.name].join('\u0000');
    const first = seen.get(key);
    if (first) {
      problems.push(placed(obj.node.path, finding('HK-DUPLICATE', 'metadata.name',
        `${obj.kind} ${namespace ? `${namespace}/` : ''}${obj.name} (${obj.apiVersion}) is also defined at ${first.node.path}; both would be applied to ${server}, the second overwriting the first`)));
    } else {
      seen.set(key, obj);
    }
    if (layout === YamlOutputType.FILE_PER_RESOURCE || layout === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) {
      const file = `${obj.kind}.${obj.name}`.replace(FILE_NAME_DROPPED, '');
      const fileKey = layout === YamlOutputType.FILE_PER_RESOURCE ? file : `${Chart.of(obj).node.path}\u0000${file}`;
      const other = files.get(fileKey);
      if (other && !first) {
        problems.push(placed(obj.node.path, finding('HK-DUPLICATE', 'metadata.name',
          `with one file per resource, ${obj.kind} ${obj.name} and the object at ${other.node.path} are both written to ${file}, so one would be lost; give them different names or use another YamlOutputType`)));
      } else if (!other) {
        files.set(fileKey, obj);
      }
    }
  }
  return problems;
}
