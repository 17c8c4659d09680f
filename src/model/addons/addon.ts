import { unreadKeyRepair, unreadReason } from './chart-keys';
import { chartKeyFindings } from './chart-values';
import type { AddonDescriptor } from './descriptor';
import { isPlainObject, mergeValues, toPlainJson } from '../merge';
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
   * What the library knows of this add-on beyond the instance (chart keys, releases, reader); each add-on
   * class gives its own. Undefined for a subclass of the library's user, whose values go unchecked. @internal
   */
  public get _descriptor(): AddonDescriptor | undefined {
    return undefined;
  }

  /** Checks that depend on the rest of the cluster. @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const errors: Finding[] = [];
    const user = this.valuesOverride;
    if (user !== undefined && (!isPlainObject(user) || toPlainJson(user) === undefined)) {
      errors.push(finding('HK-VALUES-OVERRIDE', `${ctx.field}.valuesOverride`, 'must be a map of plain JSON values (objects, arrays, strings, finite numbers, booleans, null)'));
      return { errors, warnings: [] };
    }
    const warnings: Finding[] = [];
    if (user !== undefined) {
      errors.push(...this.unreadKeys(ctx, user));
      const typed = this._typedValues();
      if (typed !== undefined) errors.push(...this.conflicts(ctx.field, typed, user, []));
      const values = this._values() ?? {};
      errors.push(...this._descriptor?.shapeFindings?.(ctx.field, user) ?? []);
      for (const f of chartKeyFindings(this._descriptor?.chartMaps ?? [], ctx.field, values)) (f.rule === 'HK-VALUES-KEY' ? warnings : errors).push(f);
    }
    return { errors, warnings };
  }

  /** Top-level override keys this add-on's charts do not read on the cluster's line. */
  private unreadKeys(ctx: AddonContext, user: Record<string, any>): Finding[] {
    const descriptor = this._descriptor;
    const chart = descriptor?.chart;
    if (!descriptor || !chart) return [];
    const lineKeys = Object.entries(chart.lineKeys ?? {});
    const onThisLine = lineKeys.filter(([line]) => ctx.platformLine === undefined || ctx.platformLine.name === line);
    const read = [...chart.keys, ...onThisLine.flatMap(([, keys]) => keys)];
    const out: Finding[] = [];
    for (const key of Object.keys(user)) {
      if (read.includes(key)) continue;
      const field = `${ctx.field}.valuesOverride.${key}`;
      const reason = unreadReason(descriptor, key);
      const repair = unreadKeyRepair(descriptor, key, user);
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
