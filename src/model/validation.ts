import { ApiObject, App, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isPositiveWholeSeconds } from './quantity';
import { Finding, HikubeValidationError, placed, problem, ValidationProblem } from '../diagnostics/problems';
import { RULES, RuleCode } from '../diagnostics/rules';

export { finding, messageOf, nested, problem, type Finding } from '../diagnostics/problems';

/** Construct metadata type under which the library records warnings (the data is the structured finding). */
export const WARNING_METADATA = 'hikube:warning';

/** App context key (or environment variable `HIKUBE_STRICT=1`) that turns warnings into errors, for CI. */
export const STRICT_CONTEXT = 'hikube:strict';

/** Error for input that can be rejected while a construct is being built. */
export function invalid(rule: RuleCode, scope: IConstruct | string, field: string, value: unknown, allowed: string): HikubeValidationError {
  return invalidAll(scope, [problem(rule, field, value, allowed)]);
}

/** The library error for problems a construct found while it was being built. */
export function invalidAll(scope: IConstruct | string, findings: Finding[]): HikubeValidationError {
  const path = typeof scope === 'string' ? scope : scope.node.path;
  return new HikubeValidationError(findings.map((f) => placed(path, f)));
}

/** Whether warnings are errors for the app a construct belongs to. */
function isStrict(scope: IConstruct): boolean {
  const env = process.env.HIKUBE_STRICT;
  if (env === '1' || env === 'true') return true;
  const value = scope.node.tryGetContext(STRICT_CONTEXT);
  return value === true || value === 'true' || value === '1';
}

/**
 * Records a warning on a construct. The construct tree is the only store: `HikubeCluster.warnings` lists it,
 * `HikubeApp` prints it, and strict mode escalates it at the next check run wherever it was recorded.
 */
export function warn(scope: IConstruct, f: Finding): void {
  if ((f.severity ?? RULES[f.rule].severity) === 'error') throw new Error(`internal: ${f.rule} is an error rule, recorded as a warning`);
  if (scope.node.metadata.some((m) => m.type === WARNING_METADATA && sameFinding(m.data as Finding, f))) return;
  scope.node.addMetadata(WARNING_METADATA, f, { stackTrace: false });
}

function sameFinding(a: Finding, b: Finding): boolean {
  return a.rule === b.rule && a.field === b.field && a.detail === b.detail;
}

/** Every warning recorded below (and on) a construct, placed at its construct path. */
export function warningProblems(scope: IConstruct): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING_METADATA) out.push(placed(c.node.path, entry.data as Finding));
    }
  }
  return out;
}

/** Collects every warning recorded below (and on) a construct, as `[construct path] message` lines. */
export function collectWarnings(scope: IConstruct): string[] {
  return warningProblems(scope).map((p) => `[${p.path}] ${p.message}`);
}

/** What the library checks in one construct tree, and what the first synth found. */
interface TreeChecks {
  readonly checks: Array<{ scope: IConstruct; check: () => Finding[] }>;
  readonly appChecks: Array<(root: IConstruct) => ValidationProblem[]>;
  readonly appCheckKeys: Set<symbol>;
  /** Objects the running checks rendered, with their JSON. */
  readonly rendered: Map<ApiObject, any>;
  /** Indexes of the whole app that checks share during one run (see `perRun`); empty between runs. */
  readonly memo: Map<symbol, unknown>;
  /**
   * Objects whose next `toJson()` returns what the checks rendered, each with what puts its own `toJson`
   * back (see `reuseOnce`); empty outside a synth.
   */
  readonly reused: Map<ApiObject, () => void>;
  /** Synths of this tree in progress whose end the library sees (see `withinSynth`). */
  synths: number;
  running: boolean;
  result?: ValidationProblem[];
}

const trees = new WeakMap<IConstruct, TreeChecks>();

function treeOf(scope: IConstruct): TreeChecks {
  const root = scope.node.root;
  let tree = trees.get(root);
  if (!tree) {
    const created: TreeChecks = {
      checks: [], appChecks: [], appCheckKeys: new Set(), rendered: new Map(), memo: new Map(), reused: new Map(), synths: 0, running: false,
    };
    tree = created;
    trees.set(root, created);
    root.node.addValidation({ validate: () => runTree(root, created) });
    if (root instanceof App) watchSynths(root);
  }
  return tree;
}

/**
 * Runs a synth of an app (`body`) so that the checked renderings last no longer than it: the output of the
 * synth reuses what the checks rendered, and whatever happens (the output written, a later step failing),
 * every rendering it did not take is dropped when the outermost synth returns or throws. HikubeApp's
 * synthesis runs inside it; see `watchSynths` for a plain cdk8s `App`.
 */
export function withinSynth<T>(app: IConstruct, body: () => T): T {
  const tree = trees.get(app.node.root);
  if (tree === undefined) return body();
  tree.synths++;
  try {
    return body();
  } finally {
    if (--tree.synths === 0) dropReuse(tree);
  }
}

/**
 * Makes the end of a plain cdk8s `App`'s own `synth()` and `synthYaml()` visible, by running the app's
 * methods inside `withinSynth`; the library does not otherwise see where cdk8s's synthesis ends.
 *
 * The checks reuse their renderings only inside a synth whose end is seen. Any other boundary would serve a
 * stale document: after a synth that fails once the checks have passed (a validation of another construct,
 * a file cdk8s cannot write), a change to an object and its next `toJson()` cannot be told from the output's
 * own call. Where the end is not seen, objects the checks read render once more and stay correct:
 * `Chart.toJson()` and `Testing.synth()` of one chart, the command line's check runs, and languages other
 * than JavaScript, whose jsii runtime calls the class's `synth` rather than the instance's (a `HikubeApp`
 * wraps its synthesis itself, in every language).
 */
function watchSynths(app: App): void {
  for (const method of ['synth', 'synthYaml'] as const) {
    // The jsii runtime defines a method a Python or Java subclass overrides as a fixed own property; its
    // synth is then not seen, as in other languages.
    const defined = Object.getOwnPropertyDescriptor(app, method);
    if (defined?.configurable === false || !Object.isExtensible(app)) continue;
    const own = app[method] as (...args: unknown[]) => unknown;
    Object.defineProperty(app, method, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function (this: App, ...args: unknown[]) {
        return withinSynth(app, () => own.apply(this, args));
      },
    });
  }
}

/** Constructs whose checks have run: their model was synthesized and every layer rendered it as it was. */
const checked = new WeakSet<IConstruct>();

/**
 * Refuses changes to a model that has been synthesized, so every layer renders the same model and a second
 * synth gives the same bytes. Constructs added to the app after a synth are checked at the next one.
 */
export function assertNotFrozen(scope: IConstruct, what: string): void {
  if (checked.has(scope)) {
    throw invalid('HK-FROZEN', scope, what, 'a change after synth', 'the model is frozen once the app has been synthesized (checked and rendered); build it completely before the first synth');
  }
}

/**
 * Registers checks of a construct. They run once per app, before anything is written: the library adds
 * one cdk8s validation to the root of the tree that runs every registered check and caches the result.
 *
 * Checks are not validations of their own constructs on purpose: cdk8s re-validates the whole app for
 * every chart it renders, so per-construct work would make a fleet of charts quadratic, and one error
 * listing every problem is more useful than cdk8s's first-chart failure.
 */
export function addChecks(scope: IConstruct, check: () => Finding[]): void {
  const tree = treeOf(scope);
  tree.checks.push({ scope, check });
  tree.result = undefined;
}

/** Registers a check over the whole tree (duplicate objects, output layout), run after the construct checks. */
export function addTreeCheck(scope: IConstruct, key: symbol, check: (root: IConstruct) => ValidationProblem[]): void {
  const tree = treeOf(scope);
  if (tree.appCheckKeys.has(key)) return;
  tree.appCheckKeys.add(key);
  tree.appChecks.push(check);
}

function runTree(root: IConstruct, tree: TreeChecks): string[] {
  if (tree.result === undefined) {
    // A check reads the object as it is now, never an earlier run's rendering.
    dropReuse(tree);
    tree.running = true;
    try {
      tree.result = runChecks(root, tree);
    } finally {
      tree.running = false;
      tree.memo.clear();
      tree.rendered.clear();
    }
  }
  if (tree.result.length > 0) throw new HikubeValidationError(tree.result);
  return [];
}

function runChecks(root: IConstruct, tree: TreeChecks): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const { scope, check } of tree.checks) {
    for (const f of check()) problems.push(placed(scope.node.path, f));
    checked.add(scope);
  }
  // Warnings are read from the tree, so those recorded at construction escalate as well as those of the checks.
  if (isStrict(root)) {
    for (const w of warningProblems(root).filter((p) => p.severity === 'warning')) {
      const strict = ' (a warning, an error in strict mode)';
      problems.push({ ...w, severity: 'error', message: `${w.message}${strict}`, detail: `${w.detail}${strict}` });
    }
  }
  if (problems.length === 0) {
    for (const check of tree.appChecks) problems.push(...check(root));
  }
  if (problems.length === 0 && tree.synths > 0) tree.rendered.forEach((json, obj) => reuseOnce(tree, obj, json));
  return problems;
}

/**
 * A fact about the whole app that many checks read (the clusters in order, the objects bound to each
 * cluster), computed once per check run and shared by every check of that run. A check that walked the
 * app itself would make a fleet quadratic: every cluster's checks would visit every other cluster. Outside
 * a run (a construct asking while it is built) it is computed afresh, since the tree may still grow.
 */
export function perRun<T>(scope: IConstruct, key: symbol, compute: (root: IConstruct) => T): T {
  const root = scope.node.root;
  const tree = trees.get(root);
  if (!tree?.running) return compute(root);
  if (!tree.memo.has(key)) tree.memo.set(key, compute(root));
  return tree.memo.get(key) as T;
}

/**
 * The JSON of an object, for a check that reads the rendered document (a workload's pod template, with
 * the JSON patches applied). The checks of one run share it, and when they pass, the output of the same
 * synth takes it too: each object renders once per synth however many checks read it.
 */
export function checkedJson(scope: IConstruct, obj: ApiObject): any {
  const rendered = treeOf(scope).rendered;
  if (!rendered.has(obj)) rendered.set(obj, obj.toJson());
  return rendered.get(obj);
}

/**
 * Makes the next `toJson()` of an object, the output's right after the checks, return what a check
 * rendered; later calls render again, so changes after the synth are not lost. Only inside a synth whose
 * end the library sees (`withinSynth`), which drops the renderings its output did not take.
 */
function reuseOnce(tree: TreeChecks, obj: ApiObject, json: any): void {
  const own = Object.getOwnPropertyDescriptor(obj, 'toJson');
  const restore = () => {
    tree.reused.delete(obj);
    if (own) Object.defineProperty(obj, 'toJson', own);
    else delete (obj as { toJson?: unknown }).toJson;
  };
  tree.reused.set(obj, restore);
  Object.defineProperty(obj, 'toJson', {
    configurable: true,
    writable: true,
    value: () => {
      restore();
      return json;
    },
  });
}

/** Drops every checked rendering no `toJson()` has taken: the objects render afresh. */
function dropReuse(tree: TreeChecks): void {
  for (const restore of [...tree.reused.values()]) restore();
}

/** The problems of a tree, without throwing: for the command line, which reports them next to the lines of a file. */
export function treeProblems(scope: IConstruct): ValidationProblem[] {
  try {
    runTree(scope.node.root, treeOf(scope));
    return [];
  } catch (e) {
    if (!(e instanceof HikubeValidationError)) throw e;
    return e.problems;
  }
}


/** RFC 1035 label: what the platform requires of a cluster name. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label: what node group names and Kubernetes resource names require. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: host names, storage class names. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** An e-mail address, loosely: what OIDC claims and ACME accounts need. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A Git URL Flux can fetch: it needs a scheme (`git@host:path` shorthand is not accepted). */
export const GIT_URL = /^(https?|ssh):\/\/\S+$/;

/** Returns a message when `branch` is not a branch name Git accepts (`git check-ref-format --branch`), else undefined. */
export function checkBranch(rule: RuleCode, field: string, branch: string): Finding | undefined {
  const bad = branch.length === 0 || /[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|\/\/|^[-/.]|[/.]$|\.lock$|^@$/.test(branch)
    || branch.split('/').some((part) => part.startsWith('.'));
  return bad ? problem(rule, field, branch, 'expected a Git branch name (no spaces, `..`, `~^:?*[\\`, `@{`, leading or trailing `/` or `.`)') : undefined;
}

/**
 * A DNS-1123 label derived from a construct id, for object and Secret names the user does not give:
 * lower case, other characters turned into `-`, at most 63 characters. Undefined when nothing is left.
 */
export function dnsLabelFrom(id: string): string | undefined {
  const label = id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  return label.length > 0 ? label : undefined;
}

/** Returns a message when a duration is not a positive whole number of seconds, else undefined. */
export function checkWholeSeconds(rule: RuleCode, field: string, duration: Duration): Finding | undefined {
  return isPositiveWholeSeconds(duration) ? undefined
    : problem(rule, field, `${duration.toMilliseconds()}ms`, 'expected a positive whole number of seconds');
}

/** Returns a message when `name` is not a DNS subdomain of at most 253 characters, else undefined. */
export function checkSubdomain(rule: RuleCode, field: string, name: string, what: string): Finding | undefined {
  if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return problem(rule, field, name, `${what} must be a lower-case DNS subdomain (RFC 1123) of at most 253 characters`);
  }
  return undefined;
}
