import { isPlainObject, mergeValues, toPlainJson } from '../merge';
import type { NodeGroup } from '../node-group';

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
  has(key: string): boolean;
}

/** Result of an add-on's checks. @internal */
export interface AddonFindings {
  readonly errors: string[];
  readonly warnings: string[];
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

  /** Checks that depend on the rest of the cluster. @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const errors: string[] = [];
    if (this.valuesOverride !== undefined && (!isPlainObject(this.valuesOverride) || toPlainJson(this.valuesOverride) === undefined)) {
      errors.push(`${ctx.field}.valuesOverride: must be a map of plain JSON values (objects, arrays, strings, finite numbers, booleans, null)`);
    }
    return { errors, warnings: [] };
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
