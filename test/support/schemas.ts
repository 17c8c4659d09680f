import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as YAML from 'yaml';
import { PlatformLine } from '../../src';

/** The API definitions the library is generated from and tested against (see imports/SOURCES.md). */
export const IMPORTS_DIR = path.resolve(__dirname, '..', '..', 'imports');

/**
 * Makes a published schema strict the way a structural schema prunes: every object that lists its
 * properties and does not preserve unknown fields rejects any other key.
 */
export function closeSchema(node: any): any {
  if (Array.isArray(node)) return node.map(closeSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === 'default' || k === 'enum' ? v : closeSchema(v);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function newAjv(): Ajv {
  return new Ajv({ strict: false, allErrors: true, useDefaults: true });
}

const lineValidators = new Map<string, ValidateFunction>();

/** Validator of the `Kubernetes` spec for a platform line, from its published schema, closed. */
export function specValidator(line: PlatformLine): ValidateFunction {
  let v = lineValidators.get(line.name);
  if (!v) {
    const file = path.join(IMPORTS_DIR, 'schemas', 'cozystack-kubernetes', line.schemaFile);
    const schema = closeSchema(JSON.parse(fs.readFileSync(file, 'utf-8')));
    delete schema.title;
    v = newAjv().compile(schema);
    lineValidators.set(line.name, v);
  }
  return v;
}

/**
 * Validates a synthesized `Kubernetes` document as the platform would: envelope, then the spec after the
 * platform's defaulting. Returns the ajv errors as readable strings (empty when valid).
 */
export function validateTenantDocument(doc: any, line: PlatformLine): string[] {
  const problems: string[] = [];
  if (doc.apiVersion !== 'apps.cozystack.io/v1alpha1' || doc.kind !== 'Kubernetes') problems.push(`wrong kind ${doc.apiVersion}/${doc.kind}`);
  const allowedTop = ['apiVersion', 'kind', 'metadata', 'spec'];
  for (const k of Object.keys(doc)) if (!allowedTop.includes(k)) problems.push(`unknown top-level field ${k}`);
  if (typeof doc.metadata?.name !== 'string' || typeof doc.metadata?.namespace !== 'string') problems.push('metadata.name/namespace missing');
  const spec = structuredClone(doc.spec ?? {});
  const validate = specValidator(line);
  if (!validate(spec)) {
    for (const e of validate.errors ?? []) problems.push(`spec${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
  return problems;
}

/** Parses the YAML stream of a synthesized app. */
export function parseYamlStream(yaml: string): any[] {
  return YAML.parseAllDocuments(yaml).map((d) => d.toJSON()).filter((d) => d !== null);
}

const bucketValidators = new Map<string, ValidateFunction>();

/**
 * Validates a synthesized `Bucket` document for a platform line: envelope, then the spec against the line's
 * published value schema, closed so that unknown fields fail. Returns readable errors (empty when valid).
 */
export function validateBucketDocument(doc: any, line: PlatformLine): string[] {
  const problems: string[] = [];
  if (doc.apiVersion !== 'apps.cozystack.io/v1alpha1' || doc.kind !== 'Bucket') problems.push(`wrong kind ${doc.apiVersion}/${doc.kind}`);
  for (const k of Object.keys(doc)) if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(k)) problems.push(`unknown top-level field ${k}`);
  if (typeof doc.metadata?.name !== 'string' || typeof doc.metadata?.namespace !== 'string') problems.push('metadata.name/namespace missing');
  const file = line.bucketSchemaFile;
  if (file === undefined) return [...problems, `line ${line.name} has no published Bucket schema`];
  let validate = bucketValidators.get(file);
  if (!validate) {
    const schema = closeSchema(JSON.parse(fs.readFileSync(path.join(IMPORTS_DIR, 'schemas', 'cozystack-bucket', file), 'utf-8')));
    delete schema.title;
    validate = newAjv().compile(schema);
    bucketValidators.set(file, validate);
  }
  if (!validate(structuredClone(doc.spec ?? {}))) {
    for (const e of validate.errors ?? []) problems.push(`spec${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
  return problems;
}
