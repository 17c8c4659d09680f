import { AppKind, appSchema, applyLineDefaults, schemaAt, valueAt } from './line-schema';
import { finding, type Finding } from '../diagnostics/problems';
import { nearest } from '../model/guard';
import { yamlLibrary } from '../model/lazy-module';
import { isPlainObject, pointerToken } from '../model/merge';
import { PlatformLine } from '../model/platform-line';

/**
 * What the platform does with a spec field its line does not have (it drops it without a word), told the way a
 * writer of YAML can act on it: the field of another line names the lines that have it; a misspelt field
 * names the known field it most likely means and the value the platform uses there instead.
 */

/**
 * The finding for a field of `spec` the line's schema does not have: `HK-LINE-FIELD` when another line has it
 * (the rule of the typed props, whose severity for `check` the catalog declares), else `HK-UNKNOWN-FIELD` with
 * the nearest known field of the same place.
 * @param spec the document's spec as the platform receives it
 * @param segments the field's path below `spec`
 * @param kind the application the spec belongs to
 */
export function unknownFieldFinding(spec: Record<string, any>, segments: readonly string[], line: PlatformLine, kind: AppKind = 'Kubernetes'): Finding {
  const field = `spec.${segments.join('.')}`;
  const key = segments[segments.length - 1];
  if (kind === 'Kubernetes' && segments.length === 3 && segments[0] === 'nodeGroups' && key === otherDiskField(line)) return otherDiskFieldFinding(line, segments[1]);
  const others = PlatformLine.all().filter((l) => l !== line && schemaAt(appSchema(kind, l), segments) !== undefined);
  if (others.length > 0) {
    const lines = others.length > 1 ? `lines ${others.map((l) => l.name).join(', ')} have it: choose one of them` : `line ${others[0].name} has it: choose it`;
    return finding('HK-LINE-FIELD', field, `platform line ${line.name} has no field ${key} and ignores it; ${lines} as the platform line, or remove the field`, {
      repair: { description: `remove ${field}, which the platform ignores on line ${line.name}`, operations: [{ op: 'remove', path: `/spec/${segments.map(pointerToken).join('/')}` }] },
    });
  }
  const parent = segments.slice(0, -1);
  const known = Object.keys(schemaAt(appSchema(kind, line), parent)?.properties ?? {});
  const meant = nearest(key, known);
  if (meant === undefined) {
    const listed = known.length > 0 && known.length <= 12 ? `; the fields here are ${known.join(', ')}` : '';
    return finding('HK-UNKNOWN-FIELD', field, `platform line ${line.name} has no field ${key} and ignores it silently${listed}`);
  }
  const written = valueAt(spec, segments);
  const used = valueAt(applyLineDefaults(spec, line, kind), [...parent, meant]);
  const fallback = schemaAt(appSchema(kind, line), [...parent, meant])?.default;
  let instead: string;
  if (isPlainObject(written) || Array.isArray(written) || isPlainObject(used) || Array.isArray(used)) instead = ' with everything under it';
  else if (used === undefined) instead = `, so ${meant} stays unset`;
  else instead = `, so ${meant} is ${yamlScalar(used)}${used === fallback ? ' (its default)' : ''}`;
  const scalar = written === null || typeof written !== 'object';
  const pointer = (s: readonly string[]) => `/spec/${s.map(pointerToken).join('/')}`;
  return finding('HK-UNKNOWN-FIELD', field, `platform line ${line.name} has no field ${key} and ignores it${instead}; did you mean ${meant}?`, {
    repair: {
      description: scalar ? `write ${meant}: ${yamlScalar(written)} in place of ${key}` : `rename ${key} to ${meant}`,
      operations: [{ op: 'move', from: pointer(segments), path: pointer([...parent, meant]) }],
    },
  });
}

/** The name the other platform lines give a worker's disk: `ephemeralStorage` where this line says `diskSize`, and the reverse. */
export function otherDiskField(line: PlatformLine): string {
  return line.workerDiskField === 'diskSize' ? 'ephemeralStorage' : 'diskSize';
}

/**
 * A node group's worker disk under the other lines' name. Unlike other fields of other lines, the platform
 * does not ignore it: it refuses the document, so it is an error, with the rename as its repair.
 */
export function otherDiskFieldFinding(line: PlatformLine, group: string): Finding {
  const other = otherDiskField(line);
  const at = (name: string) => `/spec/nodeGroups/${pointerToken(group)}/${name}`;
  return finding('HK-DISK-FIELD', `spec.nodeGroups.${group}.${other}`, `platform line ${line.name} names the worker disk ${line.workerDiskField}; the platform refuses ${other}`, {
    repair: { description: `rename ${other} to ${line.workerDiskField}`, operations: [{ op: 'move', from: at(other), path: at(line.workerDiskField) }] },
  });
}

/** A scalar as YAML writes it: `u1.medium`, `"3"` for the string, `3` for the number. */
function yamlScalar(value: unknown): string {
  return yamlLibrary().stringify(value).trimEnd();
}
