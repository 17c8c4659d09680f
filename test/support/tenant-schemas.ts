import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { closeSchema, IMPORTS_DIR } from './schemas';

const validators = new Map<string, ValidateFunction>();

function validator(folder: string, file: string): ValidateFunction {
  const key = `${folder}/${file}`;
  let v = validators.get(key);
  if (!v) {
    const schema = closeSchema(JSON.parse(fs.readFileSync(path.join(IMPORTS_DIR, 'schemas', folder, file), 'utf-8')));
    delete schema.title;
    v = new Ajv({ strict: false, allErrors: true, useDefaults: true }).compile(schema);
    validators.set(key, v);
  }
  return v;
}

/**
 * Validates a synthesized `Tenant` or `KubernetesNodes` document: envelope, then the spec against the published
 * value schema named, closed so that a misspelt field fails. Returns readable errors (empty when valid).
 */
export function validateAppDocument(doc: any, kind: 'Tenant' | 'KubernetesNodes', file: string): string[] {
  const problems: string[] = [];
  if (doc.apiVersion !== 'apps.cozystack.io/v1alpha1' || doc.kind !== kind) problems.push(`wrong kind ${doc.apiVersion}/${doc.kind}`);
  for (const k of Object.keys(doc)) if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(k)) problems.push(`unknown top-level field ${k}`);
  if (typeof doc.metadata?.name !== 'string' || typeof doc.metadata?.namespace !== 'string') problems.push('metadata.name/namespace missing');
  const validate = validator(kind === 'Tenant' ? 'cozystack-tenant' : 'cozystack-kubernetesnodes', file);
  if (!validate(structuredClone(doc.spec ?? {}))) {
    for (const e of validate.errors ?? []) problems.push(`spec${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
  return problems;
}
