/**
 * Deep-merges `override` over `defaults` the way the platform combines an add-on's `valuesOverride` with
 * its own values: maps merge recursively, the override wins on every leaf, lists are replaced whole.
 * Neither input is modified.
 */
export function mergeValues(defaults: Record<string, any>, override: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    const base = out[key];
    out[key] = isPlainObject(base) && isPlainObject(value) ? mergeValues(base, value) : value;
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object written as a literal or made with `Object.create(null)`: not a list, not an instance of a class. */
export function isOrdinaryObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of a value as plain JSON data (ordinary objects and arrays), or undefined when something in it
 * has no JSON form (functions, symbols, non-finite numbers, class instances, cycles). Objects without a prototype
 * are copied into ordinary ones.
 */
export function toPlainJson(value: unknown, ancestors: Set<object> = new Set()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object' || ancestors.has(value)) return undefined;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((v) => toPlainJson(v, ancestors));
      return items.includes(undefined) ? undefined : items;
    }
    if (!isOrdinaryObject(value)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const copy = toPlainJson(v, ancestors);
      if (copy === undefined) return undefined;
      out[k] = copy;
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

/** A key as one token of a JSON pointer (RFC 6901), for JSON patches into documents whose keys may hold `/` or `~`. */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
