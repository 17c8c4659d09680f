import { createHash } from 'crypto';
import { ApiObject, JsonPatch, Size, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { FluentBitFilter } from './filters';
import { FluentBitImage } from './image';
import { FluentBitInput } from './inputs';
import { FluentBitOutput } from './outputs';
import type * as pluginPropertiesModule from './plugin-properties';
import { plainSecretProblems } from './secret-properties';
import { FluentBitSecretKeyOptions } from './secrets';
import { PluginSection, SectionContext } from './section';
import { checkArgs, checkProps } from '../../model/guard';
import { lazyModule } from '../../model/lazy-module';
import { addChecks, checkedJson, DNS1123_LABEL, nested, problem, type Finding } from '../../model/validation';
import { PodSecurity, PodSecurityLevel } from '../pod-security';
import { TenantClusterChart } from '../tenant-cluster-chart';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pluginProperties = lazyModule<typeof pluginPropertiesModule>(() => require('./plugin-properties'));

/** Formats of a FluentBit parser. */
export enum FluentBitParserFormat {
  /** The whole line is JSON. */
  JSON = 'json',
  /** A regular expression with named groups. */
  REGEX = 'regex',
  /** `key=value` pairs. */
  LOGFMT = 'logfmt',
  /** Labeled tab-separated values. */
  LTSV = 'ltsv',
}

/** FluentBit's own log level. */
export enum FluentBitLogLevel {
  /** Errors only. */
  ERROR = 'error',
  /** Warnings and errors. */
  WARN = 'warn',
  /** The default. */
  INFO = 'info',
  /** Verbose. */
  DEBUG = 'debug',
}

/**
 * A parser pods can select with the `fluentbit.io/parser` annotation (with the Kubernetes filter),
 * written to the configuration's `parsers` section.
 */
export interface FluentBitParserOptions {
  /** Parser name. */
  readonly name: string;
  /** Format. */
  readonly format: FluentBitParserFormat;
  /**
   * Regular expression with named groups (Onigmo syntax), for `FluentBitParserFormat.REGEX`.
   * @default - required for REGEX, not allowed otherwise
   */
  readonly regex?: string;
  /**
   * Key holding the record's time.
   * @default - the time the line was read
   */
  readonly timeKey?: string;
  /**
   * strptime format of `timeKey`, e.g. `%Y-%m-%dT%H:%M:%S.%L%z`.
   * @default - none
   */
  readonly timeFormat?: string;
}

/**
 * A parser, as `FluentBitProps.parsers` lists it: `FluentBitParser.of({ name: 'app', format: FluentBitParserFormat.JSON })`.
 * A class, so that a Python dict in the list is refused instead of losing the keys jsii does not know
 * (see `NodeGroupSpec`).
 */
export class FluentBitParser {
  /**
   * A parser from its options, checked at once.
   *
   * @param options its name, format, regular expression and time field
   */
  public static of(options: FluentBitParserOptions): FluentBitParser {
    checkArgs('FluentBitParser.of', 'FluentBitParser', 'of', [options], { FluentBitParserFormat });
    return new FluentBitParser(options);
  }

  /** The options as given. */
  public readonly options: FluentBitParserOptions;

  private constructor(options: FluentBitParserOptions) {
    this.options = options;
  }
}

/** Properties of a FluentBit log collector. */
export interface FluentBitProps {
  /** Where records go. At least one. */
  readonly outputs: FluentBitOutput[];
  /**
   * Where records come from.
   * @default - container logs only (`FluentBitInput.containerLogs()`)
   */
  readonly inputs?: FluentBitInput[];
  /**
   * How records are changed, in order.
   * @default - Kubernetes metadata, then the cluster and tenant names (`FluentBitFilter.kubernetes()`,
   * `FluentBitFilter.addFields({ clusterIdentity: true })`)
   */
  readonly filters?: FluentBitFilter[];
  /**
   * Parsers for the `parsers` section, each made by `FluentBitParser.of()`.
   * @default - none (the built-in multiline parsers need none)
   */
  readonly parsers?: FluentBitParser[];
  /**
   * Namespace created for FluentBit; Secrets it references live there.
   * @default "fluent-bit"
   */
  readonly namespace?: string;
  /**
   * Image.
   * @default FluentBitImage.DEFAULT
   */
  readonly image?: FluentBitImage;
  /**
   * Container resources.
   * @default - requests 50m CPU / 64Mi memory; limits 500m CPU / 256Mi memory
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * FluentBit's own log level.
   * @default FluentBitLogLevel.INFO
   */
  readonly logLevel?: FluentBitLogLevel;
  /**
   * Seconds between flushes to the outputs.
   * @default 1
   */
  readonly flushSeconds?: number;
}

/** Port of FluentBit's HTTP server (health and metrics). */
const HTTP_PORT = 2020;
const CONFIG_DIR = '/fluent-bit/etc/hikube';
const CONFIG_FILE = 'fluent-bit.yaml';
const STATE_DIR = '/var/fluent-bit/state';
const SECRETS_DIR = '/fluent-bit/secrets';
const NAMESPACE_LEVEL = PodSecurityLevel.PRIVILEGED;
const SECRET_TOKEN = /\$\{secret:([^}]+)\}/g;

interface Placed {
  readonly field: string;
  readonly section: PluginSection;
}

/**
 * A log collector on every node of the tenant cluster, with a typed FluentBit pipeline.
 *
 * It renders its own namespace, a ServiceAccount (with read access to pods and namespaces only when the
 * Kubernetes filter is used), a ConfigMap with FluentBit's YAML configuration, a DaemonSet and a metrics
 * Service. The namespace is Pod Security `privileged` only because FluentBit reads the node's log files
 * through hostPath volumes, which `baseline` forbids; the container itself is locked down: read-only
 * root filesystem, host logs mounted read-only, one writable host folder for tail positions (so a
 * restart neither loses nor resends lines), every capability dropped, no privilege escalation, the
 * runtime's seccomp profile. It runs as root (uid 0) because node log files are readable by root only.
 *
 * The platform's monitoring agents run their own FluentBit, which tails the same files and ships them
 * to the platform's log store; this one runs beside it and ships to your stores. Both read; neither
 * writes the files, so they do not interfere.
 */
export class FluentBit extends Construct {
  /** The namespace FluentBit runs in. */
  public readonly namespaceName: string;
  /** The rendered FluentBit YAML configuration. */
  public readonly configuration: string;
  /** The DaemonSet. */
  public readonly daemonSet: kplus.DaemonSet;
  /** The metrics Service (port 2020, Prometheus format at `/api/v2/metrics/prometheus`). */
  public readonly metricsService: kplus.Service;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props its settings
   */
  public constructor(scope: Construct, id: string, props: FluentBitProps) {
    super(scope, id);
    checkProps(this, undefined, 'FluentBitProps', props, { FluentBitLogLevel, FluentBitParserFormat });
    // The check at synth reads the settings that were rendered, whatever the caller changes in its object later.
    props = { ...props };
    const chart = TenantClusterChart.enclosing(this);
    const errors: Finding[] = [];
    const namespace = props.namespace ?? 'fluent-bit';
    this.namespaceName = namespace;
    const image = props.image ?? FluentBitImage.DEFAULT;
    const ctx: SectionContext = { clusterName: chart.cluster.clusterName, tenantNamespace: chart.cluster.tenantNamespace };

    // Types and shapes were checked by checkProps above; what is left are the rules of the pipeline.
    const inputs = props.inputs ?? [FluentBitInput.containerLogs()];
    const filters = props.filters ?? [FluentBitFilter.kubernetes(), FluentBitFilter.addFields({ clusterIdentity: true })];
    if (props.outputs.length === 0) errors.push(problem('HK-FLUENTBIT', 'outputs', [], 'FluentBit needs at least one output'));
    const placed: Placed[] = [
      ...inputs.map((x, i) => ({ field: `inputs[${i}]`, section: x._section() })),
      ...filters.map((x, i) => ({ field: `filters[${i}]`, section: x._section(ctx) })),
      ...props.outputs.map((x, i) => ({ field: `outputs[${i}]`, section: x._section() })),
    ];

    // Secrets: values through environment variables, files through read-only mounts, never in the ConfigMap.
    const env: Record<string, FluentBitSecretKeyOptions> = {};
    const secretVolumes = new Set<string>();
    for (const { field, section: s } of placed) {
      errors.push(...[...s.errors, ...plainSecretProblems(s, s.notSecrets)].map((e) => nested(`${field}.${s.plugin}`, e)));
      const envNames: Record<string, string> = {};
      for (const [key, ref] of Object.entries(s.secretEnv)) {
        const name = `FLB_${field.replace(/\[(\d+)\]/, '_$1').toUpperCase()}_${key.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
        envNames[key] = name;
        env[name] = ref;
      }
      for (const [name, ref] of Object.entries(s.env)) {
        if (env[name] && (env[name].secretName !== ref.secretName || env[name].key !== ref.key)) {
          errors.push(problem('HK-FLUENTBIT', `${field}.${s.plugin}`, name, 'another section reads this environment variable from a different Secret; FluentBit has one environment'));
        }
        env[name] = ref;
      }
      const replace = (v: pluginPropertiesModule.PropertyValue | undefined): pluginPropertiesModule.PropertyValue | undefined => {
        if (typeof v === 'string') return v.replace(SECRET_TOKEN, (_, key) => `\${${envNames[key]}}`);
        if (Array.isArray(v)) return v.map((x) => x.replace(SECRET_TOKEN, (_, key) => `\${${envNames[key]}}`));
        return v;
      };
      for (const [k, v] of Object.entries(s.properties)) s.properties[k] = replace(v);
      for (const [prop, ref] of Object.entries(s.secretFiles)) {
        secretVolumes.add(ref.secretName);
        s.properties[prop] = `${SECRETS_DIR}/${ref.secretName}/${ref.key}`;
      }
    }
    let tails = 0;
    for (const { section: s } of placed) {
      if (s.keepsPositions) s.properties.db = `${STATE_DIR}/${s.plugin}-${tails++}.db`;
    }

    const parsers = props.parsers ?? [];
    errors.push(...parserProblems(parsers));
    const config = {
      service: {
        'flush': props.flushSeconds ?? 1,
        'log_level': props.logLevel ?? FluentBitLogLevel.INFO,
        'http_server': 'on',
        'http_listen': '0.0.0.0',
        'http_port': HTTP_PORT,
        'health_check': 'on',
        'hc_errors_count': 5,
        'hc_retry_failure_count': 5,
        'hc_period': 60,
        'storage.metrics': 'on',
      },
      ...(parsers.length > 0 ? { parsers: parsers.map(renderParser) } : {}),
      pipeline: {
        inputs: placed.filter((x) => x.section.kind === 'input').map((x) => renderSection(x.section)),
        ...(placed.some((x) => x.section.kind === 'filter') ? { filters: placed.filter((x) => x.section.kind === 'filter').map((x) => renderSection(x.section)) } : {}),
        outputs: placed.filter((x) => x.section.kind === 'output').map((x) => renderSection(x.section)),
      },
    };
    this.configuration = Yaml.stringify(config);
    const checksum = createHash('sha256').update(this.configuration).digest('hex').slice(0, 16);
    const usesKubernetes = placed.some((x) => x.section.kind === 'filter' && x.section.plugin === 'kubernetes');

    new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: namespace,
        labels: {
          'pod-security.kubernetes.io/enforce': NAMESPACE_LEVEL,
          'pod-security.kubernetes.io/audit': NAMESPACE_LEVEL,
          'pod-security.kubernetes.io/warn': NAMESPACE_LEVEL,
        },
      },
    });
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: 'fluent-bit', namespace },
      automountToken: usesKubernetes,
    });
    if (usesKubernetes) {
      const role = new kplus.ClusterRole(this, 'ClusterRole', {
        metadata: { name: `fluent-bit-${namespace}` },
        rules: [{ verbs: ['get', 'list', 'watch'], endpoints: [kplus.ApiResource.PODS, kplus.ApiResource.NAMESPACES] }],
      });
      const binding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', { metadata: { name: `fluent-bit-${namespace}` }, role });
      binding.addSubjects(serviceAccount);
    }
    const configMap = new kplus.ConfigMap(this, 'Config', {
      metadata: { name: 'fluent-bit-config', namespace },
      data: { [CONFIG_FILE]: this.configuration },
    });

    const hostLogs = kplus.Volume.fromHostPath(this, 'HostLogs', 'host-logs', { path: '/var/log', type: kplus.HostPathVolumeType.DIRECTORY });
    const state = kplus.Volume.fromHostPath(this, 'State', 'state', { path: `/var/lib/fluent-bit/${namespace}`, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE });
    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.gibibytes(1) });
    const configVolume = kplus.Volume.fromConfigMap(this, 'ConfigVolume', configMap, { name: 'config' });
    const resources = props.resources ?? {
      cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
    };

    this.daemonSet = new kplus.DaemonSet(this, 'DaemonSet', {
      metadata: { name: 'fluent-bit', namespace },
      podMetadata: { annotations: { 'checksum/config': checksum } },
      serviceAccount,
      automountServiceAccountToken: usesKubernetes,
      securityContext: { ensureNonRoot: false, user: 0, group: 0 },
      containers: [{
        name: 'fluent-bit',
        image: image.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/fluent-bit/bin/fluent-bit'],
        args: ['--config', `${CONFIG_DIR}/${CONFIG_FILE}`],
        ports: [{ name: 'http', number: HTTP_PORT }],
        resources,
        envVariables: Object.fromEntries(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)).map(([name, ref]) => [name,
          kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, `Env${name}`, ref.secretName), key: ref.key })])),
        securityContext: {
          ensureNonRoot: false,
          user: 0,
          group: 0,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
        liveness: kplus.Probe.fromHttpGet('/', { port: HTTP_PORT }),
        readiness: kplus.Probe.fromHttpGet('/api/v1/health', { port: HTTP_PORT }),
        volumeMounts: [
          { path: '/var/log', volume: hostLogs, readOnly: true },
          { path: STATE_DIR, volume: state },
          { path: '/tmp', volume: tmp },
          { path: CONFIG_DIR, volume: configVolume, readOnly: true },
          ...[...secretVolumes].sort().map((name) => ({
            path: `${SECRETS_DIR}/${name}`,
            volume: kplus.Volume.fromSecret(this, `Secret-${name}`, kplus.Secret.fromSecretName(this, `SecretRef-${name}`, name), { name: `secret-${name}` }),
            readOnly: true,
          })),
        ],
      }],
    });
    this.daemonSet.scheduling.tolerate(new kplus.TaintedNode([kplus.NodeTaintQuery.any()]));
    // cdk8s-plus has no field for the priority class; without it the scheduler may evict the collector first.
    ApiObject.of(this.daemonSet).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'system-node-critical'));

    this.metricsService = new kplus.Service(this, 'Metrics', {
      metadata: { name: 'fluent-bit-metrics', namespace },
      type: kplus.ServiceType.CLUSTER_IP,
      selector: this.daemonSet,
      ports: [{ name: 'http-metrics', port: HTTP_PORT, targetPort: HTTP_PORT }],
    });

    addChecks(this, () => {
      const out = [...errors];
      for (const { field, section: s } of placed) out.push(...pluginProperties.pluginPropertyProblems(s.kind, s.plugin, definedProperties(s), `${field}.${s.plugin}`));
      if (typeof namespace !== 'string' || !DNS1123_LABEL.test(namespace) || namespace.length > 63) {
        out.push(problem('HK-FLUENTBIT', 'namespace', namespace, 'a namespace name must be a lower-case DNS label of at most 63 characters'));
      } else if (namespace.startsWith('kube-') || namespace.startsWith('cozy-')) {
        out.push(problem('HK-FLUENTBIT', 'namespace', namespace, 'the kube- and cozy- prefixes belong to the platform'));
      }
      const twins = chart.node.findAll().filter((c) => c instanceof FluentBit && c !== this && c.namespaceName === namespace);
      if (twins.length > 0) out.push(problem('HK-FLUENTBIT', 'namespace', namespace, `${twins.map((c) => c.node.path).join(', ')} already runs FluentBit there; give each FluentBit its own namespace`));
      const flush = props.flushSeconds;
      if (flush !== undefined && (typeof flush !== 'number' || !Number.isInteger(flush) || flush < 1)) out.push(problem('HK-FLUENTBIT', 'flushSeconds', flush, 'expected a whole number of seconds, 1 or more'));
      if (props.logLevel !== undefined && !Object.values(FluentBitLogLevel).includes(props.logLevel)) out.push(problem('HK-FLUENTBIT', 'logLevel', props.logLevel, `allowed: ${Object.values(FluentBitLogLevel).join(', ')}`));
      if (!(image instanceof FluentBitImage) || !/^[a-z0-9]+([._/:-][a-z0-9]+)*$/.test(image.repository) || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(image.tag)) {
        out.push(problem('HK-FLUENTBIT', 'image', image instanceof FluentBitImage ? image.image : image, 'expected FluentBitImage.DEFAULT or FluentBitImage.of(repository, tag) with a valid repository and tag'));
      }
      const admission = PodSecurity.violations(checkedJson(this, ApiObject.of(this.daemonSet)), NAMESPACE_LEVEL);
      if (admission.length > 0) out.push(problem('HK-FLUENTBIT', 'daemonSet', admission, `namespace ${namespace} enforces Pod Security "${NAMESPACE_LEVEL}"`));
      return out;
    });
  }
}

function definedProperties(s: PluginSection): Record<string, pluginPropertiesModule.PropertyValue> {
  return Object.fromEntries(Object.entries(s.properties).filter(([, v]) => v !== undefined)) as Record<string, pluginPropertiesModule.PropertyValue>;
}

/** One pipeline entry: `name` first, then `tag` or `match`, then the plugin's properties in order. */
function renderSection(s: PluginSection): Record<string, pluginPropertiesModule.PropertyValue> {
  const props = definedProperties(s);
  const lead = s.kind === 'input' ? 'tag' : 'match';
  return { name: s.plugin, ...(props[lead] !== undefined ? { [lead]: props[lead] } : {}), ...props };
}

function renderParser({ options: parser }: FluentBitParser): Record<string, string> {
  return {
    name: parser.name,
    format: parser.format,
    ...(parser.regex !== undefined ? { regex: parser.regex } : {}),
    ...(parser.timeKey !== undefined ? { time_key: parser.timeKey } : {}),
    ...(parser.timeFormat !== undefined ? { time_format: parser.timeFormat } : {}),
  };
}

function parserProblems(parsers: FluentBitParser[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  parsers.forEach(({ options: parser }, i) => {
    const field = `parsers[${i}]`;
    if (typeof parser.name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(parser.name)) out.push(problem('HK-FLUENTBIT', `${field}.name`, parser.name, 'expected letters, digits, "_" and "-"'));
    else if (seen.has(parser.name)) out.push(problem('HK-FLUENTBIT', `${field}.name`, parser.name, 'parser names must be unique'));
    seen.add(parser.name);
    if (!Object.values(FluentBitParserFormat).includes(parser.format)) out.push(problem('HK-FLUENTBIT', `${field}.format`, parser.format, `allowed: ${Object.values(FluentBitParserFormat).join(', ')}`));
    if (parser.format === FluentBitParserFormat.REGEX) {
      if (typeof parser.regex !== 'string' || parser.regex.length === 0) out.push(problem('HK-FLUENTBIT', `${field}.regex`, parser.regex, 'a regex parser needs a regular expression with named groups'));
      else if (!/\(\?<[A-Za-z_][A-Za-z0-9_]*>/.test(parser.regex)) out.push(problem('HK-FLUENTBIT', `${field}.regex`, parser.regex, 'expected named groups such as (?<time>...) that become record keys'));
      else if (!compiles(parser.regex)) out.push(problem('HK-FLUENTBIT', `${field}.regex`, parser.regex, 'the regular expression does not compile'));
    } else if (parser.regex !== undefined) {
      out.push(problem('HK-FLUENTBIT', `${field}.regex`, parser.regex, `only regex parsers take a regular expression, not ${parser.format}`));
    }
    if (parser.timeFormat !== undefined && parser.timeKey === undefined) out.push(problem('HK-FLUENTBIT', `${field}.timeFormat`, parser.timeFormat, 'a time format needs timeKey'));
  });
  return out;
}

function compiles(regex: string): boolean {
  try {
    new RegExp(regex);
    return true;
  } catch {
    return false;
  }
}
