import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';

/**
 * Internal conversions between the typed inputs (cdk8s `Size`, `Duration`, cdk8s-plus `Cpu`) and the
 * strings the platform reads. Kept in one place so every layer renders the same bytes.
 */

const MIB_PER_UNIT: Array<[string, number]> = [['Pi', 1024 ** 3], ['Ti', 1024 ** 2], ['Gi', 1024], ['Mi', 1]];

/** Mebibytes in a size (fractional for sizes below 1 MiB). */
export function sizeToMebibytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) / 1024;
}

/** Renders a size as a Kubernetes quantity in the largest binary unit that keeps it whole (`20Gi`, `1536Mi`). */
export function formatSize(size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  const mib = kib / 1024;
  for (const [unit, factor] of MIB_PER_UNIT) {
    if (Number.isInteger(mib / factor) && mib / factor !== 0) return `${mib / factor}${unit}`;
  }
  if (Number.isInteger(kib)) return `${kib}Ki`;
  return `${Math.round(kib * 1024)}`;
}

/**
 * cdk8s-plus's `Cpu`, loaded when a CPU amount is first made: its module brings cdk8s-plus's bindings of
 * the whole Kubernetes API, which checking a manifest that names no CPU amount does not need.
 */
export function cpuClass(): typeof Cpu {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('cdk8s-plus-28') as typeof import('cdk8s-plus-28')).Cpu;
}

/** Millicores of a cdk8s-plus `Cpu` (`Cpu.units(2)` is 2000, `Cpu.millis(500)` is 500). */
export function cpuToMillis(cpu: Cpu): number {
  const amount = cpu.amount;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}

/** Renders a CPU amount as the platform writes it: whole cores as a plain number, the rest in millicores. */
export function formatCpu(cpu: Cpu): string {
  const millis = cpuToMillis(cpu);
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Renders a duration as a Go duration string (`1h30m`, `45s`), the form Cluster API and the chart parse. */
export function formatDuration(duration: Duration): string {
  let seconds = Math.floor(duration.toMilliseconds() / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}` || '0s';
}

/** True when the duration is a positive whole number of seconds (what every platform duration field accepts). */
export function isPositiveWholeSeconds(duration: Duration): boolean {
  const millis = duration.toMilliseconds();
  return millis > 0 && millis % 1000 === 0;
}

/**
 * A Kubernetes quantity as the API server parses it: a decimal number with either a binary or SI suffix or a
 * decimal exponent (`1e3`), not both.
 */
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;
const FACTORS: Record<string, number> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** A Kubernetes quantity in base units (cores, bytes); NaN when it is not one. @internal */
export function parseQuantity(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  const m = typeof value === 'string' ? QUANTITY.exec(value) : null;
  if (!m) return NaN;
  return m[3] !== undefined ? Number(m[1]) * 10 ** Number(m[3]) : Number(m[1]) * FACTORS[m[2] ?? ''];
}

// The readers of the forms above: reading a manifest gives back the typed values these render.

const SIZE = /^([0-9]+)(Ki|Mi|Gi|Ti|Pi)?$/;
const SIZE_UNITS: Record<string, (n: number) => Size> = {
  Ki: Size.kibibytes, Mi: Size.mebibytes, Gi: Size.gibibytes, Ti: Size.tebibytes, Pi: Size.pebibyte,
};
const CPU = /^([0-9]+(?:\.[0-9]{1,3})?)(m?)$/;
const GO_DURATION = /^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$/;

/** A binary-unit quantity as a Size; undefined for forms a Size cannot hold exactly (decimal units, fractions). @internal */
export function parseSize(value: unknown): Size | undefined {
  const m = SIZE.exec(String(value));
  if (!m || typeof value === 'boolean') return undefined;
  const n = Number(m[1]);
  if (m[2]) return SIZE_UNITS[m[2]](n);
  return n % 1024 === 0 ? Size.kibibytes(n / 1024) : undefined;
}

/** A CPU quantity (`2`, `1.5`, `500m`). @internal */
export function parseCpu(value: unknown): Cpu | undefined {
  if (typeof value === 'boolean') return undefined;
  const m = CPU.exec(String(value));
  if (!m) return undefined;
  const cpu = cpuClass();
  if (m[2] === 'm') return Number.isInteger(Number(m[1])) ? cpu.millis(Number(m[1])) : undefined;
  const millis = Math.round(Number(m[1]) * 1000);
  return millis % 1000 === 0 ? cpu.units(millis / 1000) : cpu.millis(millis);
}

/** A Go duration made of hours, minutes and seconds. @internal */
export function parseDuration(value: unknown): Duration | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const m = GO_DURATION.exec(value);
  if (!m) return undefined;
  return Duration.seconds(Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0));
}
