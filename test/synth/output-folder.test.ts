import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Yaml, YamlOutputType } from 'cdk8s';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { synthesizeFiles } from '../../src/synth/synthesis';
import { compileForNode, NODE_ENV } from '../support/compile';
import { buildApp, ChartSpec, GENERATION_ANNOTATION, SynthSpec } from '../support/synth-child';

/*
 * What a synth leaves in its output folder when it is killed, fails or runs next to another one. Synths run
 * in child processes (plain node on the compiled sources) so that they can be killed; the expected trees
 * come from the same apps synthesized in this process. Each case starts from a previous synth (generation
 * A) plus files of the user's own, kills a synth of generation B (which leaves one chart out, so that the
 * kept-files rule is part of every case), then runs generation C, the next synth.
 */

const OUTPUT_TYPES = [
  YamlOutputType.FILE_PER_APP,
  YamlOutputType.FILE_PER_CHART,
  YamlOutputType.FILE_PER_RESOURCE,
  YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
];
const NAMES = OUTPUT_TYPES.map((t) => [YamlOutputType[t], t] as const);
const BESIDE = '.dist.hikube-synth';
const INSIDE = '.hikube-synth';
const NOBODY = 65534;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-output-'));
// The permission cases run a synth as an unprivileged user, who must reach the compiled sources.
fs.chmodSync(scratch, 0o755);
const CHILD = compileForNode(path.join(__dirname, '..', 'support', 'synth-child.ts'), path.join(scratch, 'js'));
// Leftovers must be invisible to Git under the usual ignore rule for output folders.
execFileSync('git', ['init', '-q', scratch]);
fs.writeFileSync(path.join(scratch, '.gitignore'), 'dist/\n');

// ... and the packages, found through NODE_PATH in the checkout: a checkout inside a folder only its owner may
// enter (a home folder, a CI work folder made by mktemp) is opened to others for the run, then closed again.
// The lowest permission bit is search (x) for others.
const permissions = (dir: string) => fs.statSync(dir).mode % 0o10000;
const closedAncestors = ancestors(NODE_ENV.NODE_PATH).filter((dir) => permissions(dir) % 2 === 0);
for (const dir of closedAncestors) fs.chmodSync(dir, permissions(dir) + 1);

const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts.splice(0).reverse()) execFileSync('umount', [dir]);
  fs.rmSync(scratch, { recursive: true, force: true });
  for (const dir of closedAncestors) fs.chmodSync(dir, permissions(dir) - 1);
});

/** A folder and every folder above it. */
function ancestors(dir: string): string[] {
  const parent = path.dirname(dir);
  return parent === dir ? [dir] : [dir, ...ancestors(parent)];
}

let folders = 0;
/** A fresh folder to hold an output folder named `dist`. */
/** What a synth of the app throws (undefined when it succeeds). */
function thrownBySynth(app: h.HikubeApp): any {
  try {
    app.synth();
  } catch (e) {
    return e;
  }
  return undefined;
}

function freshParent(): string {
  const dir = path.join(scratch, `case${folders++}`);
  fs.mkdirSync(dir);
  return dir;
}

function mountTmpfs(dir: string, size: number): void {
  fs.mkdirSync(dir, { recursive: true });
  // Refused mounts fail the test: the behaviour on a mount point is part of what the README promises.
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
}

function unmount(dir: string): void {
  execFileSync('umount', [dir]);
  mounts.splice(mounts.indexOf(dir), 1);
}

type Tree = Record<string, string>;

/** Every file below a folder, by relative path; `skip` leaves out a top-level entry. */
function readTree(dir: string, skip?: string): Tree {
  const out: Tree = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (d === dir && entry.name === skip) continue;
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf-8');
    }
  };
  walk(dir);
  return out;
}

/** The files of one top-level entry of a tree. */
function entryOf(tree: Tree, name: string): Tree {
  return Object.fromEntries(Object.entries(tree).filter(([p]) => p === name || p.startsWith(name + path.sep)));
}

/** Makes a tree the unprivileged user's, for the permission cases. */
function giveToNobody(tree: string): void {
  fs.chownSync(tree, NOBODY, NOBODY);
  if (fs.statSync(tree).isDirectory()) for (const name of fs.readdirSync(tree)) giveToNobody(path.join(tree, name));
}

function gitChanges(dir: string): string {
  return execFileSync('git', ['-C', scratch, 'status', '--porcelain', '--untracked-files=all', '--', dir], { encoding: 'utf8' });
}

/** The small app of the step-by-step kills: three charts, four documents. */
const SMALL: ChartSpec[] = [
  { id: 'alpha', docs: [configMap('a1'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a2' }, stringData: { token: 'x' } }] },
  { id: 'beta', docs: [configMap('b1')] },
  { id: 'gamma', docs: [configMap('g1')] },
];
const SMALL_FILE = path.join(scratch, 'small.json');
fs.writeFileSync(SMALL_FILE, JSON.stringify(SMALL));

function configMap(name: string): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'apps' }, data: { greeting: 'hello', lines: 'one\ntwo\n' } };
}

/** 20 clusters of the library (cluster, Cluster API rendering, in-cluster chart with an issuer): 60 charts, 380 documents. */
const FLEET_FILE = path.join(scratch, 'fleet.json');
beforeAll(() => {
  const rendered = path.join(scratch, 'fleet-rendered');
  const app = new h.HikubeApp({ outdir: rendered, yamlOutputType: YamlOutputType.FILE_PER_CHART, printWarnings: false });
  for (let i = 0; i < 20; i++) {
    const id = `c${i}`;
    const cluster = new h.HikubeCluster(app, id, {
      tenantNamespace: 'tenant-fleet',
      platformLine: h.PlatformLine.V1_6,
      host: `${id}.example.com`,
      nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, maxReplicas: 3, roles: [h.NodeRole.INGRESS_NGINX] }) },
      addons: [new h.CertManager(), new h.IngressNginx()],
    });
    new h.ClusterApiRendering(app, `${id}-cluster-api`, { cluster });
    const inside = new h.TenantClusterChart(app, `${id}-inside`, { cluster });
    new h.LetsEncryptIssuer(inside, 'letsencrypt', { email: 'ops@acme-shop.ch', name: `letsencrypt-${id}` });
  }
  app.synth();
  // Names made unique across the fleet, so that one file per resource takes every document.
  let serial = 0;
  const charts: ChartSpec[] = fs.readdirSync(rendered).sort().map((file) => ({
    id: file.replace(/\.k8s\.yaml$/, ''),
    docs: Yaml.load(path.join(rendered, file)).map((doc: any) => ({ ...doc, metadata: { ...doc.metadata, name: `${doc.metadata.name}-${serial++}` } })),
  }));
  fs.writeFileSync(FLEET_FILE, JSON.stringify(charts));
});

const lastChart = (charts: string) => (JSON.parse(fs.readFileSync(charts, 'utf8')) as ChartSpec[]).slice(-1)[0].id;

function spec(outdir: string, yamlOutputType: YamlOutputType, generation: string, charts: string, without: string[] = []): SynthSpec {
  return { outdir, yamlOutputType, generation, charts, without };
}

/** The previous synth, and files of the user's own next to its files and inside one of its folders. */
function writePrevious(outdir: string, type: YamlOutputType, charts: string): void {
  synthesizeFiles(buildApp(spec(outdir, type, 'A', charts)));
  fs.writeFileSync(path.join(outdir, 'notes.txt'), 'mine\n');
  fs.mkdirSync(path.join(outdir, 'own'));
  fs.writeFileSync(path.join(outdir, 'own', 'list.txt'), 'mine too\n');
  const chartFolder = fs.readdirSync(outdir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'own').map((e) => e.name).sort()[0];
  if (chartFolder) fs.writeFileSync(path.join(outdir, chartFolder, 'own.txt'), 'mine, among the charts\n');
}

interface Generations {
  /** The previous synth with the user's files. */
  readonly A: Tree;
  /** The synth that is killed: one chart less, whose files are kept. */
  readonly B: Tree;
  /** The next synth. */
  readonly C: Tree;
  readonly b: (outdir: string) => SynthSpec;
  readonly c: (outdir: string) => SynthSpec;
  /** A folder holding A, to copy where a case starts. */
  readonly previous: string;
}

const known = new Map<string, Generations>();

function generations(type: YamlOutputType, charts: string): Generations {
  const key = `${type} ${charts}`;
  if (!known.has(key)) {
    const b = (outdir: string) => spec(outdir, type, 'B', charts, [lastChart(charts)]);
    const c = (outdir: string) => spec(outdir, type, 'C', charts);
    const previous = path.join(freshParent(), 'dist');
    writePrevious(previous, type, charts);
    const outdir = path.join(freshParent(), 'dist');
    fs.cpSync(previous, outdir, { recursive: true });
    synthesizeFiles(buildApp(b(outdir)));
    const B = readTree(outdir);
    synthesizeFiles(buildApp(c(outdir)));
    known.set(key, { A: readTree(previous), B, C: readTree(outdir), b, c, previous });
  }
  return known.get(key)!;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface ChildOptions {
  /** Kill the synth after this many steps (writes, renames, removals). */
  readonly killAfter?: number;
  /** Kill the synth this many milliseconds after it starts writing. */
  readonly killAfterMs?: number;
  readonly uid?: number;
  readonly cwd?: string;
}

function synthInChild(s: SynthSpec, options: ChildOptions = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...NODE_ENV, HIKUBE_SYNTH_KILL_AFTER: String(options.killAfter ?? 0) };
    const child = spawn(process.execPath, [CHILD, JSON.stringify(s)], { env, cwd: options.cwd, uid: options.uid, gid: options.uid });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (data) => {
      stdout += data;
      if (options.killAfterMs !== undefined && timer === undefined && stdout.startsWith('synth\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
      }
    });
    child.stderr.on('data', (data) => stderr += data);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `run` on every item, `turns` at a time (the machine has two cores). */
async function inTurns<T, R>(items: T[], turns: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: turns }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
    }
  }));
  return results;
}

/** A small seeded generator, so that a failing run can be repeated. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

type State = 'previous' | 'new' | 'absent, new tree staged';

/**
 * What a killed synth left in a folder replaced by renames: the whole previous tree, the whole new one, or
 * no folder while the work folder holds the whole new tree.
 */
function wholeTreeLeft(parent: string, g: Generations): State {
  const outdir = path.join(parent, 'dist');
  if (!fs.existsSync(outdir)) {
    expect(readTree(path.join(parent, BESIDE, 'ready'))).toEqual(g.B);
    return 'absent, new tree staged';
  }
  const tree = readTree(outdir);
  if (JSON.stringify(tree) === JSON.stringify(g.A)) return 'previous';
  expect(tree).toEqual(g.B);
  return 'new';
}

/** The next synth finishes or cleans what the killed one left; afterwards only the output folder is there. */
function expectNextSynthCompletes(parent: string, g: Generations): void {
  const outdir = path.join(parent, 'dist');
  synthesizeFiles(buildApp(g.c(outdir)));
  expect(readTree(outdir)).toEqual(g.C);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
}

describe('a synth killed after any step of writing and replacing', () => {
  test.each(NAMES)('%s: the folder is the whole previous or new tree, and the next synth completes it', async (_name, type) => {
    const g = generations(type, SMALL_FILE);
    const killAt = async (step: number): Promise<State | 'finished'> => {
      const parent = freshParent();
      fs.cpSync(g.previous, path.join(parent, 'dist'), { recursive: true });
      const exit = await synthInChild(g.b(path.join(parent, 'dist')), { killAfter: step });
      expect(exit.stderr).toBe('');
      const state = wholeTreeLeft(parent, g);
      expect(gitChanges(parent)).toBe('');
      expectNextSynthCompletes(parent, g);
      return exit.signal === 'SIGKILL' ? state : 'finished';
    };
    const outcomes: Array<State | 'finished'> = [];
    for (let step = 1; !outcomes.includes('finished'); step += 2) outcomes.push(...await Promise.all([killAt(step), killAt(step + 1)]));
    const kills = outcomes.indexOf('finished');
    // Every step of the small app is one kill: writes of the new tree, the renames and the clean-up.
    expect(kills).toBeGreaterThan(12);
    expect(new Set(outcomes.slice(0, kills))).toEqual(new Set(['previous', 'absent, new tree staged', 'new']));
  });
});

test('50 kills at random times during a 20-cluster synth leave a whole tree, which the next synth completes', async () => {
  const next = random(20);
  const cases = OUTPUT_TYPES.map((type) => generations(type, FLEET_FILE));
  // How long each synth writes, to spread the kills over the whole of it (and a little after).
  const durations = await inTurns(cases, 2, async (g) => {
    const parent = freshParent();
    fs.cpSync(g.previous, path.join(parent, 'dist'), { recursive: true });
    const exit = await synthInChild(g.b(path.join(parent, 'dist')));
    expect(exit.code).toBe(0);
    expect(readTree(path.join(parent, 'dist'))).toEqual(g.B);
    return Number(/done (\d+)/.exec(exit.stdout)![1]);
  });
  const kills = Array.from({ length: 50 }, (_, i) => ({ g: cases[i % cases.length], delay: next() * 1.1 * durations[i % cases.length] }));
  const states = await inTurns(kills, 2, async ({ g, delay }) => {
    const parent = freshParent();
    fs.cpSync(g.previous, path.join(parent, 'dist'), { recursive: true });
    const exit = await synthInChild(g.b(path.join(parent, 'dist')), { killAfterMs: delay });
    expect(exit.stderr).toBe('');
    const state = wholeTreeLeft(parent, g);
    expect(gitChanges(parent)).toBe('');
    // What the next synth does with every other kind of leftover, the step-by-step kills show.
    if (fs.existsSync(path.join(parent, BESIDE, 'ready'))) expectNextSynthCompletes(parent, g);
    return state;
  });
  expect(states).toContain('previous');
  expect(states).toContain('new');
});

test('two synths into one folder at once: one is refused, or they run one after the other; never a mix', async () => {
  const type = YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;
  const { previous, A } = generations(type, FLEET_FILE);
  const files = Object.keys(A).sort();
  let refused = 0;
  // Both start together and reach the lock within milliseconds of each other, so one is usually refused;
  // rounds go on until two were.
  for (let round = 0; round < 8 && refused < 2; round++) {
    const parent = freshParent();
    const outdir = path.join(parent, 'dist');
    fs.cpSync(previous, outdir, { recursive: true });
    const exits = await Promise.all(['X', 'Y'].map((generation) => synthInChild(spec(outdir, type, generation, FLEET_FILE))));
    for (const exit of exits.filter((e) => e.code !== 0)) {
      expect(exit.stderr).toContain(`cdk8s-hikube: cannot write ${outdir}/: another synth (process `);
      refused++;
    }
    expect(exits.some((e) => e.code === 0)).toBe(true);
    const tree = readTree(outdir);
    expect(Object.keys(tree).sort()).toEqual(files);
    const marks = new Set(Object.values(tree).flatMap((text) => [...text.matchAll(new RegExp(`${GENERATION_ANNOTATION}: "?(\\w+)`, 'g'))].map((m) => m[1])));
    expect(marks.size).toBe(1);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  }
  expect(refused).toBe(2);
});

describe('the lock', () => {
  function outputWithLock(holder: string): { parent: string; outdir: string } {
    const parent = freshParent();
    const outdir = path.join(parent, 'dist');
    writePrevious(outdir, YamlOutputType.FILE_PER_CHART, SMALL_FILE);
    fs.mkdirSync(path.join(parent, BESIDE));
    fs.writeFileSync(path.join(parent, BESIDE, 'lock'), holder);
    return { parent, outdir };
  }

  test('of a running synth refuses a second one with one line, and leaves everything as it was', () => {
    const sleeper = spawn('sleep', ['60']);
    try {
      const { parent, outdir } = outputWithLock(`${sleeper.pid} ${os.hostname()} x\n`);
      const before = readTree(outdir);
      expect(() => synthesizeFiles(buildApp(spec(outdir, YamlOutputType.FILE_PER_CHART, 'B', SMALL_FILE))))
        .toThrow(new Error(`cdk8s-hikube: cannot write ${outdir}/: another synth (process ${sleeper.pid}) is writing it; ${outdir}/ is unchanged`));
      expect(readTree(outdir)).toEqual(before);
      expect(fs.readdirSync(path.join(parent, BESIDE)).sort()).toEqual(['.gitignore', 'lock']);
    } finally {
      sleeper.kill();
    }
  });

  test.each([
    ['a process that has ended', () => `${2 ** 22 + 1} ${os.hostname()} x\n`],
    ['another host (a container that was killed)', () => '1 build-container-7 x\n'],
  ])('left by %s is taken over', (_name, holder) => {
    const { parent, outdir } = outputWithLock(holder());
    synthesizeFiles(buildApp(spec(outdir, YamlOutputType.FILE_PER_CHART, 'B', SMALL_FILE)));
    expect(readTree(outdir)['beta.k8s.yaml']).toContain(`${GENERATION_ANNOTATION}: B`);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });
});

describe('an output folder that cannot be renamed', () => {
  const type = YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;

  test('a mount point is replaced entry by entry: the same tree, the mount stays, nothing is left inside or beside', () => {
    const g = generations(type, FLEET_FILE);
    const parent = freshParent();
    const outdir = path.join(parent, 'dist');
    mountTmpfs(outdir, 16 * 2 ** 20);
    fs.cpSync(g.previous, outdir, { recursive: true });
    synthesizeFiles(buildApp(g.b(outdir)));
    expect(readTree(outdir)).toEqual(g.B);
    expect(fs.statSync(outdir).dev).not.toBe(fs.statSync(parent).dev);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    unmount(outdir);
  });

  test('one whose parent the user cannot write is replaced the same way, with the lock inside too', async () => {
    const g = generations(type, SMALL_FILE);
    const parent = freshParent();
    const outdir = path.join(parent, 'dist');
    fs.cpSync(g.previous, outdir, { recursive: true });
    giveToNobody(outdir);
    const exit = await synthInChild(g.b(outdir), { uid: NOBODY });
    expect(exit.stderr).toBe('');
    expect(readTree(outdir)).toEqual(g.B);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test.each([
    ['a mount point', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, true],
    ['the current folder of the synth (finished by a synth run from elsewhere)', YamlOutputType.FILE_PER_CHART, false],
  ])('%s, killed after any step: every entry is whole, and the next synth completes the move', async (_name, t, isMount) => {
    const g = generations(t, SMALL_FILE);
    const killAt = async (step: number): Promise<boolean> => {
      const parent = freshParent();
      const outdir = path.join(parent, 'dist');
      if (isMount) mountTmpfs(outdir, 2 ** 20);
      fs.cpSync(g.previous, outdir, { recursive: true });
      const exit = await synthInChild(isMount ? g.b(outdir) : g.b('.'), { killAfter: step, cwd: outdir });
      expect(exit.stderr).toBe('');
      const tree = readTree(outdir, INSIDE);
      for (const name of fs.readdirSync(outdir).filter((n) => n !== INSIDE)) {
        expect([entryOf(g.A, name), entryOf(g.B, name)]).toContainEqual(entryOf(tree, name));
      }
      expect(gitChanges(parent)).toBe('');
      expectNextSynthCompletes(parent, g);
      if (isMount) unmount(outdir);
      return exit.signal === 'SIGKILL';
    };
    let kills = 0;
    for (let step = 1; ; step += 2) {
      const killed = await Promise.all([killAt(step), killAt(step + 1)]);
      kills += killed.filter(Boolean).length;
      if (!killed.every(Boolean)) break;
    }
    expect(kills).toBeGreaterThan(12);
  });
});

describe('a disk without room for the new tree next to the previous one', () => {
  const type = YamlOutputType.FILE_PER_RESOURCE;

  /** Room for the previous tree and 40% more: one page per small file, as tmpfs counts. */
  function roomForOneAndAHalf(g: Generations): number {
    const pages = Object.values(g.A).reduce((n, text) => n + Math.max(1, Math.ceil(Buffer.byteLength(text) / 4096)), 0);
    return Math.ceil(pages * 1.4) * 4096;
  }

  test.each([
    ['on the disk that holds it', false],
    ['that is a mount point', true],
  ])('%s: the synth fails with one line, the folder keeps the previous tree; emptied, it takes the new one', (_name, isMount) => {
    const g = generations(type, FLEET_FILE);
    const parent = freshParent();
    const outdir = path.join(parent, 'dist');
    mountTmpfs(isMount ? outdir : path.join(parent, 'disk'), roomForOneAndAHalf(g));
    const target = isMount ? outdir : path.join(parent, 'disk', 'dist');
    fs.cpSync(g.previous, target, { recursive: true });
    const free = fs.statfsSync(target).bavail;
    expect(() => synthesizeFiles(buildApp(g.b(target)))).toThrow(new Error(`cdk8s-hikube: cannot write ${target}/: no space left on device (ENOSPC); `
      + `${target}/ is unchanged (the new files are written next to the previous ones, then swapped in)`));
    expect(readTree(target)).toEqual(g.A);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['dist']);
    expect(fs.statfsSync(target).bavail).toBe(free);
    for (const name of fs.readdirSync(target)) fs.rmSync(path.join(target, name), { recursive: true });
    synthesizeFiles(buildApp(g.b(target)));
    expect(Object.keys(readTree(target)).length).toBeGreaterThan(300);
    unmount(isMount ? outdir : path.join(parent, 'disk'));
  });
});

describe('file system errors', () => {
  const type = YamlOutputType.FILE_PER_CHART;

  test('are one line naming the output folder, printed without a stack, and the process exits non-zero', async () => {
    const parent = freshParent();
    const outdir = path.join(parent, 'dist');
    mountTmpfs(parent, 2 ** 20);
    writePrevious(outdir, type, SMALL_FILE);
    const before = readTree(outdir);
    execFileSync('mount', ['-o', 'remount,ro', parent]);
    const line = `cdk8s-hikube: cannot write ${outdir}/: read-only file system (EROFS); ${outdir}/ is unchanged`;
    const exit = await synthInChild(spec(outdir, type, 'B', SMALL_FILE));
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(line);
    expect(exit.stderr).not.toMatch(/^\s+at /m);
    expect(exit.stderr).not.toContain(INSIDE);
    expect(readTree(outdir)).toEqual(before);

    const app = new h.HikubeApp({ outdir, yamlOutputType: type });
    new ApiObject(new Chart(app, 'one'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    const error = thrownBySynth(app);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(line);
    expect(error.stack).toBe(line);
    expect(error.code).toBe('EROFS');
    unmount(parent);
  });

  test('permission denied (EACCES) for a user who cannot write the folder or next to it', async () => {
    const parent = freshParent();
    const outdir = path.join(parent, 'dist');
    writePrevious(outdir, type, SMALL_FILE);
    const before = readTree(outdir);
    const exit = await synthInChild(spec(outdir, type, 'B', SMALL_FILE), { uid: NOBODY });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(`cdk8s-hikube: cannot write ${outdir}/: permission denied (EACCES); ${outdir}/ is unchanged`);
    expect(readTree(outdir)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a folder of the user without write permission is kept, and the previous tree still goes', async () => {
    const g = generations(YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, SMALL_FILE);
    const parent = freshParent();
    const outdir = path.join(parent, 'dist');
    fs.cpSync(g.previous, outdir, { recursive: true });
    giveToNobody(parent);
    fs.chmodSync(path.join(outdir, 'own'), 0o555);
    const exit = await synthInChild(g.b(outdir), { uid: NOBODY });
    expect(exit.stderr).toBe('');
    expect(readTree(outdir)).toEqual(g.B);
    expect(fs.statSync(path.join(outdir, 'own')).mode % 0o1000).toBe(0o555);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a resource whose file name is too long for the file system is named', () => {
    const outdir = path.join(freshParent(), 'dist');
    const app = new h.HikubeApp({ outdir, yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    const name = `${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(61)}`;
    new ApiObject(new Chart(app, 'one'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    expect(() => app.synth()).toThrow(new Error(`cdk8s-hikube: cannot write ${outdir}/ConfigMap.${name}.k8s.yaml: name too long (ENAMETOOLONG); ${outdir}/ is unchanged`));
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });

  test('a file where the output folder should be', () => {
    const outdir = path.join(freshParent(), 'dist');
    fs.writeFileSync(outdir, 'not a folder\n');
    expect(() => synthesizeFiles(buildApp(spec(outdir, type, 'B', SMALL_FILE))))
      .toThrow(new Error(`cdk8s-hikube: cannot write ${outdir}/: it is not a folder; ${outdir}/ is unchanged`));
    expect(fs.readFileSync(outdir, 'utf8')).toBe('not a folder\n');
  });
});

describe('output names stay in the output folder', () => {
  test.each(['/../escaped.yaml', '\\..\\escaped.yaml', '.yaml/../../escaped'])('an extension %j is refused before anything is written', (outputFileExtension) => {
    const parent = freshParent();
    const app = new h.HikubeApp({ outdir: path.join(parent, 'dist'), outputFileExtension });
    new ApiObject(new Chart(app, 'one'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    const error = thrownBySynth(app);
    expect(error).toBeInstanceOf(HikubeValidationError);
    expect(error.problems).toEqual([expect.objectContaining({ rule: 'HK-OUTPUT-NAME', field: 'outputFileExtension' })]);
    expect(error.message).toContain('which would put files outside the output folder');
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});

describe('what the replaced folder keeps', () => {
  const type = YamlOutputType.FILE_PER_CHART;

  test('its mode and the modes of the files written again, as writing in place keeps them', () => {
    const outdir = path.join(freshParent(), 'dist');
    writePrevious(outdir, type, SMALL_FILE);
    fs.chmodSync(outdir, 0o700);
    fs.chmodSync(path.join(outdir, 'alpha.k8s.yaml'), 0o600);
    synthesizeFiles(buildApp(spec(outdir, type, 'B', SMALL_FILE)));
    expect(fs.statSync(outdir).mode % 0o1000).toBe(0o700);
    expect(fs.statSync(path.join(outdir, 'alpha.k8s.yaml')).mode % 0o1000).toBe(0o600);
  });

  test('symbolic links of the user inside it stay links', () => {
    const outdir = path.join(freshParent(), 'dist');
    writePrevious(outdir, type, SMALL_FILE);
    fs.symlinkSync('alpha.k8s.yaml', path.join(outdir, 'current.yaml'));
    fs.symlinkSync('own', path.join(outdir, 'own-link'));
    synthesizeFiles(buildApp(spec(outdir, type, 'B', SMALL_FILE)));
    expect(fs.readlinkSync(path.join(outdir, 'current.yaml'))).toBe('alpha.k8s.yaml');
    expect(fs.readFileSync(path.join(outdir, 'current.yaml'), 'utf8')).toContain(`${GENERATION_ANNOTATION}: B`);
    expect(fs.readlinkSync(path.join(outdir, 'own-link'))).toBe('own');
  });

  test('a symbolic link to the folder stays a link; the folder it points to is replaced', () => {
    const parent = freshParent();
    const real = path.join(parent, 'real');
    writePrevious(real, type, SMALL_FILE);
    fs.symlinkSync('real', path.join(parent, 'dist'));
    synthesizeFiles(buildApp(spec(path.join(parent, 'dist'), type, 'B', SMALL_FILE)));
    expect(fs.lstatSync(path.join(parent, 'dist')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(real, 'beta.k8s.yaml'), 'utf8')).toContain(`${GENERATION_ANNOTATION}: B`);
    expect(fs.readdirSync(parent).sort()).toEqual(['dist', 'real']);
  });

  test('the current folder as output folder is replaced entry by entry, not renamed away from the process', async () => {
    const g = generations(type, SMALL_FILE);
    const outdir = path.join(freshParent(), 'dist');
    fs.cpSync(g.previous, outdir, { recursive: true });
    const inode = fs.statSync(outdir).ino;
    const exit = await synthInChild(g.b('.'), { cwd: outdir });
    expect(exit.stderr).toBe('');
    expect(fs.statSync(outdir).ino).toBe(inode);
    expect(readTree(outdir)).toEqual(g.B);
  });
});
