/** Fields of a standard cron expression: name, lowest and highest value, names for values. */
const FIELDS: ReadonlyArray<readonly [string, number, number, readonly string[]]> = [
  ['minute', 0, 59, []],
  ['hour', 0, 23, []],
  ['day of month', 1, 31, []],
  ['month', 1, 12, ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']],
  ['day of week', 0, 6, ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']],
];
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * What Velero's schedule parser (robfig/cron, standard form) would refuse in a schedule, or undefined:
 * five fields (numbers, names of months and weekdays, `*`, `?`, ranges, lists, steps) or a descriptor
 * (`@daily`, `@hourly`, ..., `@every <Go duration>`).
 * @internal
 */
export function cronProblem(schedule: unknown): string | undefined {
  if (typeof schedule !== 'string') return 'expected a string';
  const s = schedule.trim();
  if (s.startsWith('@every ')) {
    const d = s.slice('@every '.length).trim();
    return GO_DURATION.test(d) && /[1-9]/.test(d) ? undefined : `"@every" takes a positive Go duration such as 6h or 90m, not ${JSON.stringify(d)}`;
  }
  if (s.startsWith('@')) return DESCRIPTORS.includes(s) ? undefined : `the descriptors are ${DESCRIPTORS.join(', ')} and "@every <duration>"`;
  const parts = s.split(/\s+/);
  if (parts.length !== 5) return `expected five fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const [name, lo, hi, names] = FIELDS[i];
    for (const item of parts[i].split(',')) {
      if (!validItem(item, lo, hi, names)) return `${name} field ${JSON.stringify(parts[i])}: expected ${lo}-${hi}${names.length ? ` or ${names[0]}-${names[names.length - 1]}` : ''}, "*", ranges a-b, lists and /steps`;
    }
  }
  return undefined;
}

function validItem(item: string, lo: number, hi: number, names: readonly string[]): boolean {
  const [range, step, ...rest] = item.split('/');
  if (rest.length > 0 || (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1))) return false;
  if (range === '*' || range === '?') return true;
  const bounds = range.split('-');
  if (bounds.length > 2) return false;
  const value = (b: string) => (/^\d+$/.test(b) ? Number(b) : names.includes(b.toUpperCase()) ? names.indexOf(b.toUpperCase()) + lo : NaN);
  const values = bounds.map(value);
  if (values.some((v) => !(v >= lo && v <= hi))) return false;
  return values.length === 1 || values[0] <= values[1];
}

const DESCRIPTOR_RUNS_PER_DAY: Record<string, number> = {
  '@yearly': 1 / 365, '@annually': 1 / 365, '@monthly': 12 / 365, '@weekly': 1 / 7, '@daily': 1, '@midnight': 1, '@hourly': 24,
};
const GO_UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration (`720h`, `1h30m`), NaN when it is not one. @internal */
export function goDurationSeconds(duration: unknown): number {
  if (typeof duration !== 'string' || !GO_DURATION.test(duration)) return NaN;
  let seconds = 0;
  for (const [, amount, , unit] of duration.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) seconds += Number(amount) * GO_UNIT_SECONDS[unit];
  return seconds;
}

/**
 * How many times a day, on average, a schedule Velero accepts fires; undefined when `cronProblem` refuses it.
 * A day-of-month and a day-of-week field that are both restricted fire on either, as in cron.
 * @internal
 */
export function runsPerDay(schedule: string): number | undefined {
  if (cronProblem(schedule) !== undefined) return undefined;
  const s = schedule.trim();
  if (s.startsWith('@every ')) return 86400 / goDurationSeconds(s.slice('@every '.length).trim());
  if (s.startsWith('@')) return DESCRIPTOR_RUNS_PER_DAY[s];
  const parts = s.split(/\s+/);
  const counts = parts.map((part, i) => fieldValues(part, FIELDS[i][1], FIELDS[i][2], FIELDS[i][3]).size);
  const width = FIELDS.map(([, lo, hi]) => hi - lo + 1);
  const restricted = (i: number) => counts[i] < width[i];
  const domShare = counts[2] / 30.44;
  const dowShare = counts[4] / 7;
  const dayShare = restricted(2) && restricted(4) ? Math.min(1, domShare + dowShare) : restricted(2) ? domShare : restricted(4) ? dowShare : 1;
  return counts[0] * counts[1] * dayShare * (counts[3] / 12);
}

function fieldValues(part: string, lo: number, hi: number, names: readonly string[]): Set<number> {
  const out = new Set<number>();
  const value = (b: string) => (/^\d+$/.test(b) ? Number(b) : names.indexOf(b.toUpperCase()) + lo);
  for (const item of part.split(',')) {
    const [range, step] = item.split('/');
    const [from, to] = range === '*' || range === '?' ? [lo, hi] : range.split('-').map(value).concat(step !== undefined ? [hi] : []);
    for (let v = from; v <= (to ?? from); v += Number(step ?? 1)) out.add(v);
  }
  return out;
}
