import * as fs from 'fs';
import * as path from 'path';
import type * as YAML from 'yaml';
import { RuleCode } from '../diagnostics/rules';
import { editDistance, nearest } from '../model/guard';
import { yamlLibrary } from '../model/lazy-module';
import { isPlainObject } from '../model/merge';

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

/** Thrown for an input that is not YAML text; `check` reports it as a finding, the other commands as a usage error. */
export class InputError extends UsageError {
  public constructor(public readonly file: string, public readonly rule: RuleCode, public readonly detail: string) {
    super(`${file}: ${detail}`);
  }
}

/** Reads a file (or standard input for `-`) as UTF-8 text; refuses compressed, binary and non-UTF-8 input. */
export function readSource(file: string): string {
  const bytes = fs.readFileSync(file === '-' ? 0 : file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) throw new InputError(file, 'HK-INPUT-NOT-TEXT', 'gzip-compressed, not YAML text; decompress it first (gunzip)');
  if (bytes.includes(0)) throw new InputError(file, 'HK-INPUT-NOT-TEXT', 'binary (it holds NUL bytes), not YAML text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(file, 'HK-INPUT-NOT-TEXT', 'not UTF-8 text; Kubernetes reads YAML as UTF-8');
  }
}

/**
 * Alias expansions allowed per document. A few aliases are ordinary YAML; thousands nested are a
 * "billion laughs" document, which kubectl refuses as excessive aliasing rather than expanding it.
 */
const MAX_ALIASES = 100;

/**
 * The YAML 1.1 scalar types as kubectl's parser resolves them: booleans (`yes`, `on`), octal, hex and binary
 * integers; but timestamps and base-60 numbers (`1:30`) stay strings, as they do when Go decodes untyped YAML.
 */
function kubectlTags(tags: YAML.Tags): YAML.Tags {
  return tags.filter((t) => (typeof t === 'string'
    ? !['timestamp', 'intTime', 'floatTime'].includes(t)
    : t.tag !== 'tag:yaml.org,2002:timestamp' && !('format' in t && t.format === 'TIME')));
}

/**
 * Splits YAML text into documents (empty ones dropped), read the way kubectl reads them: YAML 1.1 scalars
 * (`enabled: yes` is true, `0755` is octal), and alias expansion bounded.
 */
export function parseDocuments(file: string, text: string): SourceDocument[] {
  const Y = yamlLibrary();
  const counter = new Y.LineCounter();
  return Y.parseAllDocuments(text, { lineCounter: counter, version: '1.1', customTags: kubectlTags })
    // An empty document (nothing, a comment or `null` after `---`) is skipped, as kubectl skips it.
    .filter((d) => d.errors.length > 0 || !(d.contents === null || (Y.isScalar(d.contents) && d.contents.value === null)))
    .map((d) => {
      const start = counter.linePos(d.contents?.range?.[0] ?? d.range[0]).line;
      const errors = d.errors.map((e) => ({ line: e.linePos?.[0].line ?? start, message: e.message.split('\n')[0] }));
      let value: unknown;
      if (errors.length === 0) {
        try {
          value = d.toJS({ maxAliasCount: MAX_ALIASES });
        } catch (e) {
          if (!(e instanceof ReferenceError)) throw e;
          errors.push({ line: start, message: 'its aliases expand too far (excessive aliasing, as in a "billion laughs" file); write the repeated values out' });
        }
      }
      return {
        file,
        value,
        line: start,
        errors,
        lineOf: (fieldPath: string) => lineOf(d, counter, fieldPath) ?? start,
      };
    });
}

function lineOf(doc: YAML.Document, counter: YAML.LineCounter, fieldPath: string): number | undefined {
  const Y = yamlLibrary();
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const segment of fieldPath.split('.')) {
    if (Y.isMap(node)) {
      const pair = node.items.find((p) => Y.isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      if (Y.isScalar(pair.key) && pair.key.range) line = counter.linePos(pair.key.range[0]).line;
      node = pair.value;
    } else if (Y.isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)];
      if (!item) break;
      if (Y.isNode(item) && item.range) line = counter.linePos(item.range[0]).line;
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

const GROUP = 'apps.cozystack.io';
const VERSION = 'v1alpha1';
/** The kinds of the group this library reads; other kinds of the group are applications it does not check. */
const KINDS = ['Kubernetes', 'Bucket', 'Tenant', 'KubernetesNodes'];

/** A document the Hikube API would refuse for its kind or apiVersion, before any field is read. */
export interface KindProblem {
  readonly rule: RuleCode;
  /** `kind` or `apiVersion`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Whether a document belongs to the Hikube API and is one it serves: an `apiVersion` of the group other than
 * `v1alpha1`, a group one or two letters off, a kind that differs from a known one by case or two letters,
 * or a kind the API server cannot match (kinds are PascalCase, matched exactly).
 */
export function kindProblem(value: any): KindProblem | undefined {
  if (!isPlainObject(value)) return undefined;
  const { apiVersion, kind } = value;
  const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : undefined;
  const nearGroup = group !== undefined && group !== GROUP && editDistance(group.toLowerCase(), GROUP) <= 2;
  const expected = `write apiVersion: ${GROUP}/${VERSION}`;
  if (kind === 'Kubernetes' && (apiVersion === undefined || apiVersion === GROUP)) {
    return { rule: 'HK-KIND', path: 'kind', message: `a Kubernetes cluster needs its apiVersion, or the API server cannot tell which API it is for; ${expected}` };
  }
  if (nearGroup) {
    return { rule: 'HK-KIND', path: 'apiVersion', message: `${JSON.stringify(apiVersion)} names no API the Hikube API server serves, so it refuses the document; ${expected}` };
  }
  if (group !== GROUP) return undefined;
  if (apiVersion !== `${GROUP}/${VERSION}`) {
    return { rule: 'HK-KIND', path: 'apiVersion', message: `${JSON.stringify(apiVersion)} is not served: the Hikube API serves ${GROUP} at ${VERSION} only, so it refuses the document; ${expected}` };
  }
  if (typeof kind !== 'string' || kind === '') {
    return { rule: 'HK-KIND', path: 'kind', message: `a document of ${GROUP} needs a kind; for a cluster write kind: Kubernetes` };
  }
  if (KINDS.includes(kind)) return undefined;
  const meant = nearest(kind, KINDS);
  if (meant !== undefined) {
    return { rule: 'HK-KIND', path: 'kind', message: `${JSON.stringify(kind)} is not a kind of ${GROUP}: the API server matches kinds exactly and refuses the document; did you mean ${meant}? write kind: ${meant}` };
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    return { rule: 'HK-KIND', path: 'kind', message: `${JSON.stringify(kind)} is not a kind of ${GROUP}: kinds are written in PascalCase, as Kubernetes or Bucket, and the API server refuses the document` };
  }
  return undefined;
}

/** Whether a parsed document is a Hikube `Kubernetes` cluster the API serves. */
export function isClusterDocument(value: any): boolean {
  return isAppDocument(value, 'Kubernetes');
}

/** Whether a parsed document is an application of the Hikube API of a kind (`Kubernetes`, `Tenant`, `KubernetesNodes`). */
export function isAppDocument(value: any, kind: string): boolean {
  return isPlainObject(value) && value.kind === kind && value.apiVersion === `${GROUP}/${VERSION}`;
}
