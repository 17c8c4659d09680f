import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { PlatformLine } from '../model/platform-line';

/**
 * The platform's published value schema of each line, applied to a `Kubernetes` spec the way the platform
 * applies it: defaults first (the aggregated API fills them), then types, enums and required fields (which
 * the platform checks only later, when its HelmRelease fails). Fields the schema does not know are reported
 * apart: the platform drops them silently.
 */

/** Where the schemas ship: `imports/` at the package root, two levels above this module (`src/tenant`, `lib/tenant`). */
const SCHEMAS = path.join(__dirname, '..', '..', 'imports', 'schemas');

/** The applications of apps.cozystack.io the library renders and `check` reads, each with a value schema per line. */
export type AppKind = 'Kubernetes' | 'Tenant' | 'KubernetesNodes';

/** The schema file of an application on a line; undefined where the line has no such application. */
function schemaFileOf(kind: AppKind, line: PlatformLine): string | undefined {
  switch (kind) {
    case 'Kubernetes': return line.schemaFile;
    case 'Tenant': return line.tenantSchemaFile;
    case 'KubernetesNodes': return line.kubernetesNodesSchemaFile;
  }
}

/** The file of an application's schema on a line, below `SCHEMAS`. */
function schemaPath(kind: AppKind, line: PlatformLine): string | undefined {
  const file = schemaFileOf(kind, line);
  return file === undefined ? undefined : path.join(`cozystack-${kind.toLowerCase()}`, file);
}

/** One finding of the schema check; `path` is the dotted field path below `spec`. */
export interface SchemaFinding {
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

const schemas = new Map<string, { text: string; schema: any }>();
const validators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/** The options the validators are compiled with, at build time and at run time alike. */
const AJV_OPTIONS: Options = { strict: false, allErrors: true, useDefaults: true, logger: false, code: { source: true } };

/**
 * The folder the build writes beside this module (`lib/tenant/line-validators/`): each line schema's
 * validator compiled ahead of time, one module per schema file (a check loads those of the lines it
 * tries), with the digest of the schema text it was compiled from. Compiling the schemas with ajv took
 * most of a `check`.
 */
export const PRECOMPILED_DIR = 'line-validators';

interface Precompiled {
  readonly digest: string;
  readonly validate: ValidateFunction;
}

function schemaSource(line: PlatformLine, kind: AppKind = 'Kubernetes'): { text: string; schema: any } | undefined {
  const file = schemaPath(kind, line);
  if (file === undefined) return undefined;
  let source = schemas.get(file);
  if (!source) {
    const text = fs.readFileSync(path.join(SCHEMAS, file), 'utf-8');
    source = { text, schema: JSON.parse(text) };
    schemas.set(file, source);
  }
  return source;
}

/** The published schema of a line, parsed once. */
export function lineSchema(line: PlatformLine): any {
  return schemaSource(line)!.schema;
}

/** The published schema of an application on a line, parsed once; undefined where the line has no such application. */
export function appSchema(kind: AppKind, line: PlatformLine): any {
  return schemaSource(line, kind)?.schema;
}

/** The digest that ties a precompiled validator to the schema text it was compiled from. */
function schemaDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The JSON schema ajv compiles for a line: the published one without its `title`. */
function compiledSchema(line: PlatformLine, kind: AppKind = 'Kubernetes'): any {
  const { title: _title, ...schema } = appSchema(kind, line);
  return schema;
}

function newAjv(): Ajv {
  // Loaded only where a schema is compiled: the build, and sources run without it (the tests).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvClass: typeof Ajv = require('ajv').default;
  return new AjvClass(AJV_OPTIONS);
}

/** The module of a schema file's precompiled validator. */
export function precompiledModule(schemaFile: string): string {
  return `${schemaFile.replace(/\.json$/, '')}.js`;
}

/**
 * The line's validator: the precompiled one when it was compiled from the schema shipped now, else compiled
 * here (sources without a build, or schemas refreshed since the last one).
 */
function validator(line: PlatformLine, kind: AppKind = 'Kubernetes'): ValidateFunction {
  const key = schemaPath(kind, line)!;
  let v = validators.get(key);
  if (!v) {
    // Only the cluster schemas are compiled ahead of time; the small Tenant and KubernetesNodes schemas compile here.
    const file = kind === 'Kubernetes' ? path.join(__dirname, PRECOMPILED_DIR, precompiledModule(line.schemaFile)) : undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = file !== undefined && fs.existsSync(file) ? require(file) as Precompiled : undefined;
    v = built?.digest === schemaDigest(schemaSource(line, kind)!.text) ? built.validate : (ajv ??= newAjv()).compile(compiledSchema(line, kind));
    validators.set(key, v);
  }
  return v;
}

/**
 * The source of the module holding the precompiled validator of a line's schema, compiled with the options
 * used at run time, and the digest of the schema text (the build writes it as `precompiledModule()` in
 * `PRECOMPILED_DIR`).
 */
export function precompiledValidatorSource(line: PlatformLine): string {
  const compiler = newAjv();
  compiler.addSchema(compiledSchema(line), 'validate');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standalone: (a: Ajv, refs: { [name: string]: string }) => string = require('ajv/dist/standalone').default;
  return `${standalone(compiler, { validate: 'validate' })}\nexports.digest = ${JSON.stringify(schemaDigest(schemaSource(line)!.text))};\n`;
}

/** A copy of a spec with the line's schema defaults filled in, as the platform stores it. */
export function applyLineDefaults(spec: unknown, line: PlatformLine, kind: AppKind = 'Kubernetes'): any {
  const copy = structuredClone(spec ?? {});
  if (appSchema(kind, line) !== undefined) validator(line, kind)(copy);
  return copy;
}

/** How many fields of a spec a line's schema does not know (the warnings of `checkSpecAgainstLine`), without validating it. */
export function unknownFieldCount(spec: unknown, line: PlatformLine): number {
  return [...unknownFields(spec, lineSchema(line), [])].length;
}

/** Checks a `Kubernetes` spec against a line's schema: type, enum and required mismatches, then unknown fields. */
export function checkSpecAgainstLine(spec: unknown, line: PlatformLine): SchemaFinding[] {
  return checkAppSpec(spec, 'Kubernetes', line);
}

/**
 * Checks the spec of an application against its schema on a line, as `checkSpecAgainstLine` does for a cluster;
 * nothing where the line has no such application (that is a rule of its own).
 */
export function checkAppSpec(spec: unknown, kind: AppKind, line: PlatformLine): SchemaFinding[] {
  const schema = appSchema(kind, line);
  if (schema === undefined) return [];
  const findings: SchemaFinding[] = [];
  const copy = structuredClone(spec ?? {});
  const validate = validator(line, kind);
  if (!validate(copy)) findings.push(...describeErrors(validate.errors ?? [], spec, line, kind));
  for (const segments of unknownFields(spec, schema, [])) {
    const others = PlatformLine.all().filter((l) => l !== line && schemaAt(appSchema(kind, l), segments) !== undefined);
    const where = others.length > 0 ? `; it exists on line${others.length > 1 ? 's' : ''} ${others.map((l) => l.name).join(', ')}` : '';
    findings.push({
      severity: 'warning',
      path: segments.join('.'),
      message: `platform line ${line.name} has no such field and ignores it silently${where}`,
    });
  }
  return findings;
}

/** The schema node describing a field path (group names included), or undefined when the schema has no such field. */
export function schemaAt(schema: any, segments: readonly string[]): any {
  let node = schema;
  for (const key of segments) {
    if (!node || typeof node !== 'object') return undefined;
    if (node['x-kubernetes-preserve-unknown-fields']) return {};
    if (node.items && /^\d+$/.test(key)) {
      node = node.items;
    } else if (node.properties?.[key] !== undefined) {
      node = node.properties[key];
    } else if (typeof node.additionalProperties === 'object') {
      node = node.additionalProperties;
    } else {
      return undefined;
    }
  }
  return node;
}

function* unknownFields(value: unknown, schema: any, at: string[]): Generator<string[]> {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (schema.items) for (const [i, item] of value.entries()) yield* unknownFields(item, schema.items, [...at, String(i)]);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (sub === undefined) {
      if (schema.properties !== undefined && schema.additionalProperties !== true) yield [...at, key];
      continue;
    }
    yield* unknownFields(child, sub, [...at, key]);
  }
}

function describeErrors(errors: ErrorObject[], spec: unknown, line: PlatformLine, kind: AppKind): SchemaFinding[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const where = e.keyword === 'required' ? `${e.instancePath}/${(e.params as any).missingProperty}` : e.instancePath;
    byPath.set(where, [...(byPath.get(where) ?? []), e]);
  }
  const out: SchemaFinding[] = [];
  for (const [pointer, group] of byPath) {
    const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const field = segments.join('.');
    const value = valueAt(spec, segments);
    out.push({ severity: 'error', path: field, message: explain(group, value, segments, line, kind) });
  }
  return out;
}

function explain(group: ErrorObject[], value: unknown, segments: string[], line: PlatformLine, kind: AppKind): string {
  const schemaName = `the ${kind === 'Kubernetes' ? '' : `${kind} `}schema of platform line ${line.name}`;
  const required = group.find((e) => e.keyword === 'required');
  if (required) {
    const hint = kind === 'Kubernetes' && segments[0] === 'nodeGroups' && segments[2] === 'resources' ? ' (write `resources: {}` when the group is sized by instanceType)' : '';
    return `missing; ${schemaName} requires it${hint}`;
  }
  const shown = value === undefined ? 'undefined' : JSON.stringify(value);
  const types = group.filter((e) => e.keyword === 'type').map((e) => (e.params as any).type);
  if (types.length > 0) return `${shown} is not valid; ${schemaName} expects ${[...new Set(types)].join(' or ')}`;
  const enumError = group.find((e) => e.keyword === 'enum');
  if (enumError) return `${shown} is not valid; ${schemaName} allows ${(enumError.params as any).allowedValues.join(', ')}`;
  const first = group.find((e) => e.keyword !== 'anyOf') ?? group[0];
  return `${shown} is not valid; ${schemaName}: ${first.message}`;
}

/** The value at a path of a parsed document, undefined where the path leaves it. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node: any = root;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[s];
  }
  return node;
}
