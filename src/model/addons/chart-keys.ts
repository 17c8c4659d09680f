/**
 * Where each add-on's charts read `valuesOverride`, and the repair of a key they do not read. Internal to the
 * library: the add-on classes check with it, and reading a manifest applies its repairs.
 */
import type { Repair, RepairOperation } from '../../diagnostics/problems';
import { editDistance } from '../guard';
import { isPlainObject, pointerToken } from '../merge';

/**
 * A map's own entry for a key: `constructor` and the other names every JavaScript object has are valid keys
 * in a manifest, not entries of the map. @internal
 */
export function ownEntry<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** The value of a key of a values map, never of its prototype; undefined when `values` is no map. */
function valueAt(values: unknown, key: string): any {
  return isPlainObject(values) ? ownEntry(values, key) : undefined;
}

/** Top-level `valuesOverride` keys an add-on's charts read. */
export interface ChartKeys {
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
export const CHART_KEYS: Readonly<Record<string, ChartKeys>> = {
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

/** Why no chart reads an override key, for keys with a reason of their own. @internal */
export function unreadReason(addonKey: string, key: string): string | undefined {
  const reasons = ownEntry(UNREAD_KEYS, addonKey);
  return reasons && ownEntry(reasons, key);
}

/**
 * Where an override key the charts do not read on a line belongs, when that is unambiguous: a spelling of
 * the add-on or of its chart key (`gpuOperator`, `corends`) is the chart key itself, any other key sits
 * under the chart key (`controller` beside `ingress-nginx`). Undefined for keys the charts read, keys read
 * on other lines and keys with a reason of their own (Flux `gitRepository`): no move fixes those.
 * @internal
 */
export function misplacedKeyTarget(addonKey: string, key: string): string[] | undefined {
  const chart = ownEntry(CHART_KEYS, addonKey);
  if (!chart || unreadReason(addonKey, key) !== undefined) return undefined;
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
      for (const [k, v] of Object.entries(value)) merge(`${src}/${pointerToken(k)}`, v, `${dst}/${pointerToken(k)}`, valueAt(existing, k));
    }
    return false;
  };
  if (!merge(from, valueAt(values, key), `${at}/${pointerToken(last)}`, valueAt(have, last))) ops.push({ op: 'remove', path: from });
  return ops;
}

/** Leaves of `value` that `existing` already sets, as dotted paths: a move keeps the existing ones. */
function shadowed(value: any, existing: any, at: string[]): string[] {
  if (existing === undefined) return [];
  if (!isPlainObject(value) || !isPlainObject(existing)) return [at.join('.')];
  return Object.entries(value).flatMap(([k, v]) => shadowed(v, valueAt(existing, k), [...at, k]));
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
    have = valueAt(have, step);
    if (!isPlainObject(have)) ops.push({ op: 'add', path: at, value: {} });
  }
  return { ops, at, have };
}

/** The repair of a misplaced override key, as `check` proposes it and `import` writes it. @internal */
export function misplacedKeyRepair(addonKey: string, values: Record<string, any>, key: string, to: readonly string[]): Repair {
  const there = to.reduce<any>((v, step) => valueAt(v, step), values);
  const kept = shadowed(valueAt(values, key), there, [...to]);
  const keptNote = kept.length > 0 ? `; ${kept.join(', ')} already set there, so those values stay and the misplaced ones are dropped` : '';
  return {
    description: `move valuesOverride.${key} to valuesOverride.${to.join('.')}, where the chart reads it${keptNote}`,
    operations: moveOperations(`/spec/addons/${pointerToken(addonKey)}/valuesOverride`, values, key, to),
  };
}
