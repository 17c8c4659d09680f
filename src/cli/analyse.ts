import { App } from 'cdk8s';
import { SourceDocument } from './documents';
import { HikubeValidationError, Repair } from '../diagnostics/problems';
import { isRuleCode, RuleCode, severityOf, Severity } from '../diagnostics/rules';
import { PlatformLine } from '../model/platform-line';
import { treeProblems, warningProblems } from '../model/validation';
import { carryOver, ManifestReading, readManifest } from '../tenant/from-manifest';
import { HikubeCluster } from '../tenant/hikube-cluster';


/** One thing the command line reports, pointing at a file and line. */
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly severity: Severity;
  readonly code: string;
  /** Dotted field path in the document. */
  readonly path: string;
  readonly message: string;
  /** The repair in words, where one exists. */
  readonly fix?: string;
  /** The repair as JSON Patch operations on the document. */
  readonly repair?: Repair;
}

/** A cluster document read through the library: its model, and everything found on the way. */
export interface Analysis {
  readonly doc: SourceDocument;
  readonly name: string;
  readonly namespace?: string;
  readonly reading?: ManifestReading;
  readonly cluster?: HikubeCluster;
  /** Fields carried over untyped, as JSON patch additions. */
  readonly patches?: Array<{ path: string; value: unknown }>;
  readonly findings: Finding[];
}

/** Codes of the check of the final document against the line's published schema. */
const SCHEMA_CODES: readonly string[] = ['HK-SCHEMA', 'HK-UNKNOWN-FIELD', 'HK-OTHER-LINE-FIELD'] satisfies RuleCode[];

/** A problem of the library placed in the file: the field path under `spec` or `metadata`, the catalog's severity for `check`. */
export function located(doc: SourceDocument, p: { rule: string; field: string; detail: string; repair?: Repair }, entry: 'library' | 'check' = 'check'): Finding {
  const field = /^(spec|metadata)(\.|$)/.test(p.field) ? p.field : p.field ? `spec.${p.field}` : 'spec';
  const message = p.detail;
  const code = isRuleCode(p.rule) ? p.rule : 'HK-CONSTRUCT';
  return {
    file: doc.file,
    line: doc.lineOf(field),
    severity: severityOf(code, entry),
    code,
    path: field,
    message,
    ...(p.repair ? { fix: p.repair.description, repair: p.repair } : {}),
  };
}

/** Findings from an error thrown while reading or building: the library's problems, or one finding for any other error. */
function thrown(doc: SourceDocument, e: unknown): Finding[] {
  if (e instanceof HikubeValidationError) return e.problems.map((p) => located(doc, p));
  return [located(doc, { rule: 'HK-TYPE', field: '', detail: (e as Error).message })];
}

/**
 * Reads a `Kubernetes` document the way `HikubeCluster.fromManifest()` does and runs every rule of the
 * library on it: repairs `fromManifest` would make are problems here (the platform refuses the document
 * as written), then the cluster's checks, the schema check of the final document and, against the
 * deployed version, the change checks.
 */
export function analyse(doc: SourceDocument, platformLine?: PlatformLine, deployed?: Analysis): Analysis {
  const meta = doc.value?.metadata ?? {};
  const base = { doc, name: String(meta.name ?? '(unnamed)'), namespace: meta.namespace };
  const findings: Finding[] = [];
  let reading: ManifestReading;
  try {
    reading = readManifest(doc.value, { platformLine });
  } catch (e) {
    return { ...base, findings: thrown(doc, e) };
  }
  for (const note of reading.notes) {
    // Carried spec fields are what the schema check reports on; the note would repeat it.
    if (note.rule !== 'HK-CARRIED') findings.push(located(doc, { rule: note.rule, field: note.path, detail: note.message, repair: note.repair }));
  }
  let cluster: HikubeCluster;
  let patches: Array<{ path: string; value: unknown }> = [];
  try {
    const old = deployed?.cluster;
    cluster = new HikubeCluster(new App(), 'cluster', { ...reading.props, ...(old ? { deployed: { cluster: old } } : {}) });
    patches = carryOver(cluster, reading.leftover);
    findings.push(...treeProblems(cluster).map((p) => located(doc, p)));
    findings.push(...warningProblems(cluster).map((p) => located(doc, p)));
  } catch (e) {
    findings.push(...thrown(doc, e));
    return { ...base, reading, findings };
  }
  // The library's own message says more than the schema's about the same field.
  const fromSchema = (f: Finding) => SCHEMA_CODES.includes(f.code);
  const ruled = new Set(findings.filter((f) => f.severity === 'error' && !fromSchema(f)).map((f) => f.path));
  return { ...base, reading, cluster, patches, findings: findings.filter((f) => !fromSchema(f) || !ruled.has(f.path)) };
}

/** Formats a finding as `file:line: CODE path: message`, with the fix when there is one. */
export function formatFinding(f: Finding): string {
  const level = f.severity === 'error' ? '' : `${f.severity}: `;
  return `${f.file}:${f.line}: ${f.code} ${f.path}: ${level}${f.message}${f.fix ? ` (fix: ${f.fix})` : ''}`;
}
