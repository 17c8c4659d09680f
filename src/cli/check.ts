import { Analysis, analyse, analyseAcross, analyseTenants, DocumentFindings, Finding, formatFinding } from './analyse';
import { Args, Io, lineOption } from './args';
import { expandPaths, InputError, isAppDocument, isClusterDocument, kindProblem, parseDocuments, readSource, SourceDocument, UsageError } from './documents';
import { RuleCode } from '../diagnostics/rules';
import { isPlainObject } from '../model/merge';
import { PlatformLine } from '../model/platform-line';

export const CHECK_HELP = `Usage: cdk8s-hikube check FILE|DIR|- ... [--line L] [--strict] [--json]

Checks every Kubernetes, Tenant and KubernetesNodes document (apps.cozystack.io/v1alpha1) in the files
against its platform line's published schema and every rule of the library. A KubernetesNodes pool is
checked with its cluster, which must be among the inputs; tenants are checked against their parents among
them; the clusters of all inputs are checked against each other (one ingress host, bucket prefix or
bootstrap path for two clusters). YAML is read as kubectl reads it (YAML 1.1: yes/no and on/off are booleans). Other kinds are skipped;
'-' reads standard input.

  --line L    platform line (v0.41, v1.3, v1.5, v1.6, main); detected per cluster when not given (a pool
              takes its cluster's; the tenants one line for all of them)
  --strict    warnings fail the check too
  --json      print the findings as JSON

Refused as problems of the input, each with its file and line (exit 1): a file that is empty, binary,
gzip-compressed or not UTF-8; YAML that does not parse or whose aliases expand too far; a document that is
not a mapping; a kind or apiVersion of apps.cozystack.io the Hikube API does not serve (\`kind: kubernetes\`,
\`apps.cozystack.io/v1alpha2\`); two documents of one kind with one name in one namespace; input with no
cluster, tenant or node pool at all; a node pool whose cluster is not among the inputs. A field the platform
line does not have is an error (the platform ignores it), with the field most likely meant; a field only
other platform lines have is a warning naming them (HK-LINE-FIELD, an error in the library's typed props).

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

/** The findings of a document before its kind is read, and whether it is an application of the Hikube API this command checks. */
function readDocument(doc: SourceDocument): { findings: Finding[]; kind?: 'Kubernetes' | 'Tenant' | 'KubernetesNodes' } {
  const at = (rule: RuleCode, path: string, message: string): Finding => ({ file: doc.file, line: path === '(yaml)' ? doc.line : doc.lineOf(path), severity: 'error', code: rule, path, message });
  if (doc.errors.length > 0) return { findings: doc.errors.map((e) => ({ ...at('HK-YAML', '(yaml)', e.message), line: e.line })) };
  if (!isPlainObject(doc.value)) {
    return { findings: [at('HK-INPUT-NOT-OBJECT', '(yaml)', `this document is ${Array.isArray(doc.value) ? 'a list' : 'a plain value'}, not a Kubernetes object (a mapping with apiVersion, kind and metadata)`)] };
  }
  const wrongKind = kindProblem(doc.value);
  if (wrongKind) return { findings: [at(wrongKind.rule, wrongKind.path, wrongKind.message)] };
  if (isClusterDocument(doc.value)) return { findings: [], kind: 'Kubernetes' };
  for (const kind of ['Tenant', 'KubernetesNodes'] as const) if (isAppDocument(doc.value, kind)) return { findings: [], kind };
  return { findings: [] };
}

/** A namespace and name, the identity of a document of a kind: the second document replaces the first when both are applied. */
function identity(doc: SourceDocument): string | undefined {
  const meta = doc.value?.metadata;
  return meta?.name === undefined ? undefined : `${meta.namespace ?? ''}/${meta.name}`;
}

/** Two documents of one kind, namespace and name: the second replaces the first when both are applied. */
function duplicates(docs: SourceDocument[], what: string): Finding[] {
  const first = new Map<string, SourceDocument>();
  const out: Finding[] = [];
  for (const doc of docs) {
    const key = identity(doc);
    if (key === undefined) continue;
    const seen = first.get(key);
    if (!seen) {
      first.set(key, doc);
      continue;
    }
    const { name, namespace } = doc.value.metadata;
    const where = namespace ? `namespace ${namespace}` : 'the namespace kubectl applies to';
    out.push({
      file: doc.file,
      line: doc.lineOf('metadata.name'),
      severity: 'error',
      code: 'HK-DUPLICATE',
      path: 'metadata.name',
      message: `${what} ${name} is also defined at ${seen.file}:${seen.lineOf('metadata.name')}; applied to ${where}, one document would replace the other; give each ${what} its own name`,
    });
  }
  return out;
}

/** The clusters of the input, and every pool document with what checking it found. */
interface ClustersAndPools {
  readonly clusters: Analysis[];
  readonly pools: DocumentFindings[];
}

/** The key that ties a pool to its cluster: the namespace both are applied in, and the cluster's name. */
function clusterKey(namespace: unknown, name: unknown): string {
  return `${typeof namespace === 'string' ? namespace : ''}\u0000${String(name)}`;
}

/**
 * Each cluster with its pools among the documents, checked together; a pool whose cluster is not among them is
 * not checked, and says so.
 */
function checkClusters(clusterDocs: SourceDocument[], poolDocs: SourceDocument[], line?: PlatformLine): ClustersAndPools {
  const present = new Set(clusterDocs.map((d) => clusterKey(d.value.metadata?.namespace, d.value.metadata?.name)));
  const poolsOf = new Map<string, SourceDocument[]>();
  const pools: DocumentFindings[] = [];
  const identities = new Set<string>();
  for (const d of poolDocs) {
    // A second pool of one name is the duplicate reported apart, not a pool to build again.
    const id = identity(d);
    if (id !== undefined && identities.has(id)) continue;
    if (id !== undefined) identities.add(id);
    const cluster = d.value.spec?.cluster;
    const key = clusterKey(d.value.metadata?.namespace, cluster);
    if (typeof cluster === 'string' && cluster !== '' && present.has(key)) {
      poolsOf.set(key, [...(poolsOf.get(key) ?? []), d]);
      continue;
    }
    const ns = d.value.metadata?.namespace;
    const message = typeof cluster !== 'string' || cluster === ''
      ? 'the pool names no cluster; write the name of the Kubernetes cluster it joins'
      : `cluster ${cluster} is not among the inputs${typeof ns === 'string' ? ` in namespace ${ns}` : ''}, so the pool was not checked: a pool is checked with its cluster (its version, `
        + 'Talos settings, add-ons and the names of its groups); name the file that holds the cluster\'s Kubernetes document too';
    pools.push({ doc: d, findings: [{ file: d.file, line: d.lineOf('spec.cluster'), severity: 'error', code: 'HK-NODES-CLUSTER', path: 'spec.cluster', message }] });
  }
  // A cluster named twice takes the pools once, with its first document.
  const taken = new Set<string>();
  const clusters = clusterDocs.map((d) => {
    const key = clusterKey(d.value.metadata?.namespace, d.value.metadata?.name);
    const own = taken.has(key) ? [] : poolsOf.get(key) ?? [];
    taken.add(key);
    return analyse(d, line, undefined, own);
  });
  pools.push(...clusters.flatMap((a) => a.pools ?? []));
  return { clusters, pools };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
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
  const byKind = { Kubernetes: [] as SourceDocument[], Tenant: [] as SourceDocument[], KubernetesNodes: [] as SourceDocument[] };
  const kinds = new Set<string>();
  for (const file of files) {
    const { docs, problem } = readForCheck(file);
    if (problem) findings.push(problem);
    for (const doc of docs) {
      const result = readDocument(doc);
      findings.push(...result.findings);
      if (result.kind) byKind[result.kind].push(doc);
      else if (isPlainObject(doc.value) && typeof doc.value.kind === 'string') kinds.add(doc.value.kind);
    }
  }
  const { clusters, pools } = checkClusters(byKind.Kubernetes, byKind.KubernetesNodes, line);
  const tenants = analyseTenants(byKind.Tenant, line);
  findings.push(...clusters.flatMap((a) => a.findings), ...analyseAcross(clusters));
  findings.push(...pools.flatMap((p) => p.findings), ...tenants.flatMap((t) => t.findings));
  findings.push(...duplicates(byKind.Kubernetes, 'cluster'), ...duplicates(byKind.Tenant, 'tenant'), ...duplicates(byKind.KubernetesNodes, 'node pool'));
  const unchecked = (p: DocumentFindings) => p.findings.some((f) => f.code === 'HK-NODES-CLUSTER');
  const poolCount = pools.filter((p) => !unchecked(p)).length;
  const checked = clusters.length + tenants.length + poolCount;
  if (checked === 0 && !findings.some((f) => f.severity === 'error')) {
    const found = kinds.size > 0 ? `it holds ${[...kinds].sort().join(', ')}` : 'it holds no Kubernetes object';
    findings.push(...args.positional.map((input) => inputFinding(input, 'HK-NO-CLUSTER',
      `no Kubernetes, Tenant or KubernetesNodes document of apps.cozystack.io/v1alpha1, so nothing was checked (${found}); name the files that hold the clusters`)));
  }
  const order = new Map(files.map((f, i) => [f, i]));
  findings.sort((a, b) => (order.get(a.file) ?? files.length) - (order.get(b.file) ?? files.length) || a.line - b.line);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const count = clusters.length;
  if (args.options.json) {
    io.out(JSON.stringify({ clusters: count, tenants: tenants.length, nodePools: poolCount, errors, warnings, findings }, undefined, 2));
  } else {
    for (const f of findings) io.out(formatFinding(f));
    const counted = ([[count, 'cluster'], [tenants.length, 'tenant'], [poolCount, 'node pool']] as const).filter(([n]) => n > 0).map(([n, what]) => plural(n, what));
    io.out(`${counted.length > 0 ? counted.join(', ') : '0 clusters'} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  }
  return errors > 0 || (args.options.strict && warnings > 0) ? 1 : 0;
}
