import type { Repair, RepairOperation } from '../../diagnostics/problems';
import { editDistance } from '../guard';
import { isPlainObject, mergeValues, pointerToken, toPlainJson } from '../merge';
import type { NodeGroup } from '../node-group';
import type { PlatformLine } from '../platform-line';
import { type Finding, finding, problem } from '../validation';

/** Options every add-on with chart values accepts. */
export interface AddonValuesOptions {
  /**
   * Helm values deep-merged over the platform's values for this add-on (your value wins, lists are
   * replaced). The escape hatch for anything the typed options do not cover.
   *
   * @default - no override
   */
  readonly valuesOverride?: { [key: string]: any };
}

/** What an add-on's checks can see of the cluster. @internal */
export interface AddonContext {
  readonly field: string;
  /** Node groups as the platform will run them (including its implicit default group on older lines). */
  readonly effectiveGroups: readonly NodeGroup[];
  /** The cluster's platform line, for values whose keys differ per line. */
  readonly platformLine?: PlatformLine;
  has(key: string): boolean;
}

/** Top-level `valuesOverride` keys an add-on's charts read. */
interface ChartKeys {
  /** The add-on as its charts are named, for messages. */
  readonly charts: string;
  /** Keys read on every line; the first is where misplaced values belong. */
  readonly keys: readonly string[];
  /** Keys read only on the lines listed. */
  readonly lineKeys?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Where each add-on's charts read `valuesOverride`. The platform passes the override to wrapper charts
 * that vendor the upstream chart as a sub-chart, so values sit under the sub-chart's name; a few keys are
 * read by the wrapper or a companion chart. Anything else is accepted by the platform and ignored.
 */
const CHART_KEYS: Readonly<Record<string, ChartKeys>> = {
  // crds and installCRDs are read by the separate cert-manager-crds release, which receives the same override.
  certManager: { charts: 'cert-manager', keys: ['cert-manager', 'crds', 'installCRDs'] },
  ingressNginx: { charts: 'ingress-nginx', keys: ['ingress-nginx'] },
  fluxcd: { charts: 'flux-instance', keys: ['flux-instance'] },
  // From v1.6 the wrapper chart creates the kernel module ConfigMap itself.
  gpuOperator: { charts: 'gpu-operator', keys: ['gpu-operator'], lineKeys: { 'v1.6': ['kernelModuleConfig'], 'main': ['kernelModuleConfig'] } },
  velero: { charts: 'velero', keys: ['velero'] },
  hami: { charts: 'HAMi', keys: ['hami'] },
  ouroboros: { charts: 'Ouroboros', keys: ['ouroboros'] },
  cilium: { charts: 'cilium', keys: ['cilium'] },
  coredns: { charts: 'coredns', keys: ['coredns'] },
  verticalPodAutoscaler: { charts: 'vertical-pod-autoscaler', keys: ['vertical-pod-autoscaler'] },
};

/** Keys no chart reads that have a reason of their own. */
const UNREAD_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  fluxcd: {
    gitRepository: 'no chart of the platform reads gitRepository; the Flux instance syncs from flux-instance.instance.sync, which the typed bootstrap option of Flux writes',
  },
};

/**
 * Where an override key the charts do not read on a line belongs, when that is unambiguous: a spelling of
 * the add-on or of its chart key (`gpuOperator`, `corends`) is the chart key itself, any other key sits
 * under the chart key (`controller` beside `ingress-nginx`). Undefined for keys the charts read, keys read
 * on other lines and keys with a reason of their own (Flux `gitRepository`): no move fixes those.
 * @internal
 */
export function misplacedKeyTarget(addonKey: string, key: string): string[] | undefined {
  const chart = CHART_KEYS[addonKey];
  if (!chart || UNREAD_KEYS[addonKey]?.[key] !== undefined) return undefined;
  const lineKeys = Object.entries(chart.lineKeys ?? {});
  if (chart.keys.includes(key) || lineKeys.some(([, keys]) => keys.includes(key))) return undefined;
  const home = chart.keys[0];
  const bare = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');
  // Two edits make a different word of a short name (`hami`, `name`): short names must match closely.
  const near = (k: string) => editDistance(bare(k), bare(key)) <= (bare(k).length >= 6 ? 2 : 1);
  const sameName = [home, addonKey].some(near);
  return sameName ? [home] : [home, key];
}

/**
 * The JSON Patch operations that move an override key to where its chart reads it, merging into values
 * already there (those win: the chart reads them today). `base` points at the add-on's `valuesOverride`.
 * @internal
 */
export function moveOperations(base: string, values: Record<string, any>, key: string, to: readonly string[]): RepairOperation[] {
  const { ops, at, have } = parentOperations(base, values, to);
  const from = `${base}/${pointerToken(key)}`;
  const last = to[to.length - 1];
  const merge = (src: string, value: any, dst: string, existing: any): boolean => {
    if (existing === undefined) {
      ops.push({ op: 'move', from: src, path: dst });
      return true;
    }
    if (isPlainObject(value) && isPlainObject(existing)) {
      for (const [k, v] of Object.entries(value)) merge(`${src}/${pointerToken(k)}`, v, `${dst}/${pointerToken(k)}`, existing[k]);
    }
    return false;
  };
  if (!merge(from, values[key], `${at}/${pointerToken(last)}`, have?.[last])) ops.push({ op: 'remove', path: from });
  return ops;
}

/** Leaves of `value` that `existing` already sets, as dotted paths: a move keeps the existing ones. */
function shadowed(value: any, existing: any, at: string[]): string[] {
  if (existing === undefined) return [];
  if (!isPlainObject(value) || !isPlainObject(existing)) return [at.join('.')];
  return Object.entries(value).flatMap(([k, v]) => shadowed(v, existing[k], [...at, k]));
}

/** @internal */
export interface ParentOperations {
  readonly ops: RepairOperation[];
  readonly at: string;
  readonly have?: any;
}

/**
 * The operations that create the maps on a path of values up to its last step, which they do not create;
 * with the pointer to that last step's parent and the values found there.
 * @internal
 */
export function parentOperations(base: string, values: Record<string, any>, to: readonly string[]): ParentOperations {
  const ops: RepairOperation[] = [];
  let at = base;
  let have: any = values;
  for (const step of to.slice(0, -1)) {
    at = `${at}/${pointerToken(step)}`;
    if (!isPlainObject(have?.[step])) ops.push({ op: 'add', path: at, value: {} });
    have = isPlainObject(have?.[step]) ? have[step] : undefined;
  }
  return { ops, at, have };
}

/** The repair of a misplaced override key, as `check` proposes it and `import` writes it. @internal */
export function misplacedKeyRepair(addonKey: string, values: Record<string, any>, key: string, to: readonly string[]): Repair {
  const there = to.reduce<any>((v, step) => (isPlainObject(v) ? v[step] : undefined), values);
  const kept = shadowed(values[key], there, [...to]);
  const keptNote = kept.length > 0 ? `; ${kept.join(', ')} already set there, so those values stay and the misplaced ones are dropped` : '';
  return {
    description: `move valuesOverride.${key} to valuesOverride.${to.join('.')}, where the chart reads it${keptNote}`,
    operations: moveOperations(`/spec/addons/${pointerToken(addonKey)}/valuesOverride`, values, key, to),
  };
}

/** Result of an add-on's checks. @internal */
export interface AddonFindings {
  readonly errors: Finding[];
  readonly warnings: Finding[];
}

/**
 * An add-on of the Hikube `Kubernetes` application (`spec.addons.<key>`).
 *
 * Create one of the concrete classes (`CertManager`, `IngressNginx`, `Flux`, ...) and pass it in
 * `HikubeClusterProps.addons` or to `HikubeCluster.addAddon()`. Listing an add-on enables it; the
 * always-installed ones (Cilium, CoreDNS, Vertical Pod Autoscaler) take values only.
 */
export abstract class Addon {
  /**
   * @param key the add-on's key under `spec.addons` (e.g. `certManager`)
   * @param toggled whether the add-on has an `enabled` switch (false for always-installed ones)
   * @param valuesOverride user values, validated to be a map
   */
  protected constructor(
    public readonly key: string,
    private readonly toggled: boolean,
    protected readonly valuesOverride?: { [key: string]: any }) {}

  /** Platform values this add-on derives from its typed options, before the user's override. @internal */
  public _typedValues(): Record<string, any> | undefined {
    return undefined;
  }

  /** Extra spec fields of this add-on besides `enabled` and `valuesOverride`. @internal */
  public _extraFields(): Record<string, any> {
    return {};
  }

  /**
   * The typed option that writes a values path (dot-separated), for conflict messages. Subclasses with
   * typed options name them. @internal
   */
  public _typedOptionAt(_path: string): string {
    return 'a typed option';
  }

  /**
   * The mechanical fix of a top-level override key the charts do not read, where there is one: what `check`
   * proposes and what reading a manifest applies. @internal
   */
  public _unreadKeyRepair(key: string, values: Record<string, any>): Repair | undefined {
    const to = misplacedKeyTarget(this.key, key);
    return to ? misplacedKeyRepair(this.key, values, key, to) : undefined;
  }

  /** Checks that depend on the rest of the cluster. @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const errors: Finding[] = [];
    const user = this.valuesOverride;
    if (user !== undefined && (!isPlainObject(user) || toPlainJson(user) === undefined)) {
      errors.push(finding('HK-VALUES-OVERRIDE', `${ctx.field}.valuesOverride`, 'must be a map of plain JSON values (objects, arrays, strings, finite numbers, booleans, null)'));
      return { errors, warnings: [] };
    }
    if (user !== undefined) {
      errors.push(...this.unreadKeys(ctx, user));
      const typed = this._typedValues();
      if (typed !== undefined) errors.push(...this.conflicts(ctx.field, typed, user, []));
    }
    return { errors, warnings: [] };
  }

  /** Top-level override keys this add-on's charts do not read on the cluster's line. */
  private unreadKeys(ctx: AddonContext, user: Record<string, any>): Finding[] {
    const chart = CHART_KEYS[this.key];
    if (!chart) return [];
    const lineKeys = Object.entries(chart.lineKeys ?? {});
    const onThisLine = lineKeys.filter(([line]) => ctx.platformLine === undefined || ctx.platformLine.name === line);
    const read = [...chart.keys, ...onThisLine.flatMap(([, keys]) => keys)];
    const out: Finding[] = [];
    for (const key of Object.keys(user)) {
      if (read.includes(key)) continue;
      const field = `${ctx.field}.valuesOverride.${key}`;
      const reason = UNREAD_KEYS[this.key]?.[key];
      const repair = this._unreadKeyRepair(key, user);
      const fix = repair ? { repair } : {};
      if (reason) {
        out.push({ ...problem('HK-VALUES-OVERRIDE', field, key, reason), ...fix });
        continue;
      }
      const elsewhere = lineKeys.filter(([, keys]) => keys.includes(key)).map(([line]) => line);
      const lineNote = elsewhere.length > 0 ? ` on platform line ${ctx.platformLine?.name} (it is read on ${elsewhere.join(', ')})` : '';
      out.push({
        ...problem('HK-VALUES-OVERRIDE', field, key, `the ${chart.charts} charts read only ${read.map((k) => JSON.stringify(k)).join(', ')}${lineNote}; `
          + `the platform accepts any key and ignores this one: nest these values under "${chart.keys[0]}"`),
        ...fix,
      });
    }
    return out;
  }

  /** Leaves where the user's override and the typed options disagree. */
  private conflicts(field: string, typed: Record<string, any>, user: Record<string, any>, path: string[]): Finding[] {
    const out: Finding[] = [];
    for (const [key, value] of Object.entries(user)) {
      if (!(key in typed)) continue;
      const here = [...path, key];
      const mine = typed[key];
      if (isPlainObject(mine) && isPlainObject(value)) {
        out.push(...this.conflicts(field, mine, value, here));
      } else if (JSON.stringify(mine) !== JSON.stringify(value)) {
        out.push(problem('HK-VALUES-OVERRIDE', `${field}.valuesOverride.${here.join('.')}`, value,
          `${this._typedOptionAt(here.join('.'))} sets it to ${JSON.stringify(mine)}; set the value in one place (the typed option, or valuesOverride without it)`));
      }
    }
    return out;
  }

  /** The values the platform receives in `valuesOverride`: typed options merged under the user's override. @internal */
  public _values(): Record<string, any> | undefined {
    // A plain copy: cdk8s cannot serialise prototype-less objects, and later changes by the caller must not leak in.
    const user = this.valuesOverride === undefined ? undefined : toPlainJson(this.valuesOverride) as Record<string, any>;
    const typed = this._typedValues();
    if (typed === undefined) return user;
    return mergeValues(typed, user ?? {});
  }

  /** The add-on's fragment under `spec.addons`. @internal */
  public _render(): Record<string, any> {
    const values = this._values();
    return {
      ...(this.toggled ? { enabled: true } : {}),
      ...this._extraFields(),
      ...(values !== undefined && Object.keys(values).length > 0 ? { valuesOverride: values } : {}),
    };
  }
}
