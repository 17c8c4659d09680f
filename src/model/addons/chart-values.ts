/**
 * What the platform's system charts read inside their own key of `valuesOverride`, where the platform's
 * sources were read for it: the "Add-on values" reference of the platform (`addon-values.md`, read from the
 * cozystack repository at v1.3.6, v1.6.2 and main). Each add-on's descriptor lists its maps; charts or maps
 * the reference does not list are left unchecked. Internal to the library: the add-on classes check with it.
 */
import type { ChartMap } from './descriptor';
import { nearest } from '../guard';
import { isPlainObject } from '../merge';
import { type Finding, problem } from '../validation';

/** The value at a path of keys, never of a prototype; undefined where a step is missing or no map. */
export function valueAtPath(values: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined), values);
}

/**
 * Keys of the listed maps their chart does not read: an error where the chart's schema is closed (the
 * install fails), a warning elsewhere (the chart ignores the key). `values` is what the platform receives.
 * @internal
 */
export function chartKeyFindings(maps: readonly ChartMap[], field: string, values: Record<string, any>): Finding[] {
  const out: Finding[] = [];
  for (const map of maps) {
    const here = valueAtPath(values, map.path);
    if (!isPlainObject(here)) continue;
    for (const key of Object.keys(here).filter((k) => !map.keys.includes(k))) {
      const guess = nearest(key, [...map.keys]);
      const where = map.path.join('.');
      const hint = guess ? `did you mean ${guess}? ` : '';
      const effect = map.strict ? 'the chart\'s schema refuses unknown keys, so the release fails to install' : 'the chart ignores it';
      // A long list says less than its source: name the keys only where they fit in a message.
      const takes = map.keys.length <= 12 ? `${map.keys.join(', ')} (${map.source})` : `the keys of ${map.source}`;
      out.push(problem(map.strict ? 'HK-VALUES-OVERRIDE' : 'HK-VALUES-KEY', `${field}.valuesOverride.${where}.${key}`, key,
        `${hint}${where} takes ${takes}; ${effect}`));
    }
  }
  return out;
}
