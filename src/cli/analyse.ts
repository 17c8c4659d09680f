import { App } from 'cdk8s';
import { SourceDocument } from './documents';
import { ruleCode } from './rules';
import { PlatformLine } from '../model/platform-line';
import { collectWarnings, treeProblems } from '../model/validation';
import { carryOver, ManifestReading, readManifest } from '../tenant/from-manifest';
import { HikubeCluster } from '../tenant/hikube-cluster';

export type Severity = 'error' | 'warning' | 'note';

/** One thing the command line reports, pointing at a file and line. */
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly severity: Severity;
  readonly code: string;
  /** Dotted field path in the document. */
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
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

/** Makes a finding from a `<field path>: <message>` text (construct path prefixes removed). */
export function finding(doc: SourceDocument, severity: Severity, text: string, fix?: string): Finding {
  const bare = text.replace(/^\[[^\]]*\] /, '');
  const colon = bare.indexOf(': ');
  const named = colon > 0 && /^[a-z_][\w.\-/]*$/.test(bare.slice(0, colon));
  let field = named ? bare.slice(0, colon) : 'spec';
  const message = named ? bare.slice(colon + 2) : bare;
  if (!/^(spec|metadata)(\.|$)/.test(field)) field = `spec.${field}`;
  return { file: doc.file, line: doc.lineOf(field), severity, code: ruleCode(`${field}: ${message}`), path: field, message, fix };
}

/**
 * Reads a `Kubernetes` document the way `HikubeCluster.fromManifest()` does and runs every rule of the
 * library on it: repairs `fromManifest` would make are problems here (the platform refuses the document
 * as written), then the cluster's checks and the schema check of the final document.
 */
export function analyse(doc: SourceDocument, platformLine?: PlatformLine, deployed?: Analysis): Analysis {
  const meta = doc.value?.metadata ?? {};
  const base = { doc, name: String(meta.name ?? '(unnamed)'), namespace: meta.namespace };
  const findings: Finding[] = [];
  let reading: ManifestReading;
  try {
    reading = readManifest(doc.value, { platformLine });
  } catch (e) {
    return { ...base, findings: [finding(doc, 'error', (e as Error).message)] };
  }
  for (const note of reading.notes) {
    if (note.kind === 'repair') findings.push(finding(doc, 'error', `${note.path}: ${note.message}`, note.fix));
    else if (note.kind === 'line') findings.push(finding(doc, 'note', `${note.path}: ${note.message}`));
    else if (note.path.startsWith('metadata.')) findings.push(finding(doc, 'warning', `${note.path}: ${note.message}`));
  }
  let cluster: HikubeCluster;
  let patches: Array<{ path: string; value: unknown }> = [];
  try {
    const old = deployed?.cluster;
    cluster = new HikubeCluster(new App(), 'cluster', {
      ...reading.props,
      ...(old ? { deployed: { version: old.version, storageClass: old.props.storageClass ?? 'replicated' } } : {}),
    });
    patches = carryOver(cluster, reading.leftover);
    for (const error of treeProblems(cluster)) findings.push(finding(doc, 'error', error));
    for (const warning of collectWarnings(cluster)) findings.push(finding(doc, 'warning', warning));
  } catch (e) {
    findings.push(finding(doc, 'error', (e as Error).message));
    return { ...base, reading, findings };
  }
  // The library's own message says more than the schema's about the same field.
  const ruled = new Set(findings.filter((f) => f.severity === 'error' && f.code !== 'HK-SCHEMA').map((f) => f.path));
  return { ...base, reading, cluster, patches, findings: findings.filter((f) => f.code !== 'HK-SCHEMA' || !ruled.has(f.path)) };
}

/** Formats a finding as `file:line: CODE path: message`, with the fix when there is one. */
export function formatFinding(f: Finding): string {
  const level = f.severity === 'error' ? '' : `${f.severity}: `;
  return `${f.file}:${f.line}: ${f.code} ${f.path}: ${level}${f.message}${f.fix ? ` (fix: ${f.fix})` : ''}`;
}
