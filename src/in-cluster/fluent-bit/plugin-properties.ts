import { problem, type Finding } from '../../model/validation';

/**
 * The FluentBit plugin properties the library renders and checks, per plugin, for the pinned FluentBit
 * version (`FluentBitImage.DEFAULT`). Property names, value formats, allowed values and required
 * properties are taken from the FluentBit manual of that version (docs.fluentbit.io/manual, "Data
 * pipeline" pages). Names are lower case, as the YAML configuration format writes them.
 */

/** The FluentBit release line whose manual the table follows. */
export const FLUENT_BIT_MANUAL_VERSION = '4.0';

/** How a property's value is written. An array lists the allowed values. */
export type PropertyFormat = 'string' | 'bool' | 'int' | 'port' | 'size' | 'time' | 'host' | 'uri' | 'path' | 'keyvalue' | readonly string[];

/** One property of a plugin. */
export interface PropertySpec {
  readonly format: PropertyFormat;
  /** The property may be given several times (a list in YAML). */
  readonly multi?: boolean;
}

/** The properties of one plugin. */
export interface PluginSpec {
  readonly properties: Record<string, PropertySpec>;
  /** Properties the plugin cannot start without. */
  readonly required?: readonly string[];
  /** At least one of these must be set. */
  readonly requiredOneOf?: readonly string[];
}

/** Kinds of pipeline sections. */
export type PluginKind = 'input' | 'filter' | 'output';

const s = (format: PropertyFormat, multi = false): PropertySpec => ({ format, multi });
const BOOL = s('bool');
const STR = s('string');
const INT = s('int');
const SIZE = s('size');
const TIME = s('time');
const PATH = s('path');

/** Properties every plugin of a kind accepts (the manual's "common" section of each kind). */
const COMMON: Record<PluginKind, Record<string, PropertySpec>> = {
  input: {
    'name': STR,
    'alias': STR,
    'tag': STR,
    'log_level': s(['off', 'error', 'warn', 'info', 'debug', 'trace']),
    'mem_buf_limit': SIZE,
    'storage.type': s(['memory', 'filesystem']),
    'threaded': BOOL,
  },
  filter: {
    name: STR, alias: STR, match: STR, match_regex: STR, log_level: s(['off', 'error', 'warn', 'info', 'debug', 'trace']),
  },
  output: {
    'name': STR,
    'alias': STR,
    'match': STR,
    'match_regex': STR,
    'log_level': s(['off', 'error', 'warn', 'info', 'debug', 'trace']),
    'retry_limit': STR,
    'workers': INT,
    'storage.total_limit_size': SIZE,
  },
};

/** Transport security, for outputs that connect over TCP. */
const TLS: Record<string, PropertySpec> = {
  'tls': BOOL,
  'tls.verify': BOOL,
  'tls.debug': INT,
  'tls.ca_file': PATH,
  'tls.ca_path': PATH,
  'tls.crt_file': PATH,
  'tls.key_file': PATH,
  'tls.key_passwd': STR,
  'tls.vhost': s('host'),
};

const JSON_DATE_FORMATS = ['double', 'epoch', 'epoch_ms', 'iso8601', 'java_sql_timestamp'];

/** The elasticsearch and opensearch outputs share their properties. */
const SEARCH: Record<string, PropertySpec> = {
  host: s('host'),
  port: s('port'),
  path: s('uri'),
  compress: s(['gzip']),
  buffer_size: SIZE,
  pipeline: STR,
  aws_auth: BOOL,
  aws_region: STR,
  aws_sts_endpoint: STR,
  aws_role_arn: STR,
  aws_external_id: STR,
  aws_service_name: STR,
  aws_profile: STR,
  http_user: STR,
  http_passwd: STR,
  index: STR,
  type: STR,
  logstash_format: BOOL,
  logstash_prefix: STR,
  logstash_prefix_key: STR,
  logstash_prefix_separator: STR,
  logstash_dateformat: STR,
  time_key: STR,
  time_key_format: STR,
  time_key_nanos: BOOL,
  include_tag_key: BOOL,
  tag_key: STR,
  generate_id: BOOL,
  id_key: STR,
  write_operation: s(['create', 'index', 'update', 'upsert']),
  replace_dots: BOOL,
  trace_output: BOOL,
  trace_error: BOOL,
  current_time_index: BOOL,
  suppress_type_name: BOOL,
  ...TLS,
};

/** Plugins by kind and name. */
export const PLUGIN_PROPERTIES: Record<PluginKind, Record<string, PluginSpec>> = {
  input: {
    tail: {
      properties: {
        'path': STR,
        'exclude_path': STR,
        'path_key': STR,
        'offset_key': STR,
        'db': PATH,
        'db.locking': BOOL,
        'db.sync': s(['extra', 'full', 'normal', 'off']),
        'db.journal_mode': s(['wal', 'delete', 'truncate', 'persist', 'memory', 'off']),
        'buffer_chunk_size': SIZE,
        'buffer_max_size': SIZE,
        'skip_long_lines': BOOL,
        'skip_empty_lines': BOOL,
        'refresh_interval': TIME,
        'read_from_head': BOOL,
        'rotate_wait': TIME,
        'ignore_older': TIME,
        'multiline.parser': STR,
        'parser': STR,
        'key': STR,
        'tag_regex': STR,
        'inotify_watcher': BOOL,
        'static_batch_size': SIZE,
        'file_cache_advise': BOOL,
      },
      required: ['path'],
    },
    systemd: {
      properties: {
        'path': PATH,
        'db': PATH,
        'db.sync': s(['extra', 'full', 'normal', 'off']),
        'max_fields': INT,
        'max_entries': INT,
        'systemd_filter': s('string', true),
        'systemd_filter_type': s(['and', 'or']),
        'read_from_tail': BOOL,
        'lowercase': BOOL,
        'strip_underscores': BOOL,
      },
    },
  },
  filter: {
    kubernetes: {
      properties: {
        'buffer_size': SIZE,
        'kube_url': STR,
        'kube_ca_file': PATH,
        'kube_ca_path': PATH,
        'kube_tag_prefix': STR,
        'kube_token_file': PATH,
        'kube_token_ttl': TIME,
        'kube_meta_cache_ttl': TIME,
        'merge_log': BOOL,
        'merge_log_key': STR,
        'merge_log_trim': BOOL,
        'merge_parser': STR,
        'keep_log': BOOL,
        'labels': BOOL,
        'annotations': BOOL,
        'namespace_labels': BOOL,
        'namespace_annotations': BOOL,
        'k8s-logging.parser': BOOL,
        'k8s-logging.exclude': BOOL,
        'use_journal': BOOL,
        'use_kubelet': BOOL,
        'kubelet_port': s('port'),
        'regex_parser': STR,
        'dummy_meta': BOOL,
        'dns_retries': INT,
        'dns_wait_time': INT,
        'cache_use_docker_id': BOOL,
      },
    },
    grep: {
      properties: { regex: s('keyvalue', true), exclude: s('keyvalue', true), logical_op: s(['AND', 'OR', 'legacy']) },
      requiredOneOf: ['regex', 'exclude'],
    },
    modify: {
      properties: {
        set: s('keyvalue', true),
        add: s('keyvalue', true),
        remove: s('string', true),
        remove_wildcard: s('string', true),
        remove_regex: s('string', true),
        rename: s('keyvalue', true),
        hard_rename: s('keyvalue', true),
        copy: s('keyvalue', true),
        hard_copy: s('keyvalue', true),
        move_to_start: s('string', true),
        move_to_end: s('string', true),
        condition: s('string', true),
      },
      requiredOneOf: ['set', 'add', 'remove', 'remove_wildcard', 'remove_regex', 'rename', 'hard_rename', 'copy', 'hard_copy', 'move_to_start', 'move_to_end'],
    },
    throttle: {
      properties: { rate: INT, window: INT, interval: TIME, print_status: BOOL },
      required: ['rate'],
    },
    multiline: {
      properties: {
        'multiline.parser': STR,
        'multiline.key_content': STR,
        'mode': s(['parser', 'partial_message']),
        'buffer': BOOL,
        'flush_ms': INT,
        'emitter_name': STR,
        'emitter_storage.type': s(['memory', 'filesystem']),
        'emitter_mem_buf_limit': SIZE,
      },
      required: ['multiline.parser'],
    },
  },
  output: {
    loki: {
      properties: {
        host: s('host'),
        port: s('port'),
        uri: s('uri'),
        http_user: STR,
        http_passwd: STR,
        bearer_token: STR,
        header: s('keyvalue', true),
        tenant_id: STR,
        tenant_id_key: STR,
        labels: STR,
        label_keys: STR,
        label_map_path: PATH,
        structured_metadata: STR,
        remove_keys: STR,
        drop_single_key: s(['on', 'off', 'raw']),
        line_format: s(['json', 'key_value']),
        auto_kubernetes_labels: BOOL,
        compress: s(['gzip']),
        ...TLS,
      },
      required: ['host'],
    },
    es: { properties: { ...SEARCH, cloud_id: STR, cloud_auth: STR }, required: ['host'] },
    opensearch: { properties: SEARCH, required: ['host'] },
    splunk: {
      properties: {
        host: s('host'),
        port: s('port'),
        compress: s(['gzip']),
        http_user: STR,
        http_passwd: STR,
        http_buffer_size: SIZE,
        http_debug_bad_request: BOOL,
        splunk_token: STR,
        splunk_send_raw: BOOL,
        event_key: STR,
        event_host: STR,
        event_source: STR,
        event_sourcetype: STR,
        event_sourcetype_key: STR,
        event_index: STR,
        event_index_key: STR,
        event_field: s('keyvalue', true),
        channel: STR,
        ...TLS,
      },
      required: ['host', 'splunk_token'],
    },
    http: {
      properties: {
        host: s('host'),
        port: s('port'),
        uri: s('uri'),
        http_user: STR,
        http_passwd: STR,
        proxy: STR,
        allow_duplicated_headers: BOOL,
        log_response_payload: BOOL,
        compress: s(['gzip', 'snappy', 'zstd']),
        format: s(['msgpack', 'json', 'json_stream', 'json_lines', 'gelf']),
        header: s('keyvalue', true),
        header_tag: STR,
        json_date_key: STR,
        json_date_format: s(JSON_DATE_FORMATS),
        body_key: STR,
        headers_key: STR,
        gelf_timestamp_key: STR,
        gelf_host_key: STR,
        gelf_short_message_key: STR,
        gelf_full_message_key: STR,
        gelf_level_key: STR,
        ...TLS,
      },
      required: ['host'],
    },
    s3: {
      properties: {
        region: STR,
        bucket: STR,
        endpoint: STR,
        sts_endpoint: STR,
        role_arn: STR,
        external_id: STR,
        total_file_size: SIZE,
        upload_chunk_size: SIZE,
        upload_timeout: TIME,
        store_dir: PATH,
        store_dir_limit_size: SIZE,
        s3_key_format: STR,
        s3_key_format_tag_delimiters: STR,
        static_file_path: BOOL,
        use_put_object: BOOL,
        send_content_md5: BOOL,
        auto_retry_requests: BOOL,
        log_key: STR,
        preserve_data_ordering: BOOL,
        storage_class: STR,
        compression: s(['gzip', 'arrow', 'parquet']),
        content_type: STR,
        canned_acl: STR,
        profile: STR,
        json_date_key: STR,
        json_date_format: s(JSON_DATE_FORMATS),
        ...TLS,
      },
      required: ['bucket', 'region'],
    },
    forward: {
      properties: {
        host: s('host'),
        port: s('port'),
        time_as_integer: BOOL,
        upstream: PATH,
        unix_path: PATH,
        tag: STR,
        send_options: BOOL,
        require_ack_response: BOOL,
        compress: s(['gzip']),
        shared_key: STR,
        empty_shared_key: BOOL,
        self_hostname: STR,
        username: STR,
        password: STR,
        retain_metadata_in_forward_mode: BOOL,
        ...TLS,
      },
      required: ['host'],
    },
    syslog: {
      properties: {
        host: s('host'),
        port: s('port'),
        mode: s(['tcp', 'udp', 'tls']),
        syslog_format: s(['rfc3164', 'rfc5424']),
        syslog_maxsize: INT,
        syslog_severity_key: STR,
        syslog_severity_preset: INT,
        syslog_facility_key: STR,
        syslog_facility_preset: INT,
        syslog_hostname_key: STR,
        syslog_hostname_preset: STR,
        syslog_appname_key: STR,
        syslog_appname_preset: STR,
        syslog_procid_key: STR,
        syslog_procid_preset: STR,
        syslog_msgid_key: STR,
        syslog_msgid_preset: STR,
        syslog_sd_key: s('string', true),
        syslog_message_key: STR,
        ...TLS,
      },
      required: ['host'],
    },
    stdout: {
      properties: { format: s(['msgpack', 'json', 'json_lines', 'json_stream']), json_date_key: STR, json_date_format: s(JSON_DATE_FORMATS) },
    },
  },
};

/** A value written into the configuration. */
export type PropertyValue = string | number | string[];

const ENV_REFERENCE = /^\$\{[A-Z_][A-Z0-9_]*\}$/;
const SIZE_VALUE = /^\d+(\.\d+)?([kKmMgG][bB]?)?$/;
const TIME_VALUE = /^\d+(\.\d+)?[smhd]?$/;
const HOST_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:]+\]$/;
const KEY_VALUE = /^\S+\s+\S.*$/;
const BOOL_VALUES = ['on', 'off', 'true', 'false'];

/** What is wrong with one value of a property, or undefined. */
function formatProblem(format: PropertyFormat, value: string | number): string | undefined {
  const text = String(value);
  if (typeof value === 'string' && ENV_REFERENCE.test(value)) return undefined;
  if (Array.isArray(format)) return format.includes(text) ? undefined : `allowed: ${format.join(', ')}`;
  switch (format) {
    case 'bool': return BOOL_VALUES.includes(text) ? undefined : 'expected on or off';
    case 'int': return /^\d+$/.test(text) ? undefined : 'expected a whole number, 0 or more';
    case 'port': return /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535 ? undefined : 'expected a port from 1 to 65535';
    case 'size': return SIZE_VALUE.test(text) ? undefined : 'expected a size such as 512k, 5M or 1G';
    case 'time': return TIME_VALUE.test(text) ? undefined : 'expected a duration such as 10, 30s, 5m or 1h';
    case 'host': return HOST_VALUE.test(text) && text.length <= 253 ? undefined : 'expected a host name or IP address, without scheme, port or path';
    case 'uri': return text.startsWith('/') && !/\s/.test(text) ? undefined : 'expected a path starting with "/" and without spaces';
    case 'path': return text.startsWith('/') ? undefined : 'expected an absolute path';
    case 'keyvalue': return KEY_VALUE.test(text) ? undefined : 'expected "KEY VALUE"';
    default: return text.length > 0 && !text.includes('\n') ? undefined : 'expected a non-empty single-line string';
  }
}

/**
 * The problems of a plugin's rendered properties against the table: unknown properties, missing
 * required ones and values in the wrong format. Plugins the table does not know are checked for shape only.
 */
export function pluginPropertyProblems(kind: PluginKind, plugin: string, properties: Record<string, unknown>, field: string): Finding[] {
  const out: Finding[] = [];
  const spec = PLUGIN_PROPERTIES[kind][plugin];
  const known = spec ? { ...COMMON[kind], ...spec.properties } : undefined;
  for (const [name, value] of Object.entries(properties)) {
    const where = `${field}.${name}`;
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(name)) {
      out.push(problem('HK-FLUENTBIT', where, name, 'property names are letters, digits, ".", "_" and "-"'));
      continue;
    }
    const prop = known?.[name];
    if (known && !prop) {
      out.push(problem('HK-FLUENTBIT', where, name, `not a property of the ${plugin} ${kind} in FluentBit ${FLUENT_BIT_MANUAL_VERSION}; known: ${Object.keys(known).sort().join(', ')}`));
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && prop && !prop.multi) {
      out.push(problem('HK-FLUENTBIT', where, value, `${name} takes one value`));
      continue;
    }
    if (values.length === 0) out.push(problem('HK-FLUENTBIT', where, [], 'give at least one value or leave the property out'));
    for (const v of values) {
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
        out.push(problem('HK-FLUENTBIT', where, v, 'expected a string or a number'));
        continue;
      }
      const bad = formatProblem(prop?.format ?? 'string', v);
      if (bad) out.push(problem('HK-FLUENTBIT', where, v, bad));
    }
  }
  for (const name of spec?.required ?? []) {
    if (properties[name] === undefined) out.push(problem('HK-FLUENTBIT', `${field}.${name}`, undefined, `the ${plugin} ${kind} requires ${name}`));
  }
  if (spec?.requiredOneOf && !spec.requiredOneOf.some((name) => properties[name] !== undefined)) {
    out.push(problem('HK-FLUENTBIT', field, {}, `the ${plugin} ${kind} needs at least one of ${spec.requiredOneOf.join(', ')}`));
  }
  return out;
}
