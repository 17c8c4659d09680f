/**
 * What the command line and the library load, and what the build derives ahead of time for them, give
 * the same results as the sources deriving it at first use. The cases on lib/ run what `npm test`
 * compiles first (the compile also writes the assembly index and the schema validators).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { main, packageVersion } from '../../src/cli/main';
import { buildIndex, INDEX_FILE, lookup } from '../../src/diagnostics/assembly';
import { PlatformLine } from '../../src/model/platform-line';
import { detectLine } from '../../src/tenant/line-detection';
import { applyLineDefaults, checkSpecAgainstLine } from '../../src/tenant/line-schema';

const ROOT = path.resolve(__dirname, '..', '..');
const CHECK_FIXTURES = path.join(__dirname, 'fixtures', 'check');

/** Runs JavaScript in a fresh Node.js process at the package root; returns what it prints as JSON. */
function inFreshProcess(code: string): any {
  const r = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf-8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** The library's modules and the packages a fresh process has loaded after running `code`. */
function loadedBy(code: string): { lib: string[]; packages: string[] } {
  return inFreshProcess(`${code};
    const loaded = Object.keys(require.cache).map((f) => require('path').relative(process.cwd(), f).split(require('path').sep).join('/'));
    const packages = loaded.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/').slice(0, f.indexOf('/node_modules/', 13) > 0 ? 4 : 2).join('/'));
    console.log(JSON.stringify({ lib: loaded.filter((f) => f.startsWith('lib/')), packages: [...new Set(packages)] }));`);
}

/** Every cluster spec of the check fixtures, and a few the schemas refuse. */
function specs(): unknown[] {
  const out: unknown[] = [];
  for (const file of fs.readdirSync(CHECK_FIXTURES).sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(CHECK_FIXTURES, file), 'utf-8'))) {
      const value = doc.toJS();
      if (value?.kind === 'Kubernetes') out.push(value.spec);
    }
  }
  out.push({}, { version: 'v9.99', nodeGroups: { md0: { minReplicas: 'two' } }, addons: { certManager: { enabled: 'yes' } }, unknownField: true });
  return out;
}

describe('--version', () => {
  test.each(['--version', '-v'])('%s prints the version of the package and exits 0', (flag) => {
    const out: string[] = [];
    expect(main([flag], { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
    expect(out).toEqual([JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).version]);
    expect(packageVersion()).toBe(out[0]);
  });

  test('the help names it', () => {
    const out: string[] = [];
    main(['--help'], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(out.join('\n')).toContain("'cdk8s-hikube --version'");
  });

  test('the compiled command line prints it too', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-hikube'), '--version'], { cwd: ROOT, encoding: 'utf-8' });
    expect([r.status, r.stdout.trim()]).toEqual([0, packageVersion()]);
  });
});

describe('commands load what they use', () => {
  test('check of a manifest without CPU amounts loads neither cdk8s-plus, the rendering and in-cluster layers, ajv, nor bindings it does not render', () => {
    const { lib, packages } = loadedBy(`require('./lib/cli/main').main(['check', ${JSON.stringify(path.join(CHECK_FIXTURES, 'v0.41-old.yaml'))}], { out() {}, err() {} })`);
    expect(packages.filter((p) => ['cdk8s-plus-28', 'ajv'].includes(p))).toEqual([]);
    expect(lib.filter((f) => /^lib\/(cluster-api|in-cluster|synth)\//.test(f))).toEqual([]);
    expect(lib.filter((f) => f.startsWith('lib/imports/'))).toEqual(['lib/imports/cozystack-kubernetes-main-apps.cozystack.io.js']);
    expect(lib.filter((f) => /^lib\/cli\/(import|plan|diff)\.js$/.test(f))).toEqual([]);
  });

  test('check loads one copy of the YAML parser, the one cdk8s bundles and has loaded already', () => {
    const { packages } = loadedBy(`require('./lib/cli/main').main(['check', ${JSON.stringify(path.join(CHECK_FIXTURES, 'v0.41-old.yaml'))}], { out() {}, err() {} })`);
    expect(packages.filter((p) => /(^|\/)yaml$/.test(p))).toEqual(['node_modules/cdk8s/node_modules/yaml']);
  });

  test('loading the library loads no generated binding, YAML parser or schema compiler', () => {
    const { lib, packages } = loadedBy("require('./lib')");
    expect(lib.filter((f) => f.startsWith('lib/imports/') || f.startsWith('lib/tenant/line-validators/'))).toEqual([]);
    expect(packages.filter((p) => ['yaml', 'ajv'].includes(p))).toEqual([]);
  });

  test('each command still answers its help', () => {
    for (const command of ['check', 'import', 'plan', 'diff']) {
      const out: string[] = [];
      expect(main([command, '--help'], { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
      expect(out.join('\n')).toMatch(new RegExp(`^Usage: cdk8s-hikube ${command} `));
    }
  });
});

describe('the schema validators compiled by the build', () => {
  test('give the findings and defaults of validators compiled at first use, on every line', () => {
    const cases = specs();
    // The sources have no precompiled module beside them: they compile each schema with ajv.
    const expected = PlatformLine.all().map((line) => cases.map((spec) => ({ findings: checkSpecAgainstLine(spec, line), defaults: applyLineDefaults(spec, line) })));
    const compiled = inFreshProcess(`
      const { PlatformLine } = require('./lib/model/platform-line');
      const { applyLineDefaults, checkSpecAgainstLine } = require('./lib/tenant/line-schema');
      const cases = ${JSON.stringify(cases)};
      const results = PlatformLine.all().map((line) => cases.map((spec) => ({ findings: checkSpecAgainstLine(spec, line), defaults: applyLineDefaults(spec, line) })));
      const ajvLoaded = Object.keys(require.cache).some((f) => /[\\\\/]ajv[\\\\/]dist[\\\\/]core/.test(f));
      console.log(JSON.stringify({ results, ajvLoaded }));`);
    expect(compiled.ajvLoaded).toBe(false);
    expect(compiled.results).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test('are ignored when the schema they were compiled from changed', () => {
    const r = inFreshProcess(`
      const file = require.resolve('./lib/tenant/line-validators/values.schema.v1.3.6.js');
      require(file).digest = 'another schema';
      const { PlatformLine } = require('./lib/model/platform-line');
      const { checkSpecAgainstLine } = require('./lib/tenant/line-schema');
      const findings = checkSpecAgainstLine({ version: 'v9.99' }, PlatformLine.V1_3);
      const ajvLoaded = Object.keys(require.cache).some((f) => /[\\\\/]ajv[\\\\/]dist[\\\\/]core/.test(f));
      console.log(JSON.stringify({ findings, ajvLoaded }));`);
    expect(r.ajvLoaded).toBe(true);
    expect(r.findings).toEqual(JSON.parse(JSON.stringify(checkSpecAgainstLine({ version: 'v9.99' }, PlatformLine.V1_3))));
  });
});

test('line detection validates only the lines with the fewest unknown fields, and finds the lines trying every one finds', () => {
  for (const spec of specs()) {
    // Detection reads groups without resources as `resources: {}`, as the repairs of reading do.
    const probe = structuredClone(spec) as any;
    for (const group of Object.values<any>(probe?.nodeGroups ?? {})) if (group && typeof group === 'object' && group.resources === undefined) group.resources = {};
    const scored = PlatformLine.all().map((line) => ({ line, findings: checkSpecAgainstLine(probe, line) }))
      .filter((s) => !s.findings.some((f) => f.severity === 'error'));
    const fewest = Math.min(...scored.map((s) => s.findings.length));
    const fitting = scored.filter((s) => s.findings.length === fewest).map((s) => s.line.name);
    const { note } = detectLine(spec as Record<string, any>);
    if (fitting.length === 1) expect(note).toBeUndefined();
    else if (fitting.length === 0) expect(note).toMatch(/^no platform line accepts the document as it is;/);
    else expect(note).toContain(`the document fits platform lines ${fitting.join(', ')};`);
  }
});

describe('the assembly index written by the build', () => {
  test('is the index of the assembly beside it, dependencies included', () => {
    const jsii = path.join(ROOT, '.jsii');
    const built = inFreshProcess(`console.log(JSON.stringify(require('./lib/diagnostics/${INDEX_FILE}')))`);
    expect(built).toEqual(JSON.parse(JSON.stringify(buildIndex(JSON.parse(fs.readFileSync(jsii, 'utf-8')), fs.statSync(jsii).size))));
  });

  test("holds the dependencies' structs and enums the library reaches, as their own assemblies describe them", () => {
    const resources = lookup('cdk8s-plus-28.ContainerResources');
    expect(resources?.datatype).toBe(true);
    expect(resources?.properties?.map((p) => p.name).sort()).toEqual(['cpu', 'ephemeralStorage', 'memory']);
    for (const p of resources?.properties ?? []) expect(lookup(p.type.fqn!)?.datatype).toBe(true);
    // Classes of dependencies are checked by their runtime class, not described.
    expect(lookup('cdk8s-plus-28.Cpu')).toBeUndefined();
  });
});

describe('the compiled code the command line keeps between runs', () => {
  // Node.js 22 and later keep it themselves, where they choose.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const builtIn = typeof (require('module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-cache-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function check(env: Record<string, string>) {
    const { NODE_DISABLE_COMPILE_CACHE: _off, NODE_COMPILE_CACHE: _dir, ...inherited } = process.env;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-hikube'), 'check', path.join(CHECK_FIXTURES, 'v1.5-and-v1.6.yaml'), path.join(CHECK_FIXTURES, 'broken.yaml')], {
      cwd: ROOT, encoding: 'utf-8', env: { ...inherited, ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('check answers the same without it, when it is made, when it is used, and where it cannot be written', () => {
    const without = check({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(without.status).toBe(1);
    expect(check({ NODE_COMPILE_CACHE: dir })).toEqual(without);
    if (!builtIn) expect(fs.readdirSync(dir)).toEqual([`compile-cache-${process.version}-${process.arch}.bin`]);
    expect(check({ NODE_COMPILE_CACHE: dir })).toEqual(without);
    const notAFolder = path.join(dir, 'file');
    fs.writeFileSync(notAFolder, '');
    expect(check({ NODE_COMPILE_CACHE: path.join(notAFolder, 'cache') })).toEqual(without);
  });

  (builtIn ? test.skip : test)('a module changed since its code was kept, or a damaged cache file, compiles from its text', () => {
    const cacheFile = path.join(dir, 'cache.bin');
    const module = path.join(dir, 'm.js');
    const run = () => inFreshProcess(`require('./lib/cli/compile-cache').installCompileCache(${JSON.stringify(cacheFile)}); console.log(require(${JSON.stringify(module)}))`);
    fs.writeFileSync(module, 'module.exports = 1;');
    expect(run()).toBe(1);
    expect(fs.existsSync(cacheFile)).toBe(true);
    expect(run()).toBe(1);
    // The same length, so that only the text's digest tells it from the kept one.
    fs.writeFileSync(module, 'module.exports = 2;');
    expect(run()).toBe(2);
    fs.writeFileSync(cacheFile, Buffer.from([9, 0, 0, 0, 1, 2, 3]));
    expect(run()).toBe(2);
  });
});
