import { PluginKind, PropertyValue } from './plugin-properties';
import { FluentBitSecretKey, FluentBitSecretKeyOptions, FluentBitTls } from './secrets';
import { DNS1123_SUBDOMAIN, problem, type Finding } from '../../model/validation';

/** What an input, filter or output renders to before the construct places it. @internal */
export interface PluginSection {
  readonly kind: PluginKind;
  readonly plugin: string;
  /** Properties in the order written; `undefined` ones are left out. */
  readonly properties: Record<string, PropertyValue | undefined>;
  /** Properties whose value is read from a Secret through an environment variable. */
  readonly secretEnv: Record<string, FluentBitSecretKeyOptions>;
  /** Properties whose value is the path of a file mounted from a Secret. */
  readonly secretFiles: Record<string, FluentBitSecretKeyOptions>;
  /** Environment variables the plugin reads itself (outside the configuration), from Secrets. */
  readonly env: Record<string, FluentBitSecretKeyOptions>;
  /** Problems found in the typed options, relative to the section's field. */
  readonly errors: Finding[];
  /** Property, header and query key names whose value only looks like a secret (written as given). */
  readonly notSecrets?: readonly string[];
  /** The section keeps file positions (tail) or a journal cursor (systemd) in a database on the host. */
  readonly keepsPositions?: boolean;
}

/** What sections may read from the cluster the chart is bound to. @internal */
export interface SectionContext {
  readonly clusterName: string;
  readonly tenantNamespace?: string;
}

/** Starts a section with empty secret maps. @internal */
export function section(kind: PluginKind, plugin: string, properties: Record<string, PropertyValue | undefined>,
  init: Partial<PluginSection> = {}): PluginSection {
  return { kind, plugin, properties, secretEnv: {}, secretFiles: {}, env: {}, errors: [], ...init };
}

/** `on`/`off`, FluentBit's spelling of booleans; undefined stays undefined. @internal */
export function onOff(value: boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value ? 'on' : 'off';
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Problems of a secret reference given by an untyped caller or with a bad name. @internal */
export function secretKeyProblems(field: string, ref: unknown): Finding[] {
  const r = ref as Partial<FluentBitSecretKeyOptions> | undefined;
  if (!r || typeof r !== 'object') return [problem('HK-FLUENTBIT', field, ref, 'expected a secret reference { secretName, key }')];
  const out: Finding[] = [];
  if (typeof r.secretName !== 'string' || r.secretName.length > 253 || !DNS1123_SUBDOMAIN.test(r.secretName)) {
    out.push(problem('HK-FLUENTBIT', `${field}.secretName`, r.secretName, 'a Secret name must be a lower-case DNS subdomain (RFC 1123)'));
  }
  if (typeof r.key !== 'string' || !SECRET_KEY.test(r.key)) out.push(problem('HK-FLUENTBIT', `${field}.key`, r.key, 'a Secret key is letters, digits, "-", "_" and "."'));
  return out;
}

/** Adds the TLS properties and mounted files of an output. @internal */
export function applyTls(target: PluginSection, tls: FluentBitTls | undefined, field = 'tls'): void {
  if (tls === undefined) return;
  if (typeof tls !== 'object' || tls === null) {
    target.errors.push(problem('HK-FLUENTBIT', field, tls, 'expected TLS options { verify, ca, clientCertificate, clientKey, serverName }'));
    return;
  }
  target.properties.tls = 'on';
  target.properties['tls.verify'] = onOff(tls.verify ?? true);
  if (tls.serverName !== undefined) target.properties['tls.vhost'] = tls.serverName;
  for (const [name, prop, ref] of [['ca', 'tls.ca_file', tls.ca], ['clientCertificate', 'tls.crt_file', tls.clientCertificate], ['clientKey', 'tls.key_file', tls.clientKey]] as const) {
    if (ref === undefined) continue;
    target.errors.push(...secretKeyProblems(`${field}.${name}`, ref));
    target.secretFiles[prop] = ref;
  }
  if ((tls.clientCertificate === undefined) !== (tls.clientKey === undefined)) {
    target.errors.push(problem('HK-FLUENTBIT', `${field}.clientCertificate`, tls.clientCertificate?.secretName, 'mutual TLS needs both clientCertificate and clientKey'));
  }
}

/** Adds a property read from a Secret through an environment variable. @internal */
export function secretProperty(target: PluginSection, property: string, ref: FluentBitSecretKeyOptions | undefined, field: string): void {
  if (ref === undefined) return;
  target.errors.push(...secretKeyProblems(field, ref));
  target.secretEnv[property] = ref;
  target.properties[property] = `\${secret:${property}}`;
}

/** Problems of a match pattern. @internal */
export function matchProblems(field: string, match: unknown): Finding[] {
  if (match === undefined) return [];
  if (typeof match !== 'string' || match.length === 0 || /\s/.test(match)) {
    return [problem('HK-FLUENTBIT', field, match, 'expected a tag pattern without spaces, such as "*" or "kube.*"')];
  }
  return [];
}

/** A string-to-string map given by any caller, as sorted entries; problems for anything else. @internal */
export function stringMap(field: string, value: unknown, errors: Finding[]): Array<[string, string]> {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(problem('HK-FLUENTBIT', field, value, 'expected a map of strings'));
    return [];
  }
  const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
  for (const [k, v] of entries) {
    if (typeof v !== 'string') errors.push(problem('HK-FLUENTBIT', `${field}.${k}`, v, 'expected a string'));
  }
  return entries.filter(([, v]) => typeof v === 'string') as Array<[string, string]>;
}

/** A list of strings given by any caller; problems for anything else. @internal */
export function stringList(field: string, value: unknown, errors: Finding[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(problem('HK-FLUENTBIT', field, value, 'expected a list of strings'));
    return [];
  }
  const bad = value.filter((v) => typeof v !== 'string' || v.length === 0);
  for (const v of bad) errors.push(problem('HK-FLUENTBIT', field, v, 'expected non-empty strings'));
  return value.filter((v) => typeof v === 'string' && v.length > 0);
}

/** The properties of an escape-hatch plugin, with shape checks for untyped callers. @internal */
export function custom(kind: 'input' | 'filter' | 'output', plugin: string, properties: unknown, match: string | undefined,
  secrets?: { [name: string]: FluentBitSecretKey }, notSecrets?: readonly string[]): PluginSection {
  const errors: Finding[] = [];
  if (typeof plugin !== 'string' || !/^[a-z][a-z0-9_]*$/.test(plugin)) errors.push(problem('HK-FLUENTBIT', 'name', plugin, 'expected a FluentBit plugin name (lower case, digits, "_")'));
  const props = stringMap('properties', properties, errors);
  const lower = props.map(([k, v]) => [k.toLowerCase(), v] as const);
  const reserved = lower.filter(([k]) => ['name', 'match', 'tag'].includes(k)).map(([k]) => k);
  for (const k of reserved) errors.push(problem('HK-FLUENTBIT', `properties.${k}`, k, 'name is the plugin argument; match and tag are options of their own'));
  const out = section(kind, typeof plugin === 'string' ? plugin : 'invalid', {
    ...(kind === 'input' ? {} : { match }),
    ...Object.fromEntries(lower.filter(([k]) => !reserved.includes(k))),
  }, { errors, notSecrets: stringList('notSecrets', notSecrets, errors) });
  out.errors.push(...matchProblems('match', match));
  for (const [name, { options: ref }] of Object.entries(secrets ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    secretProperty(out, name.toLowerCase(), ref, `secretProperties.${name}`);
  }
  return out;
}
