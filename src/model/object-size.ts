import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { addTreeCheck, checkedJson } from './validation';
import { finding, placed, ValidationProblem } from '../diagnostics/problems';

/**
 * The API server's limits on one object: etcd takes requests of at most 1.5 MiB (its default
 * `--max-request-bytes`, which the API server's own request limit of 3 MiB does not lift), and the API
 * server refuses annotations whose keys and values add up to more than 256 KiB (apimachinery's
 * `TotalAnnotationSizeLimitB`).
 */
const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
const MAX_ANNOTATION_BYTES = 256 * 1024;

const KEY = Symbol.for('cdk8s-hikube.objectSize');

/** Sizes in words: `4.7 MiB`, `300 KiB`. */
function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Objects of an app the API server or etcd would refuse for their size. @internal */
export function objectSizeProblems(root: IConstruct): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  for (const c of root.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const manifest = checkedJson(c, c);
    const bytes = Buffer.byteLength(JSON.stringify(manifest));
    const what = `${c.kind} ${c.name}`;
    if (bytes > MAX_OBJECT_BYTES) {
      out.push(placed(c.node.path, finding('HK-OBJECT-SIZE', 'manifest', `${what} is ${size(bytes)}, and the API server stores objects of at most about 1.5 MiB (etcd's request limit); split it, or move large values into ConfigMaps or Secrets of their own`)));
    }
    const annotations: Record<string, unknown> = manifest?.metadata?.annotations ?? {};
    const annotationBytes = Object.entries(annotations).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
    if (annotationBytes > MAX_ANNOTATION_BYTES) {
      out.push(placed(c.node.path, finding('HK-OBJECT-SIZE', 'metadata.annotations', `the annotations of ${what} add up to ${size(annotationBytes)}, and the API server refuses more than 256 KiB; keep large values out of annotations (kubectl apply --server-side keeps no last-applied copy)`)));
    }
  }
  return out;
}

/** Turns on the size check for the app a construct belongs to. @internal */
export function checkObjectSizes(scope: IConstruct): void {
  addTreeCheck(scope, KEY, objectSizeProblems);
}
