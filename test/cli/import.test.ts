import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { importCases, imported, PER_LINE } from './import-cases';
import { writeProgram } from '../../src/cli/import';
import { readManifest } from '../../src/tenant/from-manifest';
import { applyLineDefaults } from '../../src/tenant/line-schema';

const ROOT = path.resolve(__dirname, '..', '..');

function typeCheck(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    baseUrl: ROOT,
    paths: { 'cdk8s-hikube': ['src/index.ts'], '*': ['node_modules/*'] },
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
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

  test('the TypeScript program type-checks against the library: constants, factories, props', () => {
    const sample = all.filter((_, i) => i % 20 === 0);
    const file = path.join(dir, 'typed.ts');
    fs.writeFileSync(file, writeProgram(imported(sample), 'typescript').replace("from 'cdk8s-hikube'", `from '${path.join(ROOT, 'src')}'`));
    expect(typeCheck(file)).toEqual([]);
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
  expect(program).toContain('  // repaired: spec.version: "v1.30.0" is not a version the platform accepts; it takes the minor version and picks the patch itself: using v1.30\n  version: KubernetesVersion.V1_30,');
  expect(program).toMatch(/ {4}\/\/ repaired: spec\.nodeGroups\.general\.resources: .*\n {4}general: NodeGroupSpec\.of\(\{/);
  expect(program).toContain("instanceType: InstanceType.of('x1.odd'),");
  expect(program).toContain("const demo = new HikubeCluster(app, 'demo', {");
  expect(program).toContain("// carried over: spec.nodeGroups.general.extra is not typed by this library\ndemo.resource.addJsonPatch(JsonPatch.add('/spec/nodeGroups/general/extra', true));");
});
