import { custom, matchProblems, onOff, PluginSection, section, SectionContext, stringList, stringMap } from './section';
import { checkArgs } from '../../model/guard';
import { problem, type Finding } from '../../model/validation';

/** Options every filter takes. */
export interface FluentBitFilterOptions {
  /**
   * Tag pattern of the records this filter applies to.
   * @default "*" (for the Kubernetes filter: "kube.*")
   */
  readonly match?: string;
}

/** Options of the Kubernetes metadata filter. */
export interface KubernetesFilterOptions extends FluentBitFilterOptions {
  /**
   * Prefix the container log input's tag adds before the file name; the filter reads the pod,
   * namespace and container from the rest.
   * @default "kube.var.log.containers."
   */
  readonly tagPrefix?: string;
  /**
   * Parse a JSON `log` field and lift its keys into the record.
   * @default true
   */
  readonly mergeLog?: boolean;
  /**
   * Keep the original `log` field after merging.
   * @default false
   */
  readonly keepLog?: boolean;
  /**
   * Add pod labels.
   * @default true
   */
  readonly labels?: boolean;
  /**
   * Add pod annotations.
   * @default false
   */
  readonly annotations?: boolean;
  /**
   * Let pods pick a parser with the `fluentbit.io/parser` annotation.
   * @default true
   */
  readonly allowParserAnnotation?: boolean;
  /**
   * Let pods opt out with the `fluentbit.io/exclude` annotation.
   * @default true
   */
  readonly allowExcludeAnnotation?: boolean;
}

/** A grep rule: a record key (or record accessor) and a regular expression. */
export interface GrepRuleOptions {
  /** Record key, or a record accessor such as `$kubernetes['namespace_name']`. */
  readonly key: string;
  /** Regular expression (Onigmo syntax, as Ruby's). */
  readonly regex: string;
}

/**
 * A grep rule, as `GrepFilterOptions.include` and `exclude` list it:
 * `GrepRule.of({ key: "$kubernetes['namespace_name']", regex: '^cozy-' })`. A class, so that a Python dict
 * in the list is refused instead of losing the keys jsii does not know (see `NodeGroupSpec`).
 */
export class GrepRule {
  /**
   * A grep rule from its options, checked at once.
   *
   * @param options the record key and the regular expression
   */
  public static of(options: GrepRuleOptions): GrepRule {
    checkArgs('GrepRule.of', 'GrepRule', 'of', [options]);
    return new GrepRule(options);
  }

  /** The options as given. */
  public readonly options: GrepRuleOptions;

  private constructor(options: GrepRuleOptions) {
    this.options = options;
  }
}

/** Options of the grep filter. */
export interface GrepFilterOptions extends FluentBitFilterOptions {
  /**
   * Keep only records matching these rules, each made by `GrepRule.of()`.
   * @default - none
   */
  readonly include?: GrepRule[];
  /**
   * Drop records matching these rules, each made by `GrepRule.of()`.
   * @default - none
   */
  readonly exclude?: GrepRule[];
  /**
   * Combine the rules with OR instead of AND (include) or OR (exclude), FluentBit's default.
   * @default false
   */
  readonly matchAny?: boolean;
}

/** Options of the filter that adds fields. */
export interface AddFieldsFilterOptions extends FluentBitFilterOptions {
  /**
   * Fields to add to every record (not overwriting fields the record already has).
   * @default - none
   */
  readonly fields?: { [key: string]: string };
  /**
   * Add `cluster` (the cluster's name) and `tenant` (its tenant namespace), the labels the platform's
   * own log pipeline uses.
   * @default false
   */
  readonly clusterIdentity?: boolean;
}

/** Options of the throttle filter. */
export interface ThrottleFilterOptions extends FluentBitFilterOptions {
  /** Records allowed per interval, on average over the window. */
  readonly rate: number;
  /**
   * Number of intervals in the sliding window.
   * @default 5
   */
  readonly window?: number;
  /**
   * Interval length in seconds.
   * @default 1
   */
  readonly intervalSeconds?: number;
}

/** Options of the multiline filter. */
export interface MultilineFilterOptions extends FluentBitFilterOptions {
  /** Built-in or custom multiline parsers to try, in order (e.g. `java`, `python`, `go`). */
  readonly parsers: string[];
  /**
   * Record key holding the text to join.
   * @default "log"
   */
  readonly keyContent?: string;
}

/** Options of a filter plugin the library has no typed entry for. */
export interface CustomFilterOptions extends FluentBitFilterOptions {}

/** How records are changed on their way: a `pipeline.filters` entry, applied in order. */
export class FluentBitFilter {
  /**
   * Kubernetes metadata (`kubernetes`): pod, namespace, container, labels, from the API server. The
   * ServiceAccount gets read access to pods and namespaces for it.
   * @param options the settings of this plugin
   */
  public static kubernetes(options: KubernetesFilterOptions = {}): FluentBitFilter {
    checkArgs('FluentBitFilter.kubernetes', 'FluentBitFilter', 'kubernetes', [options]);
    return new FluentBitFilter('kubernetes', () => {
      const o = options ?? {};
      return withMatch(section('filter', 'kubernetes', {
        'match': o.match ?? 'kube.*',
        'kube_tag_prefix': o.tagPrefix ?? 'kube.var.log.containers.',
        'merge_log': onOff(o.mergeLog ?? true),
        'keep_log': onOff(o.keepLog ?? false),
        'labels': onOff(o.labels ?? true),
        'annotations': onOff(o.annotations ?? false),
        'k8s-logging.parser': onOff(o.allowParserAnnotation ?? true),
        'k8s-logging.exclude': onOff(o.allowExcludeAnnotation ?? true),
      }), o.match);
    });
  }

  /**
   * Keep or drop records by regular expressions on their keys (`grep`).
   * @param options the settings of this plugin
   */
  public static grep(options: GrepFilterOptions): FluentBitFilter {
    checkArgs('FluentBitFilter.grep', 'FluentBitFilter', 'grep', [options]);
    return new FluentBitFilter('grep', () => {
      const o = options ?? ({} as GrepFilterOptions);
      const errors: Finding[] = [];
      // Types and shapes were checked by GrepRule.of() and the filter's own input check.
      const rules = (field: string, list: GrepRule[] = []): string[] => list.map(({ options: r }, i) => {
        if (/\s/.test(r.key) || r.key.length === 0) errors.push(problem('HK-FLUENTBIT', `${field}[${i}].key`, r.key, 'expected a record key without spaces'));
        if (r.regex.length === 0) errors.push(problem('HK-FLUENTBIT', `${field}[${i}].regex`, r.regex, 'expected a regular expression'));
        return `${r.key} ${r.regex}`;
      });
      const include = rules('include', o.include);
      const exclude = rules('exclude', o.exclude);
      const out = section('filter', 'grep', {
        match: o.match ?? '*',
        regex: include.length > 0 ? include : undefined,
        exclude: exclude.length > 0 ? exclude : undefined,
        logical_op: o.matchAny ? 'OR' : undefined,
      }, { errors });
      return withMatch(out, o.match);
    });
  }

  /**
   * Add fields to every record (`modify` with `add`), such as the cluster and tenant names.
   * @param options the settings of this plugin
   */
  public static addFields(options: AddFieldsFilterOptions): FluentBitFilter {
    checkArgs('FluentBitFilter.addFields', 'FluentBitFilter', 'addFields', [options]);
    return new FluentBitFilter('modify', (ctx) => {
      const o = options ?? {};
      const errors: Finding[] = [];
      const fields = stringMap('fields', o.fields, errors);
      for (const [k, v] of fields) {
        if (/\s/.test(k) || k.length === 0) errors.push(problem('HK-FLUENTBIT', `fields.${k}`, k, 'field names have no spaces'));
        if (v.length === 0 || v.includes('\n')) errors.push(problem('HK-FLUENTBIT', `fields.${k}`, v, 'expected a non-empty single-line value'));
      }
      const identity: Array<[string, string]> = !o.clusterIdentity ? []
        : ctx.tenantNamespace === undefined ? [['cluster', ctx.clusterName]] : [['cluster', ctx.clusterName], ['tenant', ctx.tenantNamespace]];
      const all = [...identity, ...fields];
      return withMatch(section('filter', 'modify', {
        match: o.match ?? '*',
        add: all.length > 0 ? all.map(([k, v]) => `${k} ${v}`) : undefined,
      }, { errors }), o.match);
    });
  }

  /**
   * Limit the rate of records (`throttle`), e.g. to protect a paid log store from a chatty pod.
   * @param options the settings of this plugin
   */
  public static throttle(options: ThrottleFilterOptions): FluentBitFilter {
    checkArgs('FluentBitFilter.throttle', 'FluentBitFilter', 'throttle', [options]);
    return new FluentBitFilter('throttle', () => {
      const o = options ?? ({} as ThrottleFilterOptions);
      const errors: Finding[] = [];
      for (const [field, value, min] of [['rate', o.rate, 1], ['window', o.window, 1], ['intervalSeconds', o.intervalSeconds, 1]] as const) {
        if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) errors.push(problem('HK-FLUENTBIT', field, value, `expected a whole number, ${min} or more`));
      }
      return withMatch(section('filter', 'throttle', {
        match: o.match ?? '*',
        rate: o.rate,
        window: o.window ?? 5,
        interval: `${o.intervalSeconds ?? 1}s`,
        print_status: 'on',
      }, { errors }), o.match);
    });
  }

  /**
   * Join multi-line messages such as stack traces (`multiline`) inside the log field.
   * @param options the settings of this plugin
   */
  public static multiline(options: MultilineFilterOptions): FluentBitFilter {
    checkArgs('FluentBitFilter.multiline', 'FluentBitFilter', 'multiline', [options]);
    return new FluentBitFilter('multiline', () => {
      const o = options ?? ({} as MultilineFilterOptions);
      const errors: Finding[] = [];
      const parsers = stringList('parsers', o.parsers, errors);
      if (o.parsers === undefined) errors.push(problem('HK-FLUENTBIT', 'parsers', undefined, 'the multiline filter needs at least one parser, such as java, python or go'));
      return withMatch(section('filter', 'multiline', {
        'match': o.match ?? '*',
        'multiline.key_content': o.keyContent ?? 'log',
        'multiline.parser': parsers.join(', ') || undefined,
      }, { errors }), o.match);
    });
  }

  /**
   * Any filter plugin, by its name in the FluentBit manual, with its properties.
   * @param plugin the FluentBit plugin name, as in its manual
   * @param properties the plugin's properties by name, checked against the property table where the plugin is known
   * @param options the settings of this plugin
   */
  public static of(plugin: string, properties: { [name: string]: string }, options: CustomFilterOptions = {}): FluentBitFilter {
    checkArgs('FluentBitFilter.of', 'FluentBitFilter', 'of', [plugin, properties, options]);
    return new FluentBitFilter(plugin, () => custom('filter', plugin, properties, options?.match ?? '*', undefined));
  }

  private constructor(
    /** The FluentBit plugin name. */
    public readonly plugin: string,
    private readonly build: (ctx: SectionContext) => PluginSection) {}

  /** The section this filter renders. @internal */
  public _section(ctx: SectionContext): PluginSection {
    return this.build(ctx);
  }
}

function withMatch(out: PluginSection, match: unknown): PluginSection {
  out.errors.push(...matchProblems('match', match));
  return out;
}
