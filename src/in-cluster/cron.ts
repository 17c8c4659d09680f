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
