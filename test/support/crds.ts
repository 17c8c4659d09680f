import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as YAML from 'yaml';
import { closeSchema, IMPORTS_DIR } from './schemas';

const validators = new Map<string, ValidateFunction>();
let crdIndex: Map<string, { file: string; version: any }> | undefined;

function newAjv(): Ajv {
  return new Ajv({ strict: false, allErrors: true, validateFormats: false });
}

/** Every served version of every CRD in imports/crds, by `apiVersion/kind`. */
function index(): Map<string, { file: string; version: any }> {
  if (!crdIndex) {
    crdIndex = new Map();
    const root = path.join(IMPORTS_DIR, 'crds');
    for (const group of fs.readdirSync(root)) {
      const dir = path.join(root, group);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const file of fs.readdirSync(dir)) {
        // Older bundles of a group sit in folders of their own and are validated against by their tests.
        if (!file.endsWith('.yaml')) continue;
        const crd = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
        for (const version of crd.spec.versions) {
          if (version.served) crdIndex.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { file, version });
        }
      }
    }
  }
  return crdIndex;
}

let coreDefinitions: any;
const CORE_KINDS: Record<string, string> = {
  'storage.k8s.io/v1/StorageClass': 'io.k8s.api.storage.v1.StorageClass',
  'v1/Namespace': 'io.k8s.api.core.v1.Namespace',
  'v1/Service': 'io.k8s.api.core.v1.Service',
  'v1/PersistentVolumeClaim': 'io.k8s.api.core.v1.PersistentVolumeClaim',
  'v1/ResourceQuota': 'io.k8s.api.core.v1.ResourceQuota',
  'v1/LimitRange': 'io.k8s.api.core.v1.LimitRange',
  'v1/ServiceAccount': 'io.k8s.api.core.v1.ServiceAccount',
  'v1/Secret': 'io.k8s.api.core.v1.Secret',
  'apps/v1/Deployment': 'io.k8s.api.apps.v1.Deployment',
  'apps/v1/StatefulSet': 'io.k8s.api.apps.v1.StatefulSet',
  'v1/ConfigMap': 'io.k8s.api.core.v1.ConfigMap',
  'apps/v1/DaemonSet': 'io.k8s.api.apps.v1.DaemonSet',
  'v1/Pod': 'io.k8s.api.core.v1.Pod',
  'batch/v1/Job': 'io.k8s.api.batch.v1.Job',
  'batch/v1/CronJob': 'io.k8s.api.batch.v1.CronJob',
  'networking.k8s.io/v1/Ingress': 'io.k8s.api.networking.v1.Ingress',
  'networking.k8s.io/v1/NetworkPolicy': 'io.k8s.api.networking.v1.NetworkPolicy',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'io.k8s.api.rbac.v1.RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'io.k8s.api.rbac.v1.ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'io.k8s.api.rbac.v1.ClusterRoleBinding',
};

function coreValidator(key: string): ValidateFunction | undefined {
  const def = CORE_KINDS[key];
  if (!def) return undefined;
  if (!coreDefinitions) {
    const raw = JSON.parse(fs.readFileSync(path.join(IMPORTS_DIR, 'k8s-schemas', 'v1.33.0-definitions.json'), 'utf-8'));
    coreDefinitions = closeSchema(raw.definitions);
  }
  return newAjv().compile({ $ref: `#/definitions/${def}`, definitions: coreDefinitions });
}

/**
 * Validates a document against its CustomResourceDefinition in imports/crds (closed: unknown fields fail)
 * or, for core kinds, the Kubernetes definitions in imports/k8s-schemas. Throws when no schema is known.
 */
export function validateAgainstSchemas(doc: any): string[] {
  const key = `${doc.apiVersion}/${doc.kind}`;
  let validate = validators.get(key);
  if (!validate) {
    const crd = index().get(key);
    validate = crd ? newAjv().compile(closeSchema(crd.version.schema.openAPIV3Schema)) : coreValidator(key);
    if (!validate) throw new Error(`no schema for ${key}`);
    validators.set(key, validate);
  }
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${doc.kind}/${doc.metadata?.name}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
