import { IConstruct } from 'constructs';
import { unknownFieldFinding } from './field-suggestions';
import { AppKind, checkAppSpec, valueAt } from './line-schema';
import { RULES } from '../diagnostics/rules';
import { PlatformLine } from '../model/platform-line';
import { type Finding, finding, warn } from '../model/validation';

/**
 * The final document of an application (`Kubernetes`, `Tenant`, `KubernetesNodes`), JSON patches included,
 * against its published schema on the line: type, enum and required mismatches are `HK-SCHEMA` errors; a
 * field of another line is `HK-LINE-FIELD` (an error, as the typed prop would be), unless the typed model
 * renders it, whose own check reports it once; a field no line has is `HK-UNKNOWN-FIELD` with the field
 * most likely meant (a warning, recorded on `scope`).
 * @param refused collects the fields (dotted, below `spec`) the schema refused, for checks that read them after
 */
export function checkDocumentSchema(
  scope: IConstruct, kind: AppKind, line: PlatformLine, spec: Record<string, any>, model: Record<string, any>, refused: Set<string> = new Set(),
): Finding[] {
  const errors: Finding[] = [];
  for (const f of checkAppSpec(spec, kind, line)) {
    if (f.severity === 'error') {
      errors.push(finding('HK-SCHEMA', `spec.${f.path}`, f.message));
      refused.add(f.path);
      continue;
    }
    const segments = f.path.split('.');
    const unknown = unknownFieldFinding(spec, segments, line, kind);
    if (unknown.rule === 'HK-LINE-FIELD' && valueAt(model, segments) !== undefined) continue;
    if (RULES[unknown.rule].severity === 'error') errors.push(unknown);
    else warn(scope, unknown);
  }
  return errors;
}
