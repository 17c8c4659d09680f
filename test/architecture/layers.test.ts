/**
 * The library's folders import in one direction, from the compiled lib/ (what runs, which `npm test`
 * compiles first): every `require()` counts, those inside functions included, since a late require is as
 * much a dependency as one at the top of a module. Type-only imports leave no trace there; the lint's
 * layer rule (in .projenrc.ts) covers them in the sources.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');
const SRC = path.join(ROOT, 'src');

/**
 * Lowest first; a module imports only from its own layer and the ones before it. The diagnostics and
 * the generated bindings import nothing of the library; the package index is imported by nothing in it.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['diagnostics/'],
  ['errors.js', 'imports/'],
  ['model/'],
  ['tenant/'],
  ['cluster-api/'],
  ['in-cluster/'],
  ['synth/'],
  ['cli/'],
  ['index.js'],
];

/** Module paths relative to lib/, with forward slashes, to what each requires inside lib/. */
type Graph = Map<string, string[]>;

/** The module names of every `require('...')` call with a literal argument, wherever it sits. */
function requiresOf(code: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require'
      && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('module.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  return found;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * The require graph of the modules compiled from src/: a module of lib/ without a source (left by a
 * module that moved) is not part of the library any more.
 */
function requireGraph(): Graph {
  if (!fs.existsSync(path.join(LIB, 'index.js'))) {
    throw new Error('lib/ is missing: the layer checks read the compiled library; build it with `npx projen compile`');
  }
  const modules = sources(SRC).map((file) => path.relative(SRC, file).replace(/\.ts$/, '.js').split(path.sep).join('/'));
  const stale = modules.filter((m) => {
    const compiled = path.join(LIB, m);
    return !fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(path.join(SRC, m.replace(/\.js$/, '.ts'))).mtimeMs;
  });
  if (stale.length > 0) {
    throw new Error(`lib/ is older than src/ (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', ...' : ''}); compile with \`npx projen compile\``);
  }
  const known = new Set(modules);
  const graph: Graph = new Map();
  for (const m of modules) {
    const targets = requiresOf(fs.readFileSync(path.join(LIB, m), 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.posix.join(path.posix.dirname(m), spec))
      .map((target) => [`${target}.js`, `${target}/index.js`, target].find((t) => known.has(t)))
      .filter((t): t is string => t !== undefined);
    graph.set(m, [...new Set(targets)]);
  }
  return graph;
}

function layerOf(module: string): number {
  const index = LAYERS.findIndex((prefixes) => prefixes.some((p) => p.endsWith('/') ? module.startsWith(p) : module === p));
  if (index < 0) throw new Error(`lib/${module} is in no layer; add its folder to LAYERS in ${path.relative(ROOT, __filename)}`);
  return index;
}

/** Every circle of modules (Tarjan's strongly connected components), each as one path that closes on itself. */
function cycles(graph: Graph): string[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set<string>();
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.add(w);
    } while (w !== v);
    if (component.size > 1 || graph.get(v)!.includes(v)) found.push(circleThrough(v, component, graph));
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

/** The shortest path from `start` back to itself inside one strongly connected component. */
function circleThrough(start: string, component: Set<string>, graph: Graph): string {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v)!.filter((t) => component.has(t))) {
      if (w === start) {
        const circle = [v];
        while (circle[0] !== start) circle.unshift(cameFrom.get(circle[0])!);
        const others = component.size > circle.length ? ` (one circle of ${component.size} modules tied together)` : '';
        return [...circle, start].map((m) => `lib/${m}`).join(' -> ') + others;
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  throw new Error(`internal: ${start} is on no circle`);
}

describe('the require graph of lib/', () => {
  let graph: Graph;
  beforeAll(() => {
    graph = requireGraph();
  });

  test('has no circle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  test('only imports down the layer order: diagnostics, errors and bindings, model, tenant, cluster-api, in-cluster, synth, cli, the index', () => {
    const upward = [...graph].flatMap(([from, targets]) => targets
      .filter((to) => layerOf(to) > layerOf(from))
      .map((to) => `lib/${from} -> lib/${to}`));
    expect(upward).toEqual([]);
  });

  test('counts requires inside functions and ignores them in comments and strings', () => {
    const code = [
      'const a = require("./a");',
      '// require("./commented")',
      'const text = "require(\'./quoted\')";',
      'function late() { return require(\'../late\').value; }',
      'exports.x = () => Promise.resolve().then(() => __importStar(require("./dynamic")));',
    ].join('\n');
    expect(requiresOf(code)).toEqual(['./a', '../late', './dynamic']);
  });
});
