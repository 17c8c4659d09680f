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
