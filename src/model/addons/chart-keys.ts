/**
 * Override keys an add-on's charts do not read, and their repair, from the add-on's descriptor. Internal to
 * the library: the add-on classes check with it, and reading a manifest applies its repairs.
 */
import type { AddonDescriptor } from './descriptor';
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

/** Why no chart reads an override key, for keys with a reason of their own. @internal */
export function unreadReason(addon: AddonDescriptor, key: string): string | undefined {
  return addon.unreadKeys && ownEntry(addon.unreadKeys, key);
}

/**
 * The fix of an override key the charts do not read, where there is one: the add-on's own, else the move of
 * the key to where its chart reads it. What `check` proposes and what reading a manifest applies.
 * @internal
 */
export function unreadKeyRepair(addon: AddonDescriptor, key: string, values: Record<string, any>): Repair | undefined {
  const own = addon.unreadKeyRepair?.(key, values);
  if (own) return own;
  const to = misplacedKeyTarget(addon, key);
  return to ? misplacedKeyRepair(addon.key, values, key, to) : undefined;
}

/**
 * Where an override key the charts do not read on a line belongs, when that is unambiguous: a spelling of
 * the add-on or of its chart key (`gpuOperator`, `corends`) is the chart key itself, any other key sits
 * under the chart key (`controller` beside `ingress-nginx`). Undefined for keys the charts read, keys read
 * on other lines and keys with a reason of their own (Flux `gitRepository`): no move fixes those.
 * @internal
 */
export function misplacedKeyTarget(addon: AddonDescriptor, key: string): string[] | undefined {
  const chart = addon.chart;
  if (!chart || unreadReason(addon, key) !== undefined) return undefined;
  const lineKeys = Object.entries(chart.lineKeys ?? {});
  if (chart.keys.includes(key) || lineKeys.some(([, keys]) => keys.includes(key))) return undefined;
  const home = chart.keys[0];
  const bare = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');
  // Two edits make a different word of a short name (`hami`, `name`): short names must match closely.
  const near = (k: string) => editDistance(bare(k), bare(key)) <= (bare(k).length >= 6 ? 2 : 1);
  const sameName = [home, addon.key].some(near);
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
