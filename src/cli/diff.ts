import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { Analysis, analyse, Finding, formatFinding, located } from './analyse';
import { Args, Io, lineOption } from './args';
import { expandPaths, isClusterDocument, kindProblem, parseDocuments, readSource, SourceDocument, UsageError } from './documents';
import { isRuleCode, RULES } from '../diagnostics/rules';
import { isPlainObject } from '../model/merge';
import { applyLineDefaults } from '../tenant/line-schema';

export const DIFF_HELP = `Usage: cdk8s-hikube diff OLD NEW [--line L] [--json]
       cdk8s-hikube diff --git REF PATH ... [--line L] [--json]

What changes per cluster between two versions of the manifests (files or folders; clusters are matched by
namespace and name), compared after the platform's defaulting. Refused, because the platform cannot do it
safely: skipping a minor version, downgrading, changing storageClass, removing a node group that still has
minReplicas > 0, shrinking a worker disk. Warned, because allowed but costly: a change that replaces every
node of a group, removing an add-on.

  --git REF   compare the committed version of each PATH at REF with the working copy
  --line L    platform line; detected per document when not given
  --json      print the changes and findings as JSON

Exit code: 0 when the change is safe, 1 when something is refused, 2 on usage errors.`;

/** One field that differs. */
export interface Change {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ClusterDiff {
  readonly cluster: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly changes: Change[];
  readonly findings: Finding[];
}

function key(a: Analysis): string {
  return `${a.namespace ?? '(current namespace)'}/${a.name}`;
}

function docKey(d: SourceDocument): string {
  return `${d.value?.metadata?.namespace ?? '(current namespace)'}/${d.value?.metadata?.name ?? '(unnamed)'}`;
}

function clusters(docs: SourceDocument[], analyseOne: (d: SourceDocument) => Analysis): Map<string, Analysis> {
  const out = new Map<string, Analysis>();
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new UsageError(`${doc.file}:${doc.errors[0].line}: not valid YAML: ${doc.errors[0].message}`);
    const wrongKind = kindProblem(doc.value);
    if (wrongKind) throw new UsageError(`${doc.file}:${doc.lineOf(wrongKind.path)}: ${wrongKind.path}: ${wrongKind.message}`);
    if (!isClusterDocument(doc.value)) continue;
    const a = analyseOne(doc);
    out.set(key(a), a);
  }
  return out;
}

/** The spec as the platform stores it: the model's document with the line's defaults. */
function stored(a: Analysis): Record<string, any> {
  const cluster = a.cluster!;
  return applyLineDefaults(cluster.resource.toJson().spec ?? {}, cluster.platformLine);
}

function flatten(value: unknown, at: string, out: Map<string, unknown>): Map<string, unknown> {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, `${at}.${k}`, out);
  } else {
    out.set(at, value);
  }
  return out;
}

function fieldChanges(before: Record<string, any>, after: Record<string, any>): Change[] {
  const a = flatten(before, 'spec', new Map());
  const b = flatten(after, 'spec', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => p !== 'spec' && JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p))).map((p) => ({ path: p, before: a.get(p), after: b.get(p) }));
}

/** The change checks of the library (run with the old cluster as what is deployed): refusals and costly changes. */
export function compareClusters(next: Analysis): Finding[] {
  return next.findings.filter((f) => isRuleCode(f.code) && RULES[f.code].layer === 'change');
}

function loadGit(ref: string, paths: string[]): { old: SourceDocument[]; next: SourceDocument[] } {
  const git = (args: string[]) => execFileSync('git', args, { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
  const old: SourceDocument[] = [];
  for (const p of paths) {
    let files: string[];
    try {
      files = git(['ls-tree', '-r', '--name-only', ref, '--', p]).split('\n').filter((f) => /\.ya?ml$/.test(f));
    } catch (e) {
      throw new UsageError(`--git ${ref}: ${String((e as any).stderr ?? e).trim()}`);
    }
    for (const f of files) old.push(...parseDocuments(`${ref}:${f}`, git(['show', `${ref}:./${f}`])));
  }
  const existing = paths.filter((p) => fs.existsSync(p));
  return { old, next: expandPaths(existing).flatMap((f) => parseDocuments(f, readSource(f))) };
}

/** `diff`: changes per cluster, refusals and warnings. */
export function diff(args: Args, io: Io): number {
  const line = lineOption(args);
  const ref = args.options.git;
  let oldDocs: SourceDocument[];
  let newDocs: SourceDocument[];
  if (typeof ref === 'string') {
    if (args.positional.length === 0) throw new UsageError('diff --git REF: name the files or folders to compare');
    ({ old: oldDocs, next: newDocs } = loadGit(ref, args.positional));
  } else {
    if (args.positional.length !== 2) throw new UsageError('diff: give OLD and NEW (files or folders), or --git REF PATH...');
    oldDocs = expandPaths([args.positional[0]]).flatMap((f) => parseDocuments(f, readSource(f)));
    newDocs = expandPaths([args.positional[1]]).flatMap((f) => parseDocuments(f, readSource(f)));
  }
  const before = clusters(oldDocs, (d) => analyse(d, line));
  const after = clusters(newDocs, (d) => analyse(d, line, before.get(docKey(d))));
  const results: ClusterDiff[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old = before.get(name);
    const next = after.get(name);
    const unreadable = [old, next].filter((a): a is Analysis => a !== undefined && !a.cluster);
    if (unreadable.length > 0) {
      results.push({ cluster: name, status: 'changed', changes: [], findings: unreadable.flatMap((a) => a.findings.filter((f) => f.severity === 'error')) });
    } else if (!old) {
      // A new cluster is listed as written; the platform's defaults would drown it.
      results.push({ cluster: name, status: 'added', changes: fieldChanges({}, next!.cluster!.resource.toJson().spec ?? {}), findings: [] });
    } else if (!next) {
      results.push({ cluster: name, status: 'removed', changes: [], findings: [located(old.doc, { rule: 'HK-CLUSTER-REMOVED', field: 'metadata.name', detail: `cluster ${old.name} removed; deleting the Kubernetes resource deletes the cluster and its workloads` })] });
    } else {
      const changes = fieldChanges(stored(old), stored(next));
      results.push({ cluster: name, status: changes.length > 0 ? 'changed' : 'unchanged', changes, findings: compareClusters(next) });
    }
  }
  const refused = results.flatMap((r) => r.findings).filter((f) => f.severity === 'error').length;
  if (args.options.json) {
    io.out(JSON.stringify({ refused, clusters: results }, undefined, 2));
  } else {
    for (const r of results) {
      io.out(`cluster ${r.cluster}: ${r.status}`);
      const show = (v: unknown) => JSON.stringify(v);
      for (const c of r.changes) {
        if (c.before === undefined) io.out(`  + ${c.path}: ${show(c.after)}`);
        else if (c.after === undefined) io.out(`  - ${c.path}: ${show(c.before)}`);
        else io.out(`  ~ ${c.path}: ${show(c.before)} -> ${show(c.after)}`);
      }
      for (const f of r.findings) io.out(`  ${formatFinding(f)}`);
    }
    io.out(refused > 0 ? `${refused} change${refused === 1 ? '' : 's'} refused` : 'no refused change');
  }
  return refused > 0 ? 1 : 0;
}
