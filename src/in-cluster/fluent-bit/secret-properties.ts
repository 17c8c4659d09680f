import { PluginSection } from './section';
import { SECRET_HEADER, SECRET_NAME, urlCredentials } from '../../model/plain-secrets';
import { finding, type Finding } from '../../model/validation';

/** The escape hatch that reads any property from a Secret. */
const SECRET_PROPERTIES = 'FluentBitOutput.of(plugin, properties, { secretProperties: { <property>: FluentBitSecretKey.of({ secretName, key }) } })';
const BASIC_AUTH = 'basicAuth: { user, password: { secretName, key } }';

/**
 * Properties that hold a credential, per plugin, with the typed option that reads it from a Secret instead.
 * Source: the "Configuration parameters" tables of the FluentBit manual, version `FLUENT_BIT_MANUAL_VERSION`
 * (docs.fluentbit.io/manual, "Data pipeline" > "Outputs" > each plugin; `*` lists the parameters shared by
 * the HTTP-based outputs and by every output with TLS). A name outside the table that ends like a credential
 * (`..._password`, `..._token`, `..._api_key`) is treated the same way.
 */
const SECRET_PROPERTY_TABLE: Record<string, Record<string, string>> = {
  '*': { 'http_passwd': BASIC_AUTH, 'tls.key_passwd': 'an unencrypted key in tls.clientKey (mounted from a Secret)' },
  'loki': { bearer_token: 'bearerToken' },
  'splunk': { splunk_token: 'token' },
  'forward': { shared_key: 'sharedKey', password: SECRET_PROPERTIES },
  'es': { cloud_auth: `${BASIC_AUTH} with host set to the cloud endpoint` },
  'datadog': { apikey: SECRET_PROPERTIES },
  'nrlogs': { api_key: SECRET_PROPERTIES, license_key: SECRET_PROPERTIES },
  'logdna': { api_key: SECRET_PROPERTIES },
  'azure': { shared_key: SECRET_PROPERTIES },
  'azure_blob': { shared_key: SECRET_PROPERTIES, sas_token: SECRET_PROPERTIES },
  'azure_kusto': { client_secret: SECRET_PROPERTIES },
  'azure_logs_ingestion': { client_secret: SECRET_PROPERTIES },
  'influxdb': { http_token: SECRET_PROPERTIES },
  'kafka': { 'rdkafka.sasl.password': SECRET_PROPERTIES },
  'pgsql': { password: SECRET_PROPERTIES },
  'skywalking': { auth_token: SECRET_PROPERTIES },
};

/** Headers with a credential go through the HTTP output's `secretHeaders`. */
const SECRET_HEADERS = 'secretHeaders: { <header>: FluentBitSecretKey.of({ secretName, key }) }';
/** A property whose value the library takes from a Secret. */
const FROM_SECRET = /\$\{secret:/;

/** The typed option for a property that holds a credential, or undefined when it holds none. @internal */
export function secretPropertyOption(plugin: string, property: string): string | undefined {
  const known = SECRET_PROPERTY_TABLE[plugin]?.[property] ?? SECRET_PROPERTY_TABLE['*'][property];
  return known ?? (SECRET_NAME.test(property) ? SECRET_PROPERTIES : undefined);
}

/**
 * Credentials a section would write into the ConfigMap in plain text: properties that hold one, headers
 * that carry one, and URLs with a password or a token. `notSecrets` lists property, header or query key
 * names whose value only looks like a secret. Values are never repeated in the message.
 * @internal
 */
export function plainSecretProblems(s: PluginSection, notSecrets: readonly string[] = []): Finding[] {
  const allowed = new Set(notSecrets.map((n) => n.toLowerCase()));
  const out: Finding[] = [];
  const optOut = 'if the value only looks like a secret, list the name in notSecrets';
  for (const [property, value] of Object.entries(s.properties)) {
    const values = value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
    for (const v of values.filter((x) => !FROM_SECRET.test(x))) {
      if (property === 'header') {
        const name = v.split(/\s+/)[0];
        if (SECRET_HEADER.test(name) && !allowed.has(name.toLowerCase())) {
          out.push(finding('HK-SECRET-PROPERTY', `header.${name}`, `header ${name} carries a credential, and its value would be written into the ConfigMap in plain text; use ${SECRET_HEADERS} (${optOut})`));
        }
        continue;
      }
      const option = allowed.has(property) ? undefined : secretPropertyOption(s.plugin, property);
      if (option) {
        out.push(finding('HK-SECRET-PROPERTY', property, `property ${property} of ${s.plugin} holds a credential, and its value would be written into the ConfigMap in plain text; use ${option} (${optOut})`));
        continue;
      }
      const url = urlCredentials(v, notSecrets);
      if (url.found.length > 0) {
        out.push(finding('HK-SECRET-IN-URL', property, `the URL carries ${url.found.join(' and ')}, which would be written into the ConfigMap in plain text; ` +
          `pass credentials through ${BASIC_AUTH}, a secret header or ${SECRET_PROPERTIES} (${optOut.replace('the name', 'the query key')})`, { value: url.masked }));
      }
    }
  }
  return out;
}
