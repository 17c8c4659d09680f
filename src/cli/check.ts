import { analyse, Finding, formatFinding } from './analyse';
import { Args, Io, lineOption } from './args';
import { isClusterDocument, loadDocuments, UsageError } from './documents';

export const CHECK_HELP = `Usage: cdk8s-hikube check FILE|DIR|- ... [--line L] [--strict] [--json]

Checks every Kubernetes document (apps.cozystack.io) in the files against its platform line's published
schema and every rule of the library. Other kinds are skipped; '-' reads standard input.

  --line L    platform line (v0.41, v1.3, v1.5, v1.6, main); detected per document when not given
  --strict    warnings fail the check too
  --json      print the findings as JSON

Exit code: 0 when fine, 1 when problems are found, 2 on usage errors.`;

/** `check`: each problem as `file:line: CODE path: message`. */
export function check(args: Args, io: Io): number {
  if (args.positional.length === 0) throw new UsageError('check: name at least one file, folder or -');
  const line = lineOption(args);
  const findings: Finding[] = [];
  let clusters = 0;
  for (const doc of loadDocuments(args.positional)) {
    if (doc.errors.length > 0) {
      findings.push(...doc.errors.map((e): Finding => ({ file: doc.file, line: e.line, severity: 'error', code: 'HK-YAML', path: '(yaml)', message: e.message })));
      continue;
    }
    if (!isClusterDocument(doc.value)) continue;
    clusters++;
    findings.push(...analyse(doc, line).findings);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (args.options.json) {
    io.out(JSON.stringify({ clusters, errors, warnings, findings }, undefined, 2));
  } else {
    for (const f of findings) io.out(formatFinding(f));
    io.out(`${clusters} cluster${clusters === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  }
  return errors > 0 || (args.options.strict && warnings > 0) ? 1 : 0;
}
