import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonPatch } from 'cdk8s';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { importCases, imported, PER_LINE } from './import-cases';
import { writeProgram } from '../../src/cli/import';
import { main } from '../../src/cli/main';
import { readManifest } from '../../src/tenant/from-manifest';
import { applyLineDefaults } from '../../src/tenant/line-schema';

const ROOT = path.resolve(__dirname, '..', '..');

const FIXTURES = path.join(ROOT, 'test', 'cli', 'fixtures', 'import');

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Type-checks programs with the compiler options of a `cdk8s init` project, against the compiled library. */
function typeCheckAsInit(files: string[]): string[] {
  const { config } = ts.readConfigFile(path.join(ROOT, 'test', 'support', 'cdk8s-init-tsconfig.json'), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
  const program = ts.createProgram(files, {
    ...options,
    noEmit: true,
    baseUrl: ROOT,
    paths: { 'cdk8s-hikube': ['lib/index.d.ts'], '*': ['node_modules/*', 'node_modules/@types/*'] },
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Runs a written program against the compiled library; its documents, by file name. */
function runProgram(file: string): Record<string, any[]> {
  const js = ts.transpileModule(fs.readFileSync(file, 'utf-8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const dir = path.dirname(file);
  fs.writeFileSync(path.join(dir, 'main.js'), js.replace(/require\("cdk8s-hikube"\)/, `require(${JSON.stringify(path.join(ROOT, 'lib'))})`));
  const run = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf-8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const out: Record<string, any[]> = {};
  for (const name of fs.readdirSync(path.join(dir, 'dist'))) {
    out[name] = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', name), 'utf-8')).map((d) => d.toJS());
  }
  return out;
}

describe('import writes programs that build the same clusters', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-import-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const all = importCases();

  test(`${all.length} generated clusters, ${PER_LINE} per line: import, run the program, same documents after the platform's defaulting`, () => {
    const program = writeProgram(imported(all), 'typescript');
    const file = path.join(dir, 'main.ts');
    fs.writeFileSync(file, program.replace("from 'cdk8s-hikube'", `from '${path.join(ROOT, 'src')}'`));
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', file], {
      cwd: dir, encoding: 'utf-8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json'), NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const { line, doc } of all) {
      const [out] = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', `${doc.metadata.name}.k8s.yaml`), 'utf-8')).map((d) => d.toJS());
      expect(out.metadata).toEqual(doc.metadata);
      expect(applyLineDefaults(out.spec, line)).toEqual(applyLineDefaults(doc.spec, line));
    }
  });

  test('the TypeScript program type-checks against the library under the options of cdk8s init: constants, factories, props', () => {
    const sample = all.filter((_, i) => i % 20 === 0);
    const file = path.join(dir, 'typed.ts');
    fs.writeFileSync(file, writeProgram(imported(sample), 'typescript'));
    expect(typeCheckAsInit([file])).toEqual([]);
  });

  test('the Python program compiles, with keyword arguments in snake case', () => {
    const program = writeProgram(imported(all), 'python');
    const file = path.join(dir, 'main.py');
    fs.writeFileSync(file, program);
    const compiled = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf-8' });
    expect(compiled.stderr).toBe('');
    expect(program).toContain('from cdk8s_hikube import ');
    expect(program).toMatch(/HikubeCluster\(app, "c0-0",\n(.*\n)? {2}platform_line=PlatformLine\.V0_41,/);
    expect(program).not.toMatch(/\b(minReplicas|tenantNamespace|nodeGroups)\b/);
    // Node groups are made by their factory: a dict in the map would lose its snake_case keys in jsii.
    expect(program).toMatch(/^ {4}"[\w-]+": NodeGroupSpec\.of\(\n {6}[a-z_]+=/m);
    expect(program).not.toMatch(/node_groups=\{\n {4}"[\w-]+": \{/);
  });

  // The Python bindings are generated from the jsii assembly, which the compile step writes.
  const assembly = path.join(ROOT, '.jsii');
  (fs.existsSync(assembly) ? test : test.skip)('the Python program uses only names and keyword arguments the jsii assembly defines', () => {
    const file = path.join(dir, 'names.py');
    fs.writeFileSync(file, writeProgram(imported(all), 'python'));
    const r = spawnSync('python3', [path.join(__dirname, 'check_python_names.py'), assembly, file], { encoding: 'utf-8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

test('repairs and carried-over fields are commented where they happen', () => {
  const reading = readManifest({
    kind: 'Kubernetes',
    apiVersion: 'apps.cozystack.io/v1alpha1',
    metadata: { name: 'demo' },
    spec: { version: 'v1.30.0', nodeGroups: { general: { instanceType: 'x1.odd', ephemeralStorage: '30Gi', extra: true } } },
  });
  const program = writeProgram([{ source: 'demo.yaml:1', id: 'demo', reading, patches: [{ path: '/spec/nodeGroups/general/extra', value: true }] }], 'typescript');
  expect(program).toContain('  // repaired: spec.version: "v1.30.0" is not a version the platform accepts, so it refuses the document; it takes the minor version and picks the patch itself (fix: write version: v1.30)\n  version: KubernetesVersion.V1_30,');
  expect(program).toMatch(/ {4}\/\/ repaired: spec\.nodeGroups\.general\.resources: .*\n {4}general: NodeGroupSpec\.of\(\{/);
  expect(program).toContain("instanceType: InstanceType.of('x1.odd'),");
  expect(program).toContain("const demo = new HikubeCluster(app, 'demo', {");
  expect(program).toContain("// carried over: spec.nodeGroups.general.extra is not typed by this library\ndemo.resource.addJsonPatch(JsonPatch.add('/spec/nodeGroups/general/extra', true));");
});

describe('import of the documented cluster shapes with override keys the platform ignores', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-import-fixtures-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort();
  // A missing folder for the output is created.
  const programOf = (fixture: string) => path.join(dir, 'missing', fixture.replace(/\.yaml$/, ''), 'main.ts');

  beforeAll(() => {
    for (const f of fixtures) {
      const r = cli(['import', path.join(FIXTURES, f), '--out', programOf(f)]);
      expect([f, r.code, r.stderr]).toEqual([f, 0, '']);
    }
  });

  test('every program compiles under the compiler options of cdk8s init (noUnusedLocals, noUnusedParameters, strict)', () => {
    expect(typeCheckAsInit(fixtures.map(programOf))).toEqual([]);
  });

  test.each(fixtures)('%s: the program synthesizes the input, changed only where a repair comment says so', (fixture) => {
    const program = fs.readFileSync(programOf(fixture), 'utf-8');
    const written = runProgram(programOf(fixture));
    const inputs = YAML.parseAllDocuments(fs.readFileSync(path.join(FIXTURES, fixture), 'utf-8')).map((d) => d.toJS());
    for (const input of inputs) {
      const reading = readManifest(input);
      const repairs = reading.notes.filter((n) => n.kind === 'repair');
      for (const n of repairs) expect(program).toContain(`// repaired: ${n.path}: `);
      const expected = JsonPatch.apply(input, ...repairs.flatMap((n) => n.repair!.operations).map((op) =>
        op.op === 'move' ? JsonPatch.move(op.from!, op.path) : op.op === 'remove' ? JsonPatch.remove(op.path) : op.op === 'add' ? JsonPatch.add(op.path, op.value) : JsonPatch.replace(op.path, op.value)));
      const [doc] = written[`${input.metadata.name === 'constructor' ? 'constructor-cluster' : input.metadata.name}.k8s.yaml`];
      expect(doc.metadata).toEqual(expected.metadata);
      // The library writes an empty role list where the input has none: the platform reads both as no roles.
      for (const g of Object.values<any>(doc.spec.nodeGroups ?? {})) if (Array.isArray(g.roles) && g.roles.length === 0) delete g.roles;
      expect(applyLineDefaults(doc.spec, reading.line)).toEqual(applyLineDefaults(expected.spec, reading.line));
    }
  });

  test('the misplaced keys are moved under the chart key, and gitRepository becomes the typed bootstrap', () => {
    const read = (f: string) => fs.readFileSync(programOf(f), 'utf-8');
    expect(read('ingress-nginx.yaml')).toMatch(/valuesOverride: \{\n {6}'ingress-nginx': \{\n {8}controller: \{\n {10}config: \{/);
    expect(read('cert-manager.yaml')).toMatch(/valuesOverride: \{\n {6}'cert-manager': \{\n {8}prometheus: \{/);
    expect(read('flux.yaml')).toContain("bootstrap: {\n      url: 'https://github.com/example/fleet.git',\n      branch: 'production',\n    },");
    expect(read('flux.yaml')).not.toContain('gitRepository: {');
    // The cluster named constructor gets another construct id and keeps its name.
    expect(read('flux.yaml')).toContain("new HikubeCluster(app, 'constructor-cluster', {\n  name: 'constructor',");
  });

  test('the Python programs compile', () => {
    for (const f of fixtures) {
      const file = path.join(dir, `${f}.py`);
      expect(cli(['import', path.join(FIXTURES, f), '--lang', 'python', '--out', file]).code).toBe(0);
      const compiled = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf-8' });
      expect(compiled.stderr).toBe('');
      if (f === 'flux.yaml') expect(fs.readFileSync(file, 'utf-8')).toContain('Flux(\n    # repaired: spec.addons.fluxcd.valuesOverride.gitRepository: ');
      if (fs.existsSync(path.join(ROOT, '.jsii'))) {
        const names = spawnSync('python3', [path.join(__dirname, 'check_python_names.py'), path.join(ROOT, '.jsii'), file], { encoding: 'utf-8' });
        expect(JSON.parse(names.stdout)).toEqual([]);
      }
    }
  });

  test('check proposes the same repair as a finding of the file', () => {
    const r = cli(['check', path.join(FIXTURES, 'ingress-nginx.yaml'), '--json']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings ?? JSON.parse(r.stdout);
    const misplaced = (Array.isArray(findings) ? findings : []).filter((f: any) => f.code === 'HK-VALUES-MISPLACED');
    expect(misplaced).toHaveLength(1);
    expect(misplaced[0].repair).toEqual(readManifest(fs.readFileSync(path.join(FIXTURES, 'ingress-nginx.yaml'), 'utf-8')).notes.find((n) => n.kind === 'repair')!.repair);
  });
});

describe('import refuses what it cannot write as a program that runs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-import-refused-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const cluster = (name: string, namespace = 'tenant-demo') => `apiVersion: apps.cozystack.io/v1alpha1\nkind: Kubernetes\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  nodeGroups:\n    md0:\n      minReplicas: 1\n      maxReplicas: 2\n      instanceType: u1.medium\n      ephemeralStorage: 20Gi\n      resources: {}\n`;

  test.each([
    ['an empty file', ''],
    ['a file without a cluster document', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'],
    ['a cluster of another API group', cluster('a').replace('apps.cozystack.io/v1alpha1', 'example.com/v1')],
  ])('%s: one line, exit 1, nothing written', (_, text) => {
    const out = path.join(dir, 'none', 'main.ts');
    const r = cli(['import', write('input.yaml', text), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nothing written');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('two clusters of one name in one namespace: refused before anything is written', () => {
    const out = path.join(dir, 'dup', 'main.ts');
    const r = cli(['import', write('dup.yaml', `${cluster('web')}---\n${cluster('web')}`), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^.*dup\.yaml:\d+: cluster web in namespace tenant-demo is already defined at .*dup\.yaml:1; one name is one cluster, nothing written$/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('one name in two namespaces: two clusters with distinct construct ids', () => {
    const r = cli(['import', write('two.yaml', `${cluster('web', 'tenant-a')}---\n${cluster('web', 'tenant-b')}`)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("new HikubeCluster(app, 'web', {");
    expect(r.stdout).toContain("new HikubeCluster(app, 'tenant-b-web', {\n  name: 'web',\n  tenantNamespace: 'tenant-b',");
  });

  test('an output path that cannot be written: one line without a stack', () => {
    const blocker = write('file', 'x');
    const r = cli(['import', write('ok.yaml', cluster('web')), '--out', path.join(blocker, 'main.ts')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cdk8s-hikube import: .*file: (ENOTDIR|EEXIST)$/);
  });
});

test('a cluster, node group, label key and override key named constructor are read and written with their names', () => {
  const group = { minReplicas: 1, maxReplicas: 2, instanceType: 'u1.medium', ephemeralStorage: '20Gi', resources: {} };
  const reading = readManifest({
    kind: 'Kubernetes',
    apiVersion: 'apps.cozystack.io/v1alpha1',
    metadata: { name: 'constructor', labels: { constructor: 'x' } },
    spec: { nodeGroups: { constructor: group }, addons: { constructor: { enabled: true }, fluxcd: { enabled: true, valuesOverride: { constructor: { a: 1 } } } } },
  });
  // An add-on key the library does not know stays a field of the document, not a lookup into an object's prototype.
  expect(reading.leftover).toEqual({ addons: { constructor: { enabled: true } } });
  const program = writeProgram([{ source: 'c.yaml:1', id: 'constructor-cluster', reading, patches: [] }], 'typescript');
  expect(program).toContain("new HikubeCluster(app, 'constructor-cluster', {\n  name: 'constructor',");
  expect(program).toContain("labels: {\n    constructor: 'x',\n  },");
  expect(program).toContain('nodeGroups: {\n    constructor: NodeGroupSpec.of({');
  expect(program).toContain("'flux-instance': {\n        constructor: {");
});
