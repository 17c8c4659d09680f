import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SourceDocument } from './documents';
import { HikubeValidationError, Repair, ValidationProblem } from '../diagnostics/problems';
import { isRuleCode, RuleCode, RuleDefinition, RULES, severityOf, Severity } from '../diagnostics/rules';
import { KubernetesNodesServing, PlatformLine } from '../model/platform-line';
import { treeProblems, warningProblems } from '../model/validation';
import { carryLeftover, carryOver, ManifestNote, ManifestReading, readManifest } from '../tenant/from-manifest';
import { HikubeCluster } from '../tenant/hikube-cluster';
import { KubernetesNodes } from '../tenant/kubernetes-nodes';
import { readNodePool, readTenant, tenantLine, tenantNamespaceOf } from '../tenant/read-documents';
import { Tenant } from '../tenant/tenant';


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

/** A document other than a cluster (a `Tenant`, a `KubernetesNodes` pool) and what checking it found. */
export interface DocumentFindings {
  readonly doc: SourceDocument;
  readonly findings: Finding[];
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
  /** The cluster's `KubernetesNodes` documents, checked with it. */
  readonly pools?: DocumentFindings[];
}

/** Codes of the check of the final document against the line's published schema. */
const SCHEMA_CODES: readonly string[] = ['HK-SCHEMA', 'HK-UNKNOWN-FIELD', 'HK-LINE-FIELD'] satisfies RuleCode[];

/** Where a field of a construct's input is written in a document, where it is not under `spec`. */
type FieldPlaces = { readonly [field: string]: string };

/** A problem of the library placed in the file: the field path under `spec` or `metadata`, the catalog's severity for `check`. */
export function located(doc: SourceDocument, p: { rule: string; field: string; detail: string; repair?: Repair }, entry: 'library' | 'check' = 'check', places: FieldPlaces = {}): Finding {
  const placed = Object.prototype.hasOwnProperty.call(places, p.field) ? places[p.field] : undefined;
  const field = placed ?? (/^(spec|metadata)(\.|$)/.test(p.field) ? p.field : p.field ? `spec.${p.field}` : 'spec');
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
function thrown(doc: SourceDocument, e: unknown, places: FieldPlaces = {}): Finding[] {
  if (e instanceof HikubeValidationError) return e.problems.map((p) => located(doc, p, 'check', places));
  return [located(doc, { rule: 'HK-TYPE', field: '', detail: (e as Error).message })];
}

/** The notes of a reading as findings, but for fields carried over, which the schema check reports on. */
function noteFindings(doc: SourceDocument, notes: ManifestNote[]): Finding[] {
  return notes.filter((n) => n.rule !== 'HK-CARRIED').map((n) => located(doc, { rule: n.rule, field: n.path, detail: n.message, repair: n.repair }));
}

/**
 * One finding per field and meaning: the library's own message about a field says more than the schema's, and
 * the same problem found twice (the typed props and the final document) is printed once.
 */
function distinct(findings: Finding[]): Finding[] {
  const fromSchema = (f: Finding) => SCHEMA_CODES.includes(f.code);
  const ruled = new Set(findings.filter((f) => f.severity === 'error' && !fromSchema(f)).map((f) => f.path));
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.path}\u0000${f.message}`;
    if ((fromSchema(f) && ruled.has(f.path)) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether a construct path is the construct's or below it. */
function within(path: string, scope: IConstruct): boolean {
  return path === scope.node.path || path.startsWith(`${scope.node.path}/`);
}

/** Where the fields of a pool's input are written in its document. */
const POOL_PLACES: FieldPlaces = { pool: 'metadata.name', cluster: 'kind', platformServes: 'kind' };
/** Where the fields of a tenant's input are written in its document. */
const TENANT_PLACES: FieldPlaces = { parentNamespace: 'metadata.namespace', platformLine: 'metadata.namespace' };

/** A pool document built on its cluster, or the findings that kept it from being built. */
interface PoolBuild {
  readonly doc: SourceDocument;
  readonly pool?: KubernetesNodes;
  readonly findings: Finding[];
}

function buildPool(app: App, cluster: HikubeCluster, doc: SourceDocument, id: string): PoolBuild {
  const name = String(doc.value?.metadata?.name ?? '');
  const prefix = `${cluster.clusterName}-`;
  const findings: Finding[] = [];
  if (!name.startsWith(prefix) || name === prefix) {
    findings.push(located(doc, { rule: 'HK-NODES-NAME', field: 'metadata.name', detail: `${JSON.stringify(name)} is not valid; a KubernetesNodes resource is named <cluster>-<pool> after the cluster it joins, so write ${prefix}<pool>` }));
    return { doc, findings };
  }
  try {
    const pool = name.slice(prefix.length);
    if (cluster.platformLine.kubernetesNodesServing === KubernetesNodesServing.NONE) {
      // The line has no such resource: that is the pool's one problem, not how its fields read on the line.
      return { doc, pool: new KubernetesNodes(app, id, { pool, cluster }), findings };
    }
    const reading = readNodePool(doc.value, pool, cluster.platformLine);
    findings.push(...noteFindings(doc, reading.notes));
    const built = new KubernetesNodes(app, id, { ...reading.props, cluster });
    carryLeftover(built.resource, reading.leftover);
    return { doc, pool: built, findings };
  } catch (e) {
    return { doc, findings: [...findings, ...thrown(doc, e, POOL_PLACES)] };
  }
}

function poolFindings(pools: PoolBuild[]): DocumentFindings[] {
  return pools.map((b) => ({ doc: b.doc, findings: distinct(b.findings) }));
}

/** The problems of an app placed in the documents of its pools; those of no pool are returned. */
function placePoolProblems(pools: PoolBuild[], problems: ValidationProblem[]): ValidationProblem[] {
  const rest: ValidationProblem[] = [];
  for (const p of problems) {
    const owner = pools.find((b) => b.pool && within(p.path, b.pool));
    if (owner) owner.findings.push(located(owner.doc, p, 'check', POOL_PLACES));
    else rest.push(p);
  }
  return rest;
}

/**
 * Reads a `Kubernetes` document the way `HikubeCluster.fromManifest()` does and runs every rule of the
 * library on it: repairs `fromManifest` would make are problems here (the platform refuses the document
 * as written), then the cluster's checks, the schema check of the final document and, against the
 * deployed version, the change checks.
 */
export function analyse(doc: SourceDocument, platformLine?: PlatformLine, deployed?: Analysis, poolDocs: SourceDocument[] = []): Analysis {
  const meta = doc.value?.metadata ?? {};
  const base = { doc, name: String(meta.name ?? '(unnamed)'), namespace: meta.namespace };
  const findings: Finding[] = [];
  let reading: ManifestReading;
  try {
    reading = readManifest(doc.value, { platformLine });
  } catch (e) {
    return { ...base, findings: thrown(doc, e) };
  }
  // Carried spec fields are what the schema check reports on; the note would repeat it.
  findings.push(...noteFindings(doc, reading.notes));
  let cluster: HikubeCluster;
  let patches: Array<{ path: string; value: unknown }> = [];
  let pools: PoolBuild[] = [];
  try {
    const old = deployed?.cluster;
    const app = new App();
    cluster = new HikubeCluster(app, 'cluster', { ...reading.props, ...(old ? { deployed: { cluster: old } } : {}) });
    patches = carryOver(cluster, reading.leftover);
    // Pools are built before the checks run: the cluster's add-ons may need their nodes.
    pools = poolDocs.map((d, i) => buildPool(app, cluster, d, `pool-${i}`));
    findings.push(...placePoolProblems(pools, treeProblems(cluster)).map((p) => located(doc, p)));
    findings.push(...warningProblems(cluster).map((p) => located(doc, p)));
    for (const b of pools) if (b.pool) b.findings.push(...warningProblems(b.pool).map((p) => located(b.doc, p, 'check', POOL_PLACES)));
  } catch (e) {
    findings.push(...thrown(doc, e));
    return { ...base, reading, findings, pools: poolFindings(pools) };
  }
  return { ...base, reading, cluster, patches, findings: distinct(findings), pools: poolFindings(pools) };
}

/**
 * The construct id of a cluster read from a document: its name, unless a name the constructs library cannot
 * hold as a child (`constructor`, a property of every JavaScript object) or one already taken by a cluster of
 * another namespace. The cluster keeps its name either way.
 */
export function constructId(name: string, namespace: string | undefined, taken: Set<string>): string {
  const base = name in {} ? `${name}-cluster` : name;
  let id = taken.has(base) && namespace ? `${namespace}-${name}` : base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  taken.add(id);
  return id;
}

/**
 * The problems between clusters of the input (`acrossClusters` in the catalog: one host, bucket prefix or
 * bootstrap path for two clusters), which the check of each cluster alone cannot see: every cluster that read
 * and built is read again into one app, and only those rules are reported, on the cluster the library names.
 */
export function analyseAcross(analyses: Analysis[]): Finding[] {
  const read = analyses.filter((a) => a.reading && a.cluster);
  if (read.length < 2) return [];
  const app = new App();
  const taken = new Set<string>();
  const built: Array<[Analysis, HikubeCluster]> = [];
  for (const a of read) {
    // Read afresh: a reading's add-ons and groups belong to the cluster built from it.
    const reading = readManifest(a.doc.value, { platformLine: a.reading!.line });
    const cluster = new HikubeCluster(app, constructId(a.name, a.namespace, taken), reading.props);
    carryOver(cluster, reading.leftover);
    built.push([a, cluster]);
  }
  const across = (p: ValidationProblem) => isRuleCode(p.rule) && (RULES[p.rule] as RuleDefinition).acrossClusters === true;
  const out: Finding[] = [];
  for (const p of [...treeProblems(app), ...warningProblems(app)].filter(across)) {
    const owner = built.find(([, c]) => within(p.path, c));
    if (owner) out.push(located(owner[0].doc, p));
  }
  return out;
}

/**
 * Reads `Tenant` documents the way code would build them and runs the `Tenant` construct's rules on them, in one
 * app so that a child is checked against its parent among them (its quotas, the scheduling class it inherits).
 * Without a line given, the tenants of the input are read for one line (`tenantLine`).
 */
export function analyseTenants(docs: SourceDocument[], platformLine?: PlatformLine): DocumentFindings[] {
  if (docs.length === 0) return [];
  const line = platformLine ?? tenantLine(docs.map((d) => d.value?.spec ?? {}));
  const app = new App();
  const built = new Map<SourceDocument, Tenant>();
  const byNamespace = new Map<string, SourceDocument>();
  for (const d of docs) {
    const ns = tenantNamespaceOf(d.value);
    if (ns !== undefined && !byNamespace.has(ns)) byNamespace.set(ns, d);
  }
  const results = new Map<SourceDocument, Finding[]>(docs.map((d) => [d, []]));
  // A parent before its children: each is built once its parent among the documents is.
  const build = (d: SourceDocument, index: number, seen: Set<SourceDocument>): Tenant | undefined => {
    if (built.has(d) || seen.has(d)) return built.get(d);
    seen.add(d);
    const parentDoc = typeof d.value?.metadata?.namespace === 'string' ? byNamespace.get(d.value.metadata.namespace) : undefined;
    const parent = parentDoc && parentDoc !== d ? build(parentDoc, docs.indexOf(parentDoc), seen) : undefined;
    try {
      const reading = readTenant(d.value, line);
      const { parentNamespace: _namespace, ...own } = reading.props;
      const tenant = new Tenant(app, `tenant-${index}`, parent ? { ...own, parent } : reading.props);
      carryLeftover(tenant.resource, reading.leftover);
      built.set(d, tenant);
      return tenant;
    } catch (e) {
      results.get(d)!.push(...thrown(d, e, TENANT_PLACES));
      return undefined;
    }
  };
  // A second document of one namespace and name is the duplicate `check` reports; building it would report it again.
  const identities = new Set<string>();
  docs.forEach((d, i) => {
    const identity = `${d.value?.metadata?.namespace ?? ''}/${d.value?.metadata?.name}`;
    if (!identities.has(identity)) build(d, i, new Set());
    identities.add(identity);
  });
  const tenants = [...built.entries()];
  const problems = tenants.length > 0 ? [...treeProblems(tenants[0][1]), ...warningProblems(app)] : [];
  for (const p of problems) {
    const owner = tenants.find(([, t]) => within(p.path, t));
    if (owner) results.get(owner[0])!.push(located(owner[0], p, 'check', TENANT_PLACES));
  }
  return docs.map((d) => ({ doc: d, findings: distinct(results.get(d)!) }));
}

/** Formats a finding as `file:line: CODE path: message`, with the fix when there is one. */
export function formatFinding(f: Finding): string {
  const level = f.severity === 'error' ? '' : `${f.severity}: `;
  return `${f.file}:${f.line}: ${f.code} ${f.path}: ${level}${f.message}${f.fix ? ` (fix: ${f.fix})` : ''}`;
}
