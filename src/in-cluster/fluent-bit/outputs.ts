import { PropertyValue } from './plugin-properties';
import { FluentBitBasicAuth, FluentBitSecretKey, FluentBitSecretKeyOptions, FluentBitTls } from './secrets';
import { applyTls, custom, matchProblems, onOff, PluginSection, section, secretKeyProblems, secretProperty, stringList, stringMap } from './section';
import { checkArgs } from '../../model/guard';
import { problem, type Finding } from '../../model/validation';

/** How records are serialised by outputs that write JSON or MessagePack. */
export enum FluentBitRecordFormat {
  /** MessagePack, FluentBit's internal format. */
  MSGPACK = 'msgpack',
  /** One JSON array of records per flush. */
  JSON = 'json',
  /** One JSON object per line (NDJSON). */
  JSON_LINES = 'json_lines',
  /** JSON objects one after the other. */
  JSON_STREAM = 'json_stream',
  /** Graylog Extended Log Format (HTTP output only). */
  GELF = 'gelf',
}

/** How the Loki output turns a record into a log line. */
export enum LokiLineFormat {
  /** The record as JSON. */
  JSON = 'json',
  /** `key=value` pairs. */
  KEY_VALUE = 'key_value',
}

/** Transport of the syslog output. */
export enum SyslogMode {
  /** TCP. */
  TCP = 'tcp',
  /** UDP. */
  UDP = 'udp',
  /** TCP with TLS. */
  TLS = 'tls',
}

/** Message format of the syslog output. */
export enum SyslogFormat {
  /** RFC 5424. */
  RFC5424 = 'rfc5424',
  /** RFC 3164 (BSD syslog). */
  RFC3164 = 'rfc3164',
}

/** Options every output takes. */
export interface FluentBitOutputOptions {
  /**
   * Tag pattern of the records this output receives (`*` for all, `kube.*` for container logs).
   * @default "*"
   */
  readonly match?: string;
  /**
   * How often a failed flush is retried (a number, or `no_limits` / `no_retries`).
   * @default - FluentBit's default (1 retry)
   */
  readonly retryLimit?: string;
  /**
   * More properties of the plugin, by their name in the FluentBit manual; checked against the
   * plugin's properties for the pinned version.
   * @default - none
   */
  readonly extraProperties?: { [name: string]: string };
  /**
   * Names of `extraProperties`, `headers` or URL query keys whose value only looks like a credential (a
   * public key, a policy named "token"): written as given. Credentials are refused in plain text
   * (`HK-SECRET-PROPERTY`, `HK-SECRET-IN-URL`); list a name here only when its value is not one.
   * @default - none
   */
  readonly notSecrets?: string[];
}

/** Options of the Loki output. */
export interface LokiOutputOptions extends FluentBitOutputOptions {
  /** Host name of Loki (or its gateway), without scheme or path. */
  readonly host: string;
  /**
   * TCP port.
   * @default 3100
   */
  readonly port?: number;
  /**
   * Push path.
   * @default "/loki/api/v1/push"
   */
  readonly uri?: string;
  /**
   * Tenant (the `X-Scope-OrgID` header) for a multi-tenant Loki.
   * @default - single-tenant Loki, no header
   */
  readonly tenantId?: string;
  /**
   * Stream labels: fixed values, or record accessors such as `$kubernetes['namespace_name']`.
   * @default - { job: "fluent-bit" }
   */
  readonly labels?: { [name: string]: string };
  /**
   * Record keys (record accessor syntax) turned into stream labels.
   * @default - none
   */
  readonly labelKeys?: string[];
  /**
   * Record keys removed before sending.
   * @default - none
   */
  readonly removeKeys?: string[];
  /**
   * Add every Kubernetes pod label as a stream label (mind Loki's cardinality limits).
   * @default false
   */
  readonly autoKubernetesLabels?: boolean;
  /**
   * Line format.
   * @default LokiLineFormat.JSON
   */
  readonly lineFormat?: LokiLineFormat;
  /**
   * HTTP basic authentication.
   * @default - none
   */
  readonly basicAuth?: FluentBitBasicAuth;
  /**
   * Bearer token, from a Secret.
   * @default - none
   */
  readonly bearerToken?: FluentBitSecretKeyOptions;
  /**
   * TLS.
   * @default - plain HTTP
   */
  readonly tls?: FluentBitTls;
}

/** Options of the Elasticsearch and OpenSearch outputs. */
export interface SearchOutputOptions extends FluentBitOutputOptions {
  /** Host name of the cluster, without scheme or path. */
  readonly host: string;
  /**
   * TCP port.
   * @default 9200
   */
  readonly port?: number;
  /**
   * Index to write to. Ignored with `logstashPrefix`.
   * @default "fluent-bit"
   */
  readonly index?: string;
  /**
   * Write to daily indices `<prefix>-YYYY.MM.DD` (Logstash format) with this prefix.
   * @default - one index, `index`
   */
  readonly logstashPrefix?: string;
  /**
   * Replace dots in field names with underscores (Kubernetes labels such as `app.kubernetes.io/name`
   * otherwise clash with object fields).
   * @default true
   */
  readonly replaceDots?: boolean;
  /**
   * HTTP basic authentication.
   * @default - none
   */
  readonly basicAuth?: FluentBitBasicAuth;
  /**
   * Compress requests with gzip.
   * @default false
   */
  readonly gzip?: boolean;
  /**
   * TLS.
   * @default - plain HTTP
   */
  readonly tls?: FluentBitTls;
}

/** Options of the Splunk HTTP Event Collector output. */
export interface SplunkOutputOptions extends FluentBitOutputOptions {
  /** Host name of the HTTP Event Collector, without scheme or path. */
  readonly host: string;
  /**
   * TCP port.
   * @default 8088
   */
  readonly port?: number;
  /** HEC token, from a Secret. */
  readonly token: FluentBitSecretKeyOptions;
  /**
   * Splunk index.
   * @default - the token's default index
   */
  readonly index?: string;
  /**
   * Event source.
   * @default - none
   */
  readonly source?: string;
  /**
   * Event source type.
   * @default - none
   */
  readonly sourceType?: string;
  /**
   * Compress requests with gzip.
   * @default false
   */
  readonly gzip?: boolean;
  /**
   * TLS (HEC listens with TLS by default).
   * @default - TLS with verification
   */
  readonly tls?: FluentBitTls;
}

/** Options of the HTTP output. */
export interface HttpOutputOptions extends FluentBitOutputOptions {
  /** Host name, without scheme or path. */
  readonly host: string;
  /**
   * TCP port.
   * @default 80
   */
  readonly port?: number;
  /**
   * Request path.
   * @default "/"
   */
  readonly uri?: string;
  /**
   * Body format.
   * @default FluentBitRecordFormat.JSON_LINES
   */
  readonly format?: FluentBitRecordFormat;
  /**
   * Extra headers with fixed values.
   * @default - none
   */
  readonly headers?: { [name: string]: string };
  /**
   * Extra headers whose value comes from a Secret (e.g. `Authorization`), each made by `FluentBitSecretKey.of()`.
   * @default - none
   */
  readonly secretHeaders?: { [name: string]: FluentBitSecretKey };
  /**
   * HTTP basic authentication.
   * @default - none
   */
  readonly basicAuth?: FluentBitBasicAuth;
  /**
   * Compress requests with gzip.
   * @default false
   */
  readonly gzip?: boolean;
  /**
   * TLS.
   * @default - plain HTTP
   */
  readonly tls?: FluentBitTls;
}

/** Options of the S3 output (AWS S3 or an S3-compatible store such as the platform's buckets). */
export interface S3OutputOptions extends FluentBitOutputOptions {
  /** Bucket name. */
  readonly bucket: string;
  /** Region (any value the store accepts, e.g. `us-east-1` for most S3-compatible stores). */
  readonly region: string;
  /**
   * Endpoint URL of an S3-compatible store.
   * @default - AWS
   */
  readonly endpoint?: string;
  /** Access key id, from a Secret (read by FluentBit from `AWS_ACCESS_KEY_ID`). */
  readonly accessKeyId: FluentBitSecretKeyOptions;
  /** Secret access key, from a Secret (read by FluentBit from `AWS_SECRET_ACCESS_KEY`). */
  readonly secretAccessKey: FluentBitSecretKeyOptions;
  /**
   * Object key format (FluentBit's `s3_key_format`, with `$TAG`, `%Y` and the like).
   * @default "/fluent-bit-logs/$TAG/%Y/%m/%d/%H/%M/%S"
   */
  readonly keyFormat?: string;
  /**
   * Size at which a file is uploaded, e.g. `50M`.
   * @default "100M"
   */
  readonly totalFileSize?: string;
  /**
   * Time after which a file is uploaded whatever its size, e.g. `10m`.
   * @default "10m"
   */
  readonly uploadTimeout?: string;
  /**
   * Compress objects with gzip.
   * @default false
   */
  readonly gzip?: boolean;
}

/** Options of the forward output (to Fluentd or another FluentBit). */
export interface ForwardOutputOptions extends FluentBitOutputOptions {
  /** Host name, without scheme. */
  readonly host: string;
  /**
   * TCP port.
   * @default 24224
   */
  readonly port?: number;
  /**
   * Shared key for the secure forward handshake, from a Secret. Needs `tls`.
   * @default - no handshake
   */
  readonly sharedKey?: FluentBitSecretKeyOptions;
  /**
   * Host name sent in the handshake.
   * @default - none
   */
  readonly selfHostname?: string;
  /**
   * Wait for the receiver to acknowledge each chunk.
   * @default false
   */
  readonly requireAck?: boolean;
  /**
   * TLS.
   * @default - plain TCP
   */
  readonly tls?: FluentBitTls;
}

/** Options of the syslog output. */
export interface SyslogOutputOptions extends FluentBitOutputOptions {
  /** Host name, without scheme. */
  readonly host: string;
  /**
   * Port.
   * @default 514
   */
  readonly port?: number;
  /**
   * Transport. `SyslogMode.TLS` needs `tls` for its options or uses verified defaults.
   * @default SyslogMode.TCP
   */
  readonly mode?: SyslogMode;
  /**
   * Message format.
   * @default SyslogFormat.RFC5424
   */
  readonly format?: SyslogFormat;
  /**
   * Record key holding the message.
   * @default "log"
   */
  readonly messageKey?: string;
  /**
   * Record key holding the host name.
   * @default - none
   */
  readonly hostnameKey?: string;
  /**
   * Record key holding the application name.
   * @default - none
   */
  readonly appnameKey?: string;
  /**
   * TLS options (with `SyslogMode.TLS`).
   * @default - verified TLS with the image's CAs when the mode is TLS
   */
  readonly tls?: FluentBitTls;
}

/** Options of the stdout output (FluentBit's own log; for debugging). */
export interface StdoutOutputOptions extends FluentBitOutputOptions {
  /**
   * Format.
   * @default FluentBitRecordFormat.JSON_LINES
   */
  readonly format?: FluentBitRecordFormat;
}

/** Options of an output plugin the library has no typed entry for. */
export interface CustomOutputOptions {
  /**
   * Tag pattern of the records this output receives.
   * @default "*"
   */
  readonly match?: string;
  /**
   * Properties whose value comes from a Secret, through an environment variable, each made by
   * `FluentBitSecretKey.of()`.
   * @default - none
   */
  readonly secretProperties?: { [name: string]: FluentBitSecretKey };
  /**
   * Names of properties or URL query keys whose value only looks like a credential: written as given.
   * Credentials are refused in plain text (`HK-SECRET-PROPERTY`, `HK-SECRET-IN-URL`); use `secretProperties`.
   * @default - none
   */
  readonly notSecrets?: string[];
}

/**
 * Where FluentBit sends records: a `pipeline.outputs` entry. Each factory checks the plugin's required
 * properties and value formats at synth against the pinned FluentBit version's manual.
 * Credentials are Secret references: passed as environment variables or mounted files, never written
 * into the ConfigMap.
 */
export class FluentBitOutput {
  /**
   * Grafana Loki (`loki`).
   * @param options the settings of this plugin
   */
  public static loki(options: LokiOutputOptions): FluentBitOutput {
    checkArgs('FluentBitOutput.loki', 'FluentBitOutput', 'loki', [options], { LokiLineFormat });
    return new FluentBitOutput('loki', () => {
      const o = options ?? ({} as LokiOutputOptions);
      const errors: Finding[] = [];
      const labels = o.labels === undefined ? [['job', 'fluent-bit']] : stringMap('labels', o.labels, errors);
      const out = base('loki', o, {
        host: o.host,
        port: o.port ?? 3100,
        uri: o.uri,
        tenant_id: o.tenantId,
        labels: labels.map(([k, v]) => `${k}=${v}`).join(', ') || undefined,
        label_keys: stringList('labelKeys', o.labelKeys, errors).join(',') || undefined,
        remove_keys: stringList('removeKeys', o.removeKeys, errors).join(',') || undefined,
        auto_kubernetes_labels: onOff(o.autoKubernetesLabels),
        line_format: o.lineFormat ?? LokiLineFormat.JSON,
      });
      out.errors.push(...errors);
      basicAuth(out, o.basicAuth);
      secretProperty(out, 'bearer_token', o.bearerToken, 'bearerToken');
      applyTls(out, o.tls);
      return out;
    });
  }

  /**
   * Elasticsearch (`es`).
   * @param options the settings of this plugin
   */
  public static elasticsearch(options: SearchOutputOptions): FluentBitOutput {
    checkArgs('FluentBitOutput.elasticsearch', 'FluentBitOutput', 'elasticsearch', [options]);
    return new FluentBitOutput('es', () => search('es', options));
  }

  /**
   * OpenSearch (`opensearch`).
   * @param options the settings of this plugin
   */
  public static openSearch(options: SearchOutputOptions): FluentBitOutput {
    checkArgs('FluentBitOutput.openSearch', 'FluentBitOutput', 'openSearch', [options]);
    return new FluentBitOutput('opensearch', () => search('opensearch', options));
  }

  /**
   * Splunk HTTP Event Collector (`splunk`).
   * @param options the settings of this plugin
   */
  public static splunk(options: SplunkOutputOptions): FluentBitOutput {
    checkArgs('FluentBitOutput.splunk', 'FluentBitOutput', 'splunk', [options]);
    return new FluentBitOutput('splunk', () => {
      const o = options ?? ({} as SplunkOutputOptions);
      const out = base('splunk', o, {
        host: o.host,
        port: o.port ?? 8088,
        event_index: o.index,
        event_source: o.source,
        event_sourcetype: o.sourceType,
        compress: o.gzip ? 'gzip' : undefined,
      });
      if (o.token === undefined) out.errors.push(problem('HK-FLUENTBIT', 'token', undefined, 'the Splunk output needs the HEC token, as a Secret reference'));
      secretProperty(out, 'splunk_token', o.token, 'token');
      applyTls(out, o.tls ?? {});
      return out;
    });
  }

  /**
   * Any HTTP endpoint (`http`).
   * @param options the settings of this plugin
   */
  public static http(options: HttpOutputOptions): FluentBitOutput {
    checkArgs('FluentBitOutput.http', 'FluentBitOutput', 'http', [options], { FluentBitRecordFormat });
    return new FluentBitOutput('http', () => {
      const o = options ?? ({} as HttpOutputOptions);
      const errors: Finding[] = [];
      const headers = stringMap('headers', o.headers, errors).map(([k, v]) => `${k} ${v}`);
      const out = base('http', o, {
        host: o.host,
        port: o.port ?? 80,
        uri: o.uri ?? '/',
        format: o.format ?? FluentBitRecordFormat.JSON_LINES,
        json_date_key: 'date',
        json_date_format: 'iso8601',
        compress: o.gzip ? 'gzip' : undefined,
      });
      out.errors.push(...errors);
      basicAuth(out, o.basicAuth);
      const secretHeaders = Object.entries(o.secretHeaders ?? {}).sort(([a], [b]) => a.localeCompare(b));
      // One environment variable per secret header; the header line keeps its name and reads the value.
      secretHeaders.forEach(([name, { options: ref }], i) => {
        out.errors.push(...secretKeyProblems(`secretHeaders.${name}`, ref));
        out.secretEnv[`header#${i}`] = ref;
        headers.push(`${name} \${secret:header#${i}}`);
      });
      if (headers.length > 0) out.properties.header = headers;
      applyTls(out, o.tls);
      return out;
    });
  }

  /**
   * Amazon S3 or an S3-compatible object store (`s3`).
   * @param options the settings of this plugin
   */
  public static s3(options: S3OutputOptions): FluentBitOutput {
    checkArgs('FluentBitOutput.s3', 'FluentBitOutput', 's3', [options]);
    return new FluentBitOutput('s3', () => {
      const o = options ?? ({} as S3OutputOptions);
      const out = base('s3', o, {
        bucket: o.bucket,
        region: o.region,
        endpoint: o.endpoint,
        total_file_size: o.totalFileSize ?? '100M',
        upload_timeout: o.uploadTimeout ?? '10m',
        s3_key_format: o.keyFormat,
        compression: o.gzip ? 'gzip' : undefined,
        // The root filesystem is read-only: buffer where the pod has a writable volume.
        store_dir: '/tmp/fluent-bit/s3',
      });
      if (o.endpoint !== undefined && (typeof o.endpoint !== 'string' || !/^https?:\/\/\S+$/.test(o.endpoint))) {
        out.errors.push(problem('HK-FLUENTBIT', 'endpoint', o.endpoint, 'expected an http:// or https:// URL'));
      }
      for (const [field, env, ref] of [['accessKeyId', 'AWS_ACCESS_KEY_ID', o.accessKeyId], ['secretAccessKey', 'AWS_SECRET_ACCESS_KEY', o.secretAccessKey]] as const) {
        if (ref === undefined) {
          out.errors.push(problem('HK-FLUENTBIT', field, undefined, 'the S3 output needs credentials, as Secret references'));
          continue;
        }
        out.errors.push(...secretKeyProblems(field, ref));
        out.env[env] = ref;
      }
      return out;
    });
  }

  /**
   * Fluentd or another FluentBit, over the forward protocol (`forward`).
   * @param options the settings of this plugin
   */
  public static forward(options: ForwardOutputOptions): FluentBitOutput {
    checkArgs('FluentBitOutput.forward', 'FluentBitOutput', 'forward', [options]);
    return new FluentBitOutput('forward', () => {
      const o = options ?? ({} as ForwardOutputOptions);
      const out = base('forward', o, {
        host: o.host,
        port: o.port ?? 24224,
        self_hostname: o.selfHostname,
        require_ack_response: onOff(o.requireAck),
      });
      secretProperty(out, 'shared_key', o.sharedKey, 'sharedKey');
      if (o.sharedKey !== undefined && o.tls === undefined) {
        out.errors.push(problem('HK-FLUENTBIT', 'sharedKey', o.sharedKey.secretName, 'the secure forward handshake runs over TLS; set tls'));
      }
      applyTls(out, o.tls);
      return out;
    });
  }

  /**
   * A syslog server (`syslog`).
   * @param options the settings of this plugin
   */
  public static syslog(options: SyslogOutputOptions): FluentBitOutput {
    checkArgs('FluentBitOutput.syslog', 'FluentBitOutput', 'syslog', [options], { SyslogFormat, SyslogMode });
    return new FluentBitOutput('syslog', () => {
      const o = options ?? ({} as SyslogOutputOptions);
      const mode = o.mode ?? SyslogMode.TCP;
      const out = base('syslog', o, {
        host: o.host,
        port: o.port ?? 514,
        mode,
        syslog_format: o.format ?? SyslogFormat.RFC5424,
        syslog_message_key: o.messageKey ?? 'log',
        syslog_hostname_key: o.hostnameKey,
        syslog_appname_key: o.appnameKey,
      });
      if (o.tls !== undefined && mode !== SyslogMode.TLS) out.errors.push(problem('HK-FLUENTBIT', 'tls', o.tls, 'TLS options need mode SyslogMode.TLS'));
      applyTls(out, mode === SyslogMode.TLS ? o.tls ?? {} : undefined);
      return out;
    });
  }

  /**
   * FluentBit's own standard output (`stdout`), read with `kubectl logs`; for debugging a pipeline.
   * @param options the settings of this plugin
   */
  public static stdout(options: StdoutOutputOptions = {}): FluentBitOutput {
    checkArgs('FluentBitOutput.stdout', 'FluentBitOutput', 'stdout', [options], { FluentBitRecordFormat });
    return new FluentBitOutput('stdout', () => base('stdout', options ?? {}, { format: (options ?? {}).format ?? FluentBitRecordFormat.JSON_LINES }));
  }

  /**
   * Any output plugin, by its name in the FluentBit manual, with its properties. Properties of the
   * plugins the library knows are still checked.
   * @param plugin the FluentBit plugin name, as in its manual
   * @param properties the plugin's properties by name, checked against the property table where the plugin is known
   * @param options the settings of this plugin
   */
  public static of(plugin: string, properties: { [name: string]: string }, options: CustomOutputOptions = {}): FluentBitOutput {
    checkArgs('FluentBitOutput.of', 'FluentBitOutput', 'of', [plugin, properties, options]);
    return new FluentBitOutput(plugin, () => custom('output', plugin, properties, options?.match ?? '*', options?.secretProperties, options?.notSecrets));
  }

  private constructor(
    /** The FluentBit plugin name. */
    public readonly plugin: string,
    private readonly build: () => PluginSection) {}

  /** The section this output renders. @internal */
  public _section(): PluginSection {
    return this.build();
  }
}

function base(plugin: string, o: FluentBitOutputOptions, properties: Record<string, PropertyValue | undefined>): PluginSection {
  const errors: Finding[] = [...matchProblems('match', o.match)];
  const extra = stringMap('extraProperties', o.extraProperties, errors).map(([k, v]) => [k.toLowerCase(), v] as const);
  for (const [k] of extra) {
    if (k in properties || ['name', 'match'].includes(k)) errors.push(problem('HK-FLUENTBIT', `extraProperties.${k}`, k, 'this property is set by a typed option; use the option instead'));
  }
  return section('output', plugin, {
    match: o.match ?? '*',
    ...properties,
    retry_limit: o.retryLimit,
    ...Object.fromEntries(extra.filter(([k]) => !(k in properties) && !['name', 'match'].includes(k))),
  }, { errors, notSecrets: stringList('notSecrets', o.notSecrets, errors) });
}

function basicAuth(out: PluginSection, auth: FluentBitBasicAuth | undefined): void {
  if (auth === undefined) return;
  if (typeof auth !== 'object' || auth === null || typeof auth.user !== 'string' || auth.user.length === 0) {
    out.errors.push(problem('HK-FLUENTBIT', 'basicAuth', auth, 'expected { user, password: { secretName, key } }'));
    return;
  }
  out.properties.http_user = auth.user;
  secretProperty(out, 'http_passwd', auth.password, 'basicAuth.password');
  if (auth.password === undefined) out.errors.push(problem('HK-FLUENTBIT', 'basicAuth.password', undefined, 'basic authentication needs a password, as a Secret reference'));
}

function search(plugin: 'es' | 'opensearch', options: SearchOutputOptions): PluginSection {
  const o = options ?? ({} as SearchOutputOptions);
  const out = base(plugin, o, {
    host: o.host,
    port: o.port ?? 9200,
    index: o.logstashPrefix === undefined ? o.index ?? 'fluent-bit' : undefined,
    logstash_format: o.logstashPrefix === undefined ? undefined : 'on',
    logstash_prefix: o.logstashPrefix,
    replace_dots: onOff(o.replaceDots ?? true),
    // Both stores dropped mapping types; sending one is an error from Elasticsearch 8 and OpenSearch 2.
    suppress_type_name: 'on',
    compress: o.gzip ? 'gzip' : undefined,
    // Without it, rejected documents vanish silently: the bulk API answers 200 with per-item errors.
    trace_error: 'on',
  });
  if (o.index !== undefined && o.logstashPrefix !== undefined) out.errors.push(problem('HK-FLUENTBIT', 'index', o.index, 'set either index or logstashPrefix, not both'));
  basicAuth(out, o.basicAuth);
  applyTls(out, o.tls);
  return out;
}
