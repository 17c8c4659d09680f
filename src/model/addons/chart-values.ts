/**
 * What the platform's system charts read inside their own key of `valuesOverride`, where the platform's
 * sources were read for it: the "Add-on values" reference of the platform (`addon-values.md`, read from the
 * cozystack repository at v1.3.6, v1.6.2 and main). Charts or maps the reference does not list are left
 * unchecked: a key the library does not know there may well be one the chart reads.
 * Internal to the library: the add-on classes check with it.
 */
import type { Repair } from '../../diagnostics/problems';
import { nearest } from '../guard';
import { isPlainObject, pointerToken } from '../merge';
import { type Finding, finding, problem } from '../validation';

/** The keys a chart reads in one map of its values. */
interface ChartMap {
  /** The map, as keys from the top of `valuesOverride`. */
  readonly path: readonly string[];
  /** Every key the chart reads there. */
  readonly keys: readonly string[];
  /**
   * The chart's values schema refuses any other key (`additionalProperties: false`), so a stray key fails
   * the install instead of being ignored.
   */
  readonly strict: boolean;
  /** Where the list comes from, for messages. */
  readonly source: string;
}

const FLUX_SOURCE = 'flux-instance values.yaml (Add-on values §1)';
const CERT_MANAGER_SOURCE = 'cert-manager values.schema.json (Add-on values §4)';

/**
 * The maps whose keys the reference lists, by add-on. cert-manager's top level is the chart's schema
 * (`helm-values`), which is closed; the reference names it closed without listing it, so its keys come from
 * the schema of the chart versions the lines vendor (v1.19, v1.20).
 */
const CHART_MAPS: Readonly<Record<string, readonly ChartMap[]>> = {
  fluxcd: [
    { path: ['flux-instance'], keys: ['nameOverride', 'fullnameOverride', 'instance', 'commonAnnotations', 'commonLabels', 'healthcheck'], strict: false, source: FLUX_SOURCE },
    { path: ['flux-instance', 'instance'], keys: ['distribution', 'components', 'cluster', 'commonMetadata', 'storage', 'sharding', 'sync', 'kustomize'], strict: false, source: FLUX_SOURCE },
    { path: ['flux-instance', 'instance', 'sync'], keys: ['interval', 'kind', 'url', 'ref', 'path', 'pullSecret', 'name', 'provider'], strict: false, source: FLUX_SOURCE },
  ],
  certManager: [
    {
      path: ['cert-manager'],
      keys: ['acmesolver', 'affinity', 'approveSignerNames', 'automountServiceAccountToken', 'cainjector', 'clusterResourceNamespace', 'config',
        'containerSecurityContext', 'crds', 'creator', 'deploymentAnnotations', 'disableAutoApproval', 'dns01RecursiveNameservers',
        'dns01RecursiveNameserversOnly', 'enableCertificateOwnerRef', 'enableServiceLinks', 'enabled', 'extraArgs', 'extraEnv', 'extraObjects',
        'featureGates', 'fullnameOverride', 'global', 'hostAliases', 'http_proxy', 'https_proxy', 'image', 'ingressShim', 'installCRDs',
        'livenessProbe', 'maxConcurrentChallenges', 'nameOverride', 'namespace', 'no_proxy', 'nodeSelector', 'podAnnotations',
        'podDisruptionBudget', 'podDnsConfig', 'podDnsPolicy', 'podLabels', 'prometheus', 'replicaCount', 'resources', 'securityContext',
        'serviceAccount', 'serviceAnnotations', 'serviceIPFamilies', 'serviceIPFamilyPolicy', 'serviceLabels', 'startupapicheck', 'strategy',
        'tolerations', 'topologySpreadConstraints', 'verticalPodAutoscaler', 'volumeMounts', 'volumes', 'webhook'],
      strict: true,
      source: CERT_MANAGER_SOURCE,
    },
    { path: ['cert-manager', 'prometheus'], keys: ['enabled', 'servicemonitor', 'podmonitor'], strict: true, source: CERT_MANAGER_SOURCE },
    {
      path: ['cert-manager', 'prometheus', 'servicemonitor'],
      keys: ['enabled', 'interval', 'scrapeTimeout', 'prometheusInstance', 'labels', 'annotations', 'namespace', 'targetPort', 'path', 'honorLabels', 'endpointAdditionalProperties'],
      strict: true,
      source: CERT_MANAGER_SOURCE,
    },
  ],
};

/** Cilium's encryption modes; the chart's own default is IPsec, which needs a key Secret the platform never creates. */
const CILIUM_ENCRYPTION_TYPES = ['wireguard', 'ipsec'];

function at(values: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined), values);
}

/**
 * Keys of the listed maps their chart does not read: an error where the chart's schema is closed (the
 * install fails), a warning elsewhere (the chart ignores the key). `values` is what the platform receives.
 * @internal
 */
export function chartKeyFindings(addonKey: string, field: string, values: Record<string, any>): Finding[] {
  const out: Finding[] = [];
  for (const map of CHART_MAPS[addonKey] ?? []) {
    const here = at(values, map.path);
    if (!isPlainObject(here)) continue;
    for (const key of Object.keys(here).filter((k) => !map.keys.includes(k))) {
      const guess = nearest(key, [...map.keys]);
      const where = map.path.join('.');
      const hint = guess ? `did you mean ${guess}? ` : '';
      const effect = map.strict ? 'the chart\'s schema refuses unknown keys, so the release fails to install' : 'the chart ignores it';
      // A long list says less than its source: name the keys only where they fit in a message.
      const takes = map.keys.length <= 12 ? `${map.keys.join(', ')} (${map.source})` : `the keys of ${map.source}`;
      out.push(problem(map.strict ? 'HK-VALUES-OVERRIDE' : 'HK-VALUES-KEY', `${field}.valuesOverride.${where}.${key}`, key,
        `${hint}${where} takes ${takes}; ${effect}`));
    }
  }
  return out;
}

/** Values in a shape their chart does not take: the forms of some guides the charts refuse or misread. @internal */
export function chartShapeFindings(addonKey: string, field: string, values: Record<string, any>): Finding[] {
  if (addonKey === 'velero') return veleroShapes(field, values);
  if (addonKey === 'cilium') return ciliumShapes(field, values);
  return [];
}

function veleroShapes(field: string, values: Record<string, any>): Finding[] {
  const path = ['velero', 'configuration', 'backupStorageLocation'];
  const location = at(values, path);
  if (!isPlainObject(location)) return [];
  const pointer = `/spec/addons/velero/valuesOverride/${path.map(pointerToken).join('/')}`;
  const repair: Repair = {
    description: 'write the backup location as the only item of a list',
    operations: [{ op: 'replace', path: pointer, value: [location] }],
  };
  return [finding('HK-VALUES-SHAPE', `${field}.valuesOverride.${path.join('.')}`,
    'a map is not valid; the velero chart takes a list of locations (its schema says type: array), so the release fails to install: '
    + 'write backupStorageLocation: [{name, provider, bucket, config, ...}], or use the typed backupLocation option', { value: location, repair })];
}

function ciliumShapes(field: string, values: Record<string, any>): Finding[] {
  const encryption = at(values, ['cilium', 'encryption']);
  if (!isPlainObject(encryption) || encryption.enabled !== true) return [];
  const type = encryption.type;
  const f = `${field}.valuesOverride.cilium.encryption.type`;
  if (type === undefined) {
    return [finding('HK-VALUES-SHAPE', f, 'missing: without it Cilium takes its default ipsec, which needs a key Secret (cilium-ipsec-keys in kube-system) '
      + 'the platform does not create and the agents do not start without; set type: wireguard (keys made by Cilium), or ipsec with that Secret')];
  }
  if (typeof type !== 'string' || !CILIUM_ENCRYPTION_TYPES.includes(type)) {
    const guess = typeof type === 'string' ? nearest(type, CILIUM_ENCRYPTION_TYPES) : undefined;
    return [problem('HK-VALUES-SHAPE', f, type, `Cilium encrypts with ${CILIUM_ENCRYPTION_TYPES.join(' or ')}${guess ? `; did you mean ${guess}?` : ''}`)];
  }
  return [];
}
