import { checkSpecAgainstLine, unknownFieldCount } from './line-schema';
import { isPlainObject } from '../model/merge';
import { PlatformLine } from '../model/platform-line';

/** Platform releases by minor, for `appVersion`: each release line covers the minors up to its own. */
const RELEASE_LINES: Array<[major: number, minor: number, line: () => PlatformLine]> = [
  [0, 41, () => PlatformLine.V0_41],
  [1, 3, () => PlatformLine.V1_3],
  [1, 5, () => PlatformLine.V1_5],
  [1, 6, () => PlatformLine.V1_6],
];

/** The line of a platform release such as `v1.3.6` or `1.5`; undefined when it matches no known line. */
export function lineOfRelease(release: unknown): PlatformLine | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(String(release ?? ''));
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const found = RELEASE_LINES.find(([ma, mi]) => major < ma || (major === ma && minor <= mi));
  return found && (major > 0 || minor >= 39) ? found[2]() : undefined;
}

/**
 * The platform line a spec is written for: the `appVersion` of a stored object when it names a known
 * release, else among the lines whose schema accepts the spec (after the repairs reading makes), the
 * default line if it is one, else the newest released one. The note says how the line was chosen.
 */
export function detectLine(spec: Record<string, any>, appVersion?: unknown): { line: PlatformLine; note?: string } {
  const fromRelease = lineOfRelease(appVersion);
  if (fromRelease) return { line: fromRelease };
  const probe = structuredClone(spec);
  for (const group of Object.values<any>(isPlainObject(probe.nodeGroups) ? probe.nodeGroups : {})) {
    if (isPlainObject(group) && group.resources === undefined) group.resources = {};
  }
  const fitting = linesFitting(probe);
  const released = PlatformLine.all().filter((l) => l !== PlatformLine.MAIN);
  const pool = fitting.length > 0 ? fitting : PlatformLine.all();
  const line = pool.includes(PlatformLine.DEFAULT) ? PlatformLine.DEFAULT
    : [...pool].reverse().find((l) => released.includes(l)) ?? pool[pool.length - 1];
  if (fitting.length === 1) return { line };
  const why = fitting.length === 0
    ? 'no platform line accepts the document as it is'
    : `the document fits platform lines ${fitting.map((l) => l.name).join(', ')}`;
  return { line, note: `${why}; reading it for line ${line.name} (pass the platform line to choose another)` };
}

/**
 * The lines whose schema finds no error in a spec and the fewest fields it does not know. Lines are
 * validated fewest unknown fields first, and only until a count has lines without errors: validating
 * against a line's schema costs far more than counting the fields it does not know.
 */
function linesFitting(spec: Record<string, any>): PlatformLine[] {
  const unknown = new Map(PlatformLine.all().map((line) => [line, unknownFieldCount(spec, line)]));
  for (const count of [...new Set(unknown.values())].sort((a, b) => a - b)) {
    const fitting = PlatformLine.all().filter((line) => unknown.get(line) === count
      && !checkSpecAgainstLine(spec, line).some((f) => f.severity === 'error'));
    if (fitting.length > 0) return fitting;
  }
  return [];
}
