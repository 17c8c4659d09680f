/**
 * Runs the library in Python and Java through their real jsii bindings, built offline from the assemblies
 * (the dependencies' by scripts/bindings.sh, cached; the library's here, every run):
 *
 * - every Python and Java example of the README and docs/, whose YAML must equal, byte for byte, that of the
 *   TypeScript example it names;
 * - the programs `cdk8s-hikube import --lang python` writes (through the console script the Python package
 *   installs) for the README's example manifest and the command line's test manifests, and for the import
 *   tests' generated clusters: same YAML as the TypeScript programs `import` writes;
 * - the Python and Java corpora of mistakes (test/languages/), with and without Python's own type checks
 *   (`python -O`): every mistake fails naming the field or synthesizes with every setting; the Python
 *   mistakes of meaning cover every family of checks across objects, each rule refused naming its field
 *   and each family with a valid neighbour;
 * - the end-of-life banner of the jsii runtime on Node.js 20, and the variable docs/languages.md gives to silence it.
 *
 * Prints what it ran with counts and timings; exits 1 when anything failed.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { importCases, imported } from '../test/cli/import-cases';
import { collectionPositions, readAssembly } from '../test/support/collection-positions';
import { documentationFiles } from './docs-files';
import { isRuleCode, RuleCode } from '../src/diagnostics/rules';
import { writeProgram } from '../src/cli/import';

const ROOT = path.resolve(__dirname, '..');
const NODE_MAJOR = process.versions.node.split('.')[0];
const BANNER = /end-of-life|Node \d+ is/;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-languages-'));
const failures: string[] = [];
const summary: string[] = [];

function run(command: string, args: string[], options: SpawnSyncOptions = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(command, args, { encoding: 'utf-8', maxBuffer: 1 << 30, ...options });
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), status: r.status };
}

function must(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const r = run(command, args, options);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function step<T>(title: string, body: () => T): T {
  const start = Date.now();
  const result = body();
  summary.push(`${title}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
  console.log(summary[summary.length - 1]);
  return result;
}

function fail(what: string): void {
  failures.push(what);
  console.error(`FAIL ${what}`);
}

// ---- bindings -----------------------------------------------------------------------------------

const deps = path.resolve(ROOT, step('bindings of cdk8s, cdk8s-plus-28, constructs (cached by version)',
  () => must('bash', [path.join(ROOT, 'scripts', 'bindings.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }).trim()));
const venv = path.join(work, 'venv');
const python = path.join(venv, 'bin', 'python');
let classpath = '';

step('bindings of the library: Python wheel and Java classes', () => {
  const gen = path.join(work, 'gen');
  must('npx', ['jsii-pacmak', '.', '--code-only', '--outdir', gen, '--target', 'python', '--target', 'java'], { cwd: ROOT });
  must('python3', ['-m', 'venv', '--system-site-packages', venv]);
  const wheels = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.whl')).map((f) => path.join(dir, f));
  const pip = (...args: string[]) => must(path.join(venv, 'bin', 'pip'), [args[0], '--quiet', '--no-index', '--no-deps', ...args.slice(1)]);
  pip('install', ...wheels(path.join(ROOT, 'vendor', 'python')), ...wheels(path.join(deps, 'python')));
  pip('wheel', '--no-build-isolation', '-w', path.join(work, 'wheels'), path.join(gen, 'python'));
  pip('install', ...wheels(path.join(work, 'wheels')));
  const runtime = must('bash', [path.join(ROOT, 'scripts', 'java-classpath.sh')]).trim();
  const jars = ['constructs', 'cdk8s', 'cdk8s-plus-28'].map((p) => path.join(deps, 'java', `${p}.jar`));
  const classes = path.join(work, 'java-classes');
  const sources = path.join(work, 'java-sources');
  fs.writeFileSync(sources, listFiles(path.join(gen, 'java', 'src', 'main', 'java')).filter((f) => f.endsWith('.java')).join('\n'));
  classpath = [runtime, ...jars].join(':');
  must('javac', ['-nowarn', '-encoding', 'UTF-8', '-cp', classpath, '-d', classes, `@${sources}`]);
  fs.cpSync(path.join(gen, 'java', 'src', 'main', 'resources'), classes, { recursive: true });
  classpath = `${classpath}:${classes}`;
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

// ---- running one program in each language -------------------------------------------------------

interface Output {
  readonly dir: string;
  readonly status: number | null;
  readonly stderr: string;
}

/** A folder of its own per program, so each writes its own dist/. */
function programDir(name: string): string {
  const dir = path.join(work, 'programs', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const jsiiEnv = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: NODE_MAJOR };

function runTypeScript(name: string, source: string): Output {
  const dir = programDir(name);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  // The package's own name resolves to the compiled library, the code the Python and Java packages carry.
  fs.writeFileSync(path.join(dir, 'main.js'), js.replace(/require\("cdk8s-hikube"\)/g, `require(${JSON.stringify(ROOT)})`));
  const r = run(process.execPath, ['main.js'], { cwd: dir, env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
  return { dir, status: r.status, stderr: r.stderr };
}

function runPython(name: string, source: string, env: NodeJS.ProcessEnv = jsiiEnv): Output {
  const dir = programDir(name);
  fs.writeFileSync(path.join(dir, 'main.py'), source);
  const r = run(python, ['main.py'], { cwd: dir, env });
  return { dir, status: r.status, stderr: r.stderr };
}

function runJava(name: string, source: string): Output {
  const dir = programDir(name);
  const className = /public final class (\w+)/.exec(source)?.[1] ?? 'Main';
  fs.writeFileSync(path.join(dir, `${className}.java`), source);
  must('javac', ['-nowarn', '-cp', classpath, '-d', path.join(dir, 'classes'), `${className}.java`], { cwd: dir });
  const r = run('java', ['-cp', `${classpath}:${path.join(dir, 'classes')}`, className], { cwd: dir, env: jsiiEnv });
  return { dir, status: r.status, stderr: r.stderr };
}

/**
 * The library's problems in a failed program's error output, each `<rule code> [path] field: message` in TypeScript
 * spelling, once each (Python prints the JavaScript error and its own).
 */
function problems(o: Output): string[] {
  return [...new Set(o.stderr.split('\n').filter((l) => /^\s+HK-[A-Z0-9-]+ \[[^\]]*\] /.test(l)).map((l) => l.trim().replace(/ \(Python: [^)]*\)/, '')))];
}

/**
 * Byte-for-byte comparison of two programs' dist/ folders; the number of files compared. Programs that
 * fail must both fail, with the same problems.
 */
function sameOutput(what: string, expected: Output, actual: Output): number {
  if (expected.status !== 0 || actual.status !== 0) {
    const [a, b] = [problems(expected), problems(actual)];
    if (expected.status === 0 || actual.status === 0 || a.length === 0 || a.join('\n') !== b.join('\n')) {
      fail(`${what}: exit ${expected.status} vs ${actual.status}:\n${expected.stderr}\n---\n${actual.stderr}`);
    }
    return 0;
  }
  const files = (o: Output) => (fs.existsSync(path.join(o.dir, 'dist')) ? fs.readdirSync(path.join(o.dir, 'dist')).sort() : []);
  const [a, b] = [files(expected), files(actual)];
  if (a.length === 0) fail(`${what}: the TypeScript program wrote no YAML`);
  if (a.join() !== b.join()) {
    fail(`${what}: files differ: ${a.join(', ')} vs ${b.join(', ')}`);
    return 0;
  }
  for (const f of a) {
    const [x, y] = [fs.readFileSync(path.join(expected.dir, 'dist', f), 'utf-8'), fs.readFileSync(path.join(actual.dir, 'dist', f), 'utf-8')];
    if (x !== y) {
      const lines = [x.split('\n'), y.split('\n')];
      const at = lines[0].findIndex((l, i) => l !== lines[1][i]);
      fail(`${what}: ${f} differs at line ${at + 1}: ${JSON.stringify(lines[0][at])} vs ${JSON.stringify(lines[1][at])}`);
    }
  }
  return a.length;
}

function noBanner(what: string, o: Output): void {
  if (BANNER.test(o.stderr)) fail(`${what}: the jsii runtime printed its banner although JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=${NODE_MAJOR}:\n${o.stderr}`);
}

// ---- the examples of the README and docs/ -------------------------------------------------------

const docs = documentationFiles();
const readme = docs.map((d) => d.text).join('\n');
const TWIN = /^<!-- same YAML as the TypeScript example under "([^"]+)" -->$/;

interface Block {
  readonly file: string;
  readonly line: number;
  readonly language: string;
  readonly body: string;
  readonly twin?: string;
  readonly heading: string;
}

function blocks(): Block[] {
  const out: Block[] = [];
  for (const { file, text } of docs) {
    const lines = text.split('\n');
    let heading = '';
    for (let i = 0; i < lines.length; i++) {
      const h = /^#+ (.*)$/.exec(lines[i]);
      if (h) heading = h[1];
      const open = /^```(\S+)\s*$/.exec(lines[i]);
      if (!open) continue;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      const twin = lines.slice(Math.max(0, start - 3), start).map((l) => TWIN.exec(l)?.[1]).find((t) => t);
      out.push({ file, line: start + 1, language: open[1], body: body.join('\n') + '\n', twin, heading });
    }
  }
  return out;
}

let readmeExamples = 0;
step('README and docs/: Python and Java examples against their TypeScript twins', () => {
  const all = blocks();
  for (const block of all.filter((b) => b.language === 'python' || b.language === 'java')) {
    const what = `${block.file} line ${block.line} (${block.language})`;
    const twin = all.find((b) => b.heading === block.twin && (b.language === 'ts' || b.language === 'typescript'));
    if (!block.twin || !twin) {
      fail(`${what}: name the TypeScript example it mirrors with <!-- same YAML as the TypeScript example under "<heading>" -->`);
      continue;
    }
    try {
      const [t, b] = [all.indexOf(twin), all.indexOf(block)];
      const expected = runTypeScript(`docs-ts-${t}-for-${b}`, twin.body);
      const actual = block.language === 'python' ? runPython(`docs-py-${b}`, block.body) : runJava(`docs-java-${b}`, block.body);
      noBanner(what, actual);
      const files = sameOutput(`${what} vs the TypeScript example at ${twin.file} line ${twin.line}`, expected, actual);
      if (files === 0) continue;
      readmeExamples++;
      console.log(`  ${what}: ${files} YAML files, same bytes as ${twin.file} line ${twin.line}`);
    } catch (e) {
      fail(`${what}: ${(e as Error).message}`);
    }
  }
  if (readmeExamples === 0) fail('README and docs/: no Python or Java example ran');
});

step('README: the jsii runtime banner on this Node.js and the variable that silences it', () => {
  const program = 'import cdk8s_hikube\n';
  const silenced = runPython('banner-silenced', program);
  const wrongValue = runPython('banner-one', program, { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1' });
  noBanner('the variable set to the Node.js major version', silenced);
  // Node.js 20 is past its end of life: the runtime prints the banner unless told the major version.
  if (NODE_MAJOR === '20' && !BANNER.test(wrongValue.stderr)) fail('banner: expected the end-of-life banner on Node.js 20 with the variable set to 1');
  summary.push(`  banner on Node.js ${NODE_MAJOR}: ${BANNER.test(wrongValue.stderr) ? 'printed' : 'not printed'} with the variable set to 1, silenced with ${NODE_MAJOR}`);
});

// ---- import --lang python -----------------------------------------------------------------------

let importedFiles = 0;
step('import: the README manifest and the command line test manifests, through the Python console script', () => {
  const manifests = path.join(work, 'manifests');
  fs.mkdirSync(manifests);
  const demo = /HikubeCluster\.fromManifest\(app, '\w+', `\n([\s\S]*?)`\)/.exec(readme);
  if (!demo) fail('README: no manifest in a fromManifest example');
  else fs.writeFileSync(path.join(manifests, 'readme-demo.yaml'), demo[1]);
  const fixtures = path.join(ROOT, 'test', 'cli', 'fixtures');
  for (const file of listFiles(fixtures).filter((f) => f.endsWith('.yaml'))) {
    fs.copyFileSync(file, path.join(manifests, path.relative(fixtures, file).replace(/[\\/]/g, '-')));
  }
  const cli = path.join(venv, 'bin', 'cdk8s-hikube');
  for (const manifest of fs.readdirSync(manifests).sort()) {
    const name = manifest.replace(/\.yaml$/, '');
    const file = path.join(manifests, manifest);
    const tsProgram = run(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-hikube'), 'import', file, '--lang', 'typescript']);
    const pyProgram = run(cli, ['import', file, '--lang', 'python'], { env: jsiiEnv });
    if (tsProgram.status !== pyProgram.status || tsProgram.stderr !== pyProgram.stderr) {
      fail(`import ${manifest}: the console script and the Node.js command answer differently (${pyProgram.status}: ${pyProgram.stderr} vs ${tsProgram.status}: ${tsProgram.stderr})`);
      continue;
    }
    if (!tsProgram.stdout.includes('HikubeCluster')) {
      summary.push(`  import ${manifest}: no cluster could be read (${tsProgram.stderr.trim().split('\n')[0]})`);
      continue;
    }
    const files = sameOutput(`import ${manifest}: Python program vs TypeScript program`,
      runTypeScript(`import-ts-${name}`, tsProgram.stdout), runPython(`import-py-${name}`, pyProgram.stdout));
    importedFiles += files;
    console.log(`  import ${manifest}: ${files > 0 ? `${files} YAML files, same bytes` : 'both programs refused, with the same problems'}`);
  }
});

step('import: the import tests\' generated clusters, as Python and as TypeScript programs', () => {
  const clusters = imported(importCases());
  const files = sameOutput('import of the generated clusters: Python program vs TypeScript program',
    runTypeScript('import-ts-generated', writeProgram(clusters, 'typescript')), runPython('import-py-generated', writeProgram(clusters, 'python')));
  if (files !== clusters.length) fail(`import of the generated clusters: ${files} YAML files for ${clusters.length} clusters`);
  importedFiles += files;
  summary.push(`  ${clusters.length} generated clusters: same bytes in Python and TypeScript`);
});

// ---- corpora of mistakes ------------------------------------------------------------------------

interface Result {
  readonly position: string | null;
  readonly kind: string;
  readonly outcome: string;
  readonly passed: boolean;
  readonly detail: string;
  /** Cases of meaning: the family of checks and the rule the case is about (null for a valid neighbour). */
  readonly family?: string;
  readonly rule?: string | null;
}

const positions = collectionPositions(readAssembly(path.join(ROOT, '.jsii'))).filter((p) => p.kind === 'value class' && p.input).map((p) => p.name);

function checkCorpus(title: string, results: Result[], kinds: string[]): void {
  for (const r of results.filter((x) => !x.passed)) fail(`${title}: ${r.position ?? ''} ${r.kind}: ${r.outcome}: ${r.detail}`);
  for (const p of positions) {
    for (const kind of kinds) {
      if (!results.some((r) => r.position === p && r.kind === kind)) fail(`${title}: ${p} has no case "${kind}"`);
    }
  }
  const errors = results.filter((r) => r.outcome === 'error').length;
  summary.push(`  ${title}: ${results.length} cases (${errors} refused naming the field, ${results.length - errors} synthesized with every setting), ${results.filter((r) => !r.passed).length} failed`);
}

/**
 * The checks across objects (backups and restores, secrets in plain text, ways into the cluster, what fits
 * the nodes, limits the services enforce, GitOps, namespaces, charts of one app, names JavaScript objects
 * have themselves, props changed after construction) by family: the Python mistakes of meaning must refuse
 * each rule at least once and have a valid neighbour per family. Families with no rule have only valid cases.
 */
const MEANING: Record<string, RuleCode[]> = {
  'backups': ['HK-BACKUP-NAMESPACE', 'HK-BACKUP-COUNT', 'HK-BACKUP-SHARED', 'HK-RESTORE-SOURCE', 'HK-RESTORE-NAMESPACE'],
  'secrets': ['HK-SECRET-IN-URL', 'HK-SECRET-PROPERTY'],
  'exposure': ['HK-EXPOSURE-PORT', 'HK-HOST-OWNER', 'HK-API-HOST', 'HK-NETWORK-PORT', 'HK-INGRESS-HOST-SHARED'],
  'zones and pod fit': ['HK-ZONE', 'HK-POD-FIT', 'HK-RESOURCES'],
  'claims': ['HK-CLAIM-STORAGE-CLASS'],
  'quotas': ['HK-QUOTA-FIT'],
  'issuers': ['HK-ISSUER-CONTACT', 'HK-ISSUER-CLUSTER'],
  'escape hatches and images': ['HK-DISK', 'HK-IMAGE'],
  'object sizes': ['HK-OBJECT-SIZE'],
  'default storage classes': ['HK-DEFAULT-STORAGE-CLASS'],
  'gitops': ['HK-GITOPS-SSH', 'HK-GITOPS-OWNER', 'HK-GITOPS-HTTP', 'HK-FLUX-SSH', 'HK-FLUX-SHARED'],
  'namespaces': ['HK-NAMESPACE-UNKNOWN'],
  'charts of one app': ['HK-CHART-SCOPE'],
  'names like constructor': [],
  'changed after construction': [],
};

function checkMeaning(title: string, results: Result[]): void {
  for (const r of results.filter((x) => !x.passed)) fail(`${title}: ${r.family} ${r.rule ?? 'valid neighbour'}: ${r.outcome}: ${r.detail}`);
  for (const r of results) {
    if (r.family === undefined || !(r.family in MEANING)) fail(`${title}: a case of meaning in family "${r.family}", which the runner does not list`);
    else if (r.rule != null && !(isRuleCode(r.rule) && MEANING[r.family].includes(r.rule))) fail(`${title}: ${r.family}: rule ${r.rule} is not one of the family's (${MEANING[r.family].join(', ')})`);
  }
  for (const [family, rules] of Object.entries(MEANING)) {
    if (!results.some((r) => r.family === family && r.rule == null && r.outcome === 'synthesized')) fail(`${title}: ${family} has no valid neighbour that synthesizes`);
    for (const rule of rules) {
      if (!results.some((r) => r.family === family && r.rule === rule && r.outcome === 'error')) fail(`${title}: ${family}: ${rule} has no case refused with its error`);
    }
  }
  const refused = results.filter((r) => r.outcome === 'error').length;
  summary.push(`  ${title}, of meaning: ${results.length} cases (${refused} refused naming the construct path and field, ${results.length - refused} valid neighbours) `
    + `over ${Object.keys(MEANING).length} families and ${Object.values(MEANING).flat().length} rules, ${results.filter((r) => !r.passed).length} failed`);
}

const PYTHON_KINDS = ['snake_case dict', 'misspelt key', 'unknown key', 'dict for a class', 'None for a class', 'keywords', 'misspelt keyword', 'unknown keyword'];
for (const [title, flags] of [['Python mistakes', []], ['Python mistakes without Python\'s type checks (python -O)', ['-O']]] as const) {
  step(title, () => {
    const r = run(python, [...flags, path.join(ROOT, 'test', 'languages', 'mistakes.py')], { env: jsiiEnv });
    if (r.status !== 0) return fail(`${title}: the corpus did not run:\n${r.stderr}`);
    const results: Result[] = JSON.parse(r.stdout);
    checkCorpus(title, results.filter((x) => x.kind !== 'meaning'), PYTHON_KINDS);
    checkMeaning(title, results.filter((x) => x.kind === 'meaning'));
  });
}

step('Java mistakes', () => {
  const source = fs.readFileSync(path.join(ROOT, 'test', 'languages', 'JavaMistakes.java'), 'utf-8');
  const dir = programDir('java-mistakes');
  fs.writeFileSync(path.join(dir, 'JavaMistakes.java'), source);
  must('javac', ['-nowarn', '-cp', classpath, '-d', path.join(dir, 'classes'), 'JavaMistakes.java'], { cwd: dir });
  const r = run('java', ['-cp', `${classpath}:${path.join(dir, 'classes')}`, 'JavaMistakes'], { cwd: dir, env: jsiiEnv });
  if (r.status !== 0) return fail(`Java mistakes: the corpus did not run:\n${r.stderr}`);
  checkCorpus('Java mistakes', JSON.parse(r.stdout), ['factory', 'raw map', 'raw map, snake_case keys', 'raw map, misspelt key']);
});

fs.rmSync(work, { recursive: true, force: true });
console.log(`\n${summary.join('\n')}`);
console.log(`README examples run: ${readmeExamples}; imported YAML files compared: ${importedFiles}`);
if (failures.length > 0) {
  console.error(`\n${failures.length} failure(s):\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('Python and Java: every check passed');
