import { Analysis, analyse, Finding, formatFinding } from './analyse';
import { Args, Io, lineOption } from './args';
import { expandPaths, InputError, isClusterDocument, kindProblem, parseDocuments, readSource, SourceDocument, UsageError } from './documents';
import { RuleCode } from '../diagnostics/rules';
import { isPlainObject } from '../model/merge';

export const CHECK_HELP = `Usage: cdk8s-hikube check FILE|DIR|- ... [--line L] [--strict] [--json]

Checks every Kubernetes document (apps.cozystack.io/v1alpha1) in the files against its platform line's
published schema and every rule of the library. YAML is read as kubectl reads it (YAML 1.1: yes/no and
on/off are booleans). Other kinds are skipped; '-' reads standard input.

  --line L    platform line (v0.41, v1.3, v1.5, v1.6, main); detected per document when not given
  --strict    warnings fail the check too
  --json      print the findings as JSON

Refused as problems of the input, each with its file and line (exit 1): a file that is empty, binary,
gzip-compressed or not UTF-8; YAML that does not parse or whose aliases expand too far; a document that is
not a mapping; a kind or apiVersion of apps.cozystack.io the Hikube API does not serve (\`kind: kubernetes\`,
\`apps.cozystack.io/v1alpha2\`); two clusters with one name in one namespace; input with no cluster at all.
A field the platform line does not have is an error (the platform ignores it), with the field most likely
meant; a field only other platform lines have is a warning naming them.

Exit code: 0 when fine, 1 when problems are found, 2 on usage errors (no input named, a path that does
not exist, a folder without .yaml or .yml files, an unknown option).`;

/** A problem of an input as a whole, placed at its first line. */
function inputFinding(file: string, rule: RuleCode, message: string): Finding {
  return { file, line: 1, severity: 'error', code: rule, path: '(input)', message };
}

/** One input file read for `check`: its documents, or the finding that says why it holds none. */
function readForCheck(file: string): { docs: SourceDocument[]; problem?: Finding } {
  const at = (rule: RuleCode, message: string) => inputFinding(file, rule, message);
  try {
    const docs = parseDocuments(file, readSource(file));
    return docs.length > 0 ? { docs } : { docs, problem: at('HK-INPUT-EMPTY', 'holds no document; a manifest needs at least one Kubernetes object') };
  } catch (e) {
    if (e instanceof InputError) return { docs: [], problem: at(e.rule, e.detail) };
    throw e;
  }
}

/** What one document adds to the check: its findings, and its analysis when it is a cluster. */
function checkDocument(doc: SourceDocument, line: ReturnType<typeof lineOption>): { findings: Finding[]; cluster?: Analysis } {
  const at = (rule: RuleCode, path: string, message: string): Finding => ({ file: doc.file, line: path === '(yaml)' ? doc.line : doc.lineOf(path), severity: 'error', code: rule, path, message });
  if (doc.errors.length > 0) return { findings: doc.errors.map((e) => ({ ...at('HK-YAML', '(yaml)', e.message), line: e.line })) };
  if (!isPlainObject(doc.value)) {
    return { findings: [at('HK-INPUT-NOT-OBJECT', '(yaml)', `this document is ${Array.isArray(doc.value) ? 'a list' : 'a plain value'}, not a Kubernetes object (a mapping with apiVersion, kind and metadata)`)] };
  }
  const wrongKind = kindProblem(doc.value);
  if (wrongKind) return { findings: [at(wrongKind.rule, wrongKind.path, wrongKind.message)] };
  if (!isClusterDocument(doc.value)) return { findings: [] };
  const cluster = analyse(doc, line);
  return { findings: cluster.findings, cluster };
}

/** Two clusters of one namespace and name: the second document replaces the first when both are applied. */
function duplicates(clusters: Analysis[]): Finding[] {
  const first = new Map<string, Analysis>();
  const out: Finding[] = [];
  for (const a of clusters) {
    if (a.doc.value?.metadata?.name === undefined) continue;
    const key = `${a.namespace ?? ''}/${a.name}`;
    const seen = first.get(key);
    if (!seen) {
      first.set(key, a);
      continue;
    }
    const where = a.namespace ? `namespace ${a.namespace}` : 'the namespace kubectl applies to';
    out.push({
      file: a.doc.file,
      line: a.doc.lineOf('metadata.name'),
      severity: 'error',
      code: 'HK-DUPLICATE',
      path: 'metadata.name',
      message: `cluster ${a.name} is also defined at ${seen.doc.file}:${seen.doc.lineOf('metadata.name')}; applied to ${where}, one document would replace the other; give each cluster its own name`,
    });
  }
  return out;
}

/** `check`: each problem as `file:line: CODE path: message`, in file then line order. */
export function check(args: Args, io: Io): number {
  if (args.positional.length === 0) throw new UsageError('check: name at least one file, folder or -');
  const line = lineOption(args);
  const files = args.positional.map((input) => {
    const expanded = expandPaths([input]);
    if (expanded.length === 0) throw new UsageError(`${input}: a folder without .yaml or .yml files`);
    return expanded;
  }).flat();
  const findings: Finding[] = [];
  const clusters: Analysis[] = [];
  const kinds = new Set<string>();
  for (const file of files) {
    const { docs, problem } = readForCheck(file);
    if (problem) findings.push(problem);
    for (const doc of docs) {
      const result = checkDocument(doc, line);
      findings.push(...result.findings);
      if (result.cluster) clusters.push(result.cluster);
      else if (isPlainObject(doc.value) && typeof doc.value.kind === 'string') kinds.add(doc.value.kind);
    }
  }
  findings.push(...duplicates(clusters));
  if (clusters.length === 0 && !findings.some((f) => f.severity === 'error')) {
    const found = kinds.size > 0 ? `it holds ${[...kinds].sort().join(', ')}` : 'it holds no Kubernetes object';
    findings.push(...args.positional.map((input) => inputFinding(input, 'HK-NO-CLUSTER',
      `no Kubernetes document of apps.cozystack.io/v1alpha1, so nothing was checked (${found}); name the files that hold the clusters`)));
  }
  const order = new Map(files.map((f, i) => [f, i]));
  findings.sort((a, b) => (order.get(a.file) ?? files.length) - (order.get(b.file) ?? files.length) || a.line - b.line);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const count = clusters.length;
  if (args.options.json) {
    io.out(JSON.stringify({ clusters: count, errors, warnings, findings }, undefined, 2));
  } else {
    for (const f of findings) io.out(formatFinding(f));
    io.out(`${count} cluster${count === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  }
  return errors > 0 || (args.options.strict && warnings > 0) ? 1 : 0;
}
