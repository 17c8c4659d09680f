import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** One YAML document of an input file, with what is needed to point at its lines. */
export interface SourceDocument {
  /** File name as given (`-` for standard input). */
  readonly file: string;
  /** The parsed document, or undefined when it does not parse. */
  readonly value: any;
  /** Line of the document's first line. */
  readonly line: number;
  /** Parse errors of the document. */
  readonly errors: Array<{ line: number; message: string }>;
  /** The line of a dotted field path (`spec.nodeGroups.web`), or of its closest existing parent. */
  lineOf(fieldPath: string): number;
}

/** Thrown for input that cannot be read at all; the command line exits with 2. */
export class UsageError extends Error {}

/** Expands files and folders (recursively, `.yaml` and `.yml`) into files, in a stable order. */
export function expandPaths(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push(input);
      continue;
    }
    if (!fs.existsSync(input)) throw new UsageError(`${input}: no such file or folder`);
    if (fs.statSync(input).isDirectory()) {
      const walk = (dir: string): string[] => fs.readdirSync(dir).sort().flatMap((name) => {
        const full = path.join(dir, name);
        if (fs.statSync(full).isDirectory()) return walk(full);
        return /\.ya?ml$/.test(name) ? [full] : [];
      });
      out.push(...walk(input));
    } else {
      out.push(input);
    }
  }
  return out;
}

/** Reads a file (or standard input for `-`). */
export function readSource(file: string): string {
  return fs.readFileSync(file === '-' ? 0 : file, 'utf-8');
}

/** Splits YAML text into documents (empty ones dropped). */
export function parseDocuments(file: string, text: string): SourceDocument[] {
  const counter = new YAML.LineCounter();
  return YAML.parseAllDocuments(text, { lineCounter: counter })
    .filter((d) => d.contents !== null || d.errors.length > 0)
    .map((d) => {
      const start = counter.linePos(d.contents?.range?.[0] ?? d.range[0]).line;
      return {
        file,
        value: d.errors.length > 0 ? undefined : d.toJS(),
        line: start,
        errors: d.errors.map((e) => ({ line: e.linePos?.[0].line ?? start, message: e.message.split('\n')[0] })),
        lineOf: (fieldPath: string) => lineOf(d, counter, fieldPath) ?? start,
      };
    });
}

function lineOf(doc: YAML.Document, counter: YAML.LineCounter, fieldPath: string): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const segment of fieldPath.split('.')) {
    if (YAML.isMap(node)) {
      const pair = node.items.find((p) => YAML.isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      if (YAML.isScalar(pair.key) && pair.key.range) line = counter.linePos(pair.key.range[0]).line;
      node = pair.value;
    } else if (YAML.isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)];
      if (!item) break;
      if (YAML.isNode(item) && item.range) line = counter.linePos(item.range[0]).line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

/** Every document of the given files and folders. */
export function loadDocuments(inputs: string[]): SourceDocument[] {
  return expandPaths(inputs).flatMap((file) => parseDocuments(file, readSource(file)));
}

/** Whether a parsed document is a Hikube `Kubernetes` cluster. */
export function isClusterDocument(value: any): boolean {
  return value !== null && typeof value === 'object' && value.kind === 'Kubernetes'
    && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('apps.cozystack.io/');
}
