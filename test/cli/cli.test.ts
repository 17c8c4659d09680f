import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { parseDocuments } from '../../src/cli/documents';
import { main } from '../../src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join('test', 'cli', 'fixtures');
const fixture = (name: string) => path.join(FIXTURES, name.startsWith('diff/') ? '' : 'check', name);

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real entry point as a process, as `npx cdk8s-hikube` would. */
function cli(args: string[], options: { input?: string; cwd?: string } = {}): Result {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json'), NODE_PATH: path.join(ROOT, 'node_modules') },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function inProcess(args: string[]): Result {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('check', () => {
  let all: Result;
  beforeAll(() => {
    all = cli(['check', path.join(FIXTURES, 'check')]);
  });

  test('the documentation examples are refused as written, with file, line, rule code, field and fix', () => {
    expect(all.code).toBe(1);
    const docs = fixture('docs-examples.yaml');
    expect(all.stdout).toContain(`${docs}:7: HK-VERSION-PATCH spec.version: "v1.30.0" is not a version the platform accepts, so it refuses the document; it takes the minor version and picks the patch itself (fix: write version: v1.30)`);
    expect(all.stdout).toContain(`${docs}:11: HK-RESOURCES-MISSING spec.nodeGroups.general.resources: platform line v1.3 refuses a node group without resources; an empty map sizes the group by its instanceType (fix: write \`resources: {}\` in the group)`);
    expect(all.stdout).toContain(`${docs}:40: HK-VERSION-PATCH spec.version: "v1.31.2"`);
    expect(all.stdout).toContain(`${docs}:10: HK-DEFAULT-GROUP spec.nodeGroups: warning: platform line v1.3 adds its default group md0`);
    // The ConfigMap in the same file is skipped.
    expect(all.stdout).not.toContain('unrelated');
  });

  test('rule violations of the library and of the schema point at their lines', () => {
    const broken = fixture('broken.yaml');
    expect(all.stdout).toContain(`${broken}:10: HK-REPLICAS spec.nodeGroups.small.minReplicas: 4 is not valid; must not exceed maxReplicas (2)`);
    expect(all.stdout).toContain(`${broken}:15: HK-GPU spec.nodeGroups.small.gpus:`);
    expect(all.stdout).toContain(`${broken}:23: HK-UNKNOWN-FIELD spec.nodeGroups.typo.maxReplica: platform line v1.3 has no field maxReplica and ignores it, so maxReplicas is 2; did you mean maxReplicas? (fix: write maxReplicas: 3 in place of maxReplica)`);
    expect(all.stdout).toMatch(/7 clusters checked: 6 errors, \d+ warnings/);
  });

  test('valid manifests of every line pass; warnings fail only with --strict; standard input and JSON', () => {
    const files = ['valid-v1.3.yaml', 'v1.5-and-v1.6.yaml', 'v0.41-old.yaml'].map(fixture);
    const ok = cli(['check', '--json', ...files]);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report).toMatchObject({ clusters: 4, errors: 0 });
    expect(report.findings.find((f: any) => f.code === 'HK-INSTANCE-TYPE' && f.line === 38)).toMatchObject({ file: fixture('v1.5-and-v1.6.yaml'), line: 38, severity: 'warning', path: 'spec.nodeGroups.edge.instanceType' });
    const strict = cli(['check', '--strict', '--line', 'v1.6', '-'], { input: fs.readFileSync(fixture('v1.5-and-v1.6.yaml'), 'utf-8') });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('-:38: HK-INSTANCE-TYPE spec.nodeGroups.edge.instanceType: warning: x9.custom is not in this library\'s catalog');
  });

  test('findings print in file order, then line order within a file', () => {
    const located = all.stdout.split('\n').map((l) => /^(.+?):(\d+): HK-/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
    const files = [...new Set(located.map((m) => m[1]))];
    expect(files).toEqual([...files].sort());
    for (const file of files) {
      const lines = located.filter((m) => m[1] === file).map((m) => Number(m[2]));
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
    }
    // The add-on's default group (line 8) is found after the replica bounds (line 10), and printed before them.
    expect(all.stdout.indexOf(`${fixture('broken.yaml')}:8:`)).toBeLessThan(all.stdout.indexOf(`${fixture('broken.yaml')}:10:`));
  });

  test('usage errors exit with 2; --help exits with 0', () => {
    expect(inProcess(['check']).code).toBe(2);
    expect(inProcess(['check', '--line', 'v9', FIXTURES]).stderr).toContain('--line v9: not a platform line');
    expect(inProcess(['check', 'no-such-file.yaml']).code).toBe(2);
    expect(inProcess(['check', '--bogus', FIXTURES]).code).toBe(2);
    expect(inProcess(['frobnicate']).code).toBe(2);
    for (const command of ['check', 'plan', 'diff', 'import']) {
      const help = inProcess([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: cdk8s-hikube ${command}`);
    }
  });
});

describe('check refuses what the platform would not read as written', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-check-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const CLUSTER = fs.readFileSync(fixture('valid-v1.3.yaml'), 'utf-8');
  /** Writes an input file (text or bytes) and checks it in process. */
  function checkInput(name: string, content: string | Buffer, ...options: string[]): Result & { file: string } {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return { ...inProcess(['check', ...options, file]), file };
  }
  const json = (r: Result) => JSON.parse(r.stdout) as { clusters: number; errors: number; warnings: number; findings: any[] };

  test('the valid cluster the cases start from passes', () => {
    expect(checkInput('valid.yaml', CLUSTER)).toMatchObject({ code: 0 });
  });

  test('a misspelt field is an error naming the field meant and what the platform uses instead', () => {
    const r = checkInput('typo.yaml', CLUSTER.replace('instanceType: s1.large', 'instancetype: s1.large'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${r.file}:24: HK-UNKNOWN-FIELD spec.nodeGroups.web.instancetype: platform line v1.3 has no field instancetype and ignores it, so instanceType is u1.medium (its default); did you mean instanceType? (fix: write instanceType: s1.large in place of instancetype)`);
    const cased = json(checkInput('cased.yaml', CLUSTER.replace('maxReplicas: 9', 'MaxReplicas: 9'), '--json'));
    expect(cased.findings.find((f) => f.code === 'HK-UNKNOWN-FIELD')).toMatchObject({
      severity: 'error',
      path: 'spec.nodeGroups.web.MaxReplicas',
      message: expect.stringContaining('so maxReplicas is 10 (its default); did you mean maxReplicas?'),
      repair: { operations: [{ op: 'move', from: '/spec/nodeGroups/web/MaxReplicas', path: '/spec/nodeGroups/web/maxReplicas' }] },
    });
    const far = checkInput('far.yaml', CLUSTER.replace('roles: [ingress-nginx]', 'roles: [ingress-nginx]\n      colour: blue'));
    expect(far.stdout).toContain('HK-UNKNOWN-FIELD spec.nodeGroups.web.colour: platform line v1.3 has no field colour and ignores it silently; the fields here are');
  });

  test('two clusters of one file are checked against each other: one ingress host behind one tenant ingress', () => {
    const staging = (host: string) => CLUSTER.replace('name: prod', 'name: staging').replace('hosts: [shop.acme.example]', `hosts: [${host}]`);
    const shared = checkInput('fleet.yaml', `${CLUSTER}---\n${staging('shop.acme.example')}`, '--json');
    expect(shared.code).toBe(1);
    const found = json(shared).findings.filter((f) => f.code === 'HK-INGRESS-HOST-SHARED');
    expect(found).toEqual([expect.objectContaining({
      severity: 'error',
      path: 'spec.addons.ingressNginx.hosts',
      line: CLUSTER.split('\n').length + 43,
      message: expect.stringContaining('shop.acme.example (an ingress-nginx host of this cluster) is also an ingress-nginx host of cluster prod (prod)'),
    })]);
    // Hosts of their own: nothing between the clusters; the same two documents in two files are read together too.
    expect(checkInput('fleet-ok.yaml', `${CLUSTER}---\n${staging('staging.acme.example')}`)).toMatchObject({ code: 0 });
    const first = checkInput('prod.yaml', CLUSTER);
    const second = checkInput('staging.yaml', staging('shop.acme.example'));
    const apart = inProcess(['check', '--json', first.file, second.file]);
    expect(json(apart).findings.map((f) => `${path.basename(f.file)} ${f.code}`)).toContain('staging.yaml HK-INGRESS-HOST-SHARED');
  });

  test('a field of another platform line is HK-LINE-FIELD, a warning in hand-written YAML, naming the lines that have it', () => {
    const r = json(checkInput('images.yaml', `${CLUSTER}\n  images:\n    kubectl: registry.example.com/kubectl:1.33`, '--json', '--line', 'v1.3'));
    expect(r.errors).toBe(0);
    expect(r.findings.filter((f) => f.code === 'HK-LINE-FIELD')).toHaveLength(1);
    expect(r.findings.find((f) => f.code === 'HK-LINE-FIELD')).toMatchObject({
      severity: 'warning',
      path: 'spec.images',
      message: 'platform line v1.3 has no field images and ignores it; lines v1.5, v1.6, main have it: choose one of them as the platform line, or remove the field',
    });
    // A field the typed API reads (Talos settings) is the same rule and severity, reported once.
    const talos = json(checkInput('talos.yaml', `${CLUSTER}\n  talos:\n    version: v1.13.6`, '--json', '--line', 'v1.3'));
    expect(talos).toMatchObject({ errors: 0 });
    expect(talos.findings.filter((f) => f.code === 'HK-LINE-FIELD')).toEqual([expect.objectContaining({
      severity: 'warning',
      path: 'spec.talos',
      message: 'platform line v1.3 has no field talos and ignores it; lines v1.6, main have it: choose one of them as the platform line, or remove the field',
      fix: 'remove spec.talos, which the platform ignores on line v1.3',
    })]);
    expect(talos.findings.map((f) => f.code)).not.toContain('HK-UNKNOWN-FIELD');
  });

  test.each([
    ['an empty file', 'empty.yaml', '', 'HK-INPUT-EMPTY'],
    ['a file of comments', 'comments.yaml', '# clusters go here\n---\n', 'HK-INPUT-EMPTY'],
    ['a binary file', 'binary.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]), 'HK-INPUT-NOT-TEXT'],
    ['a gzip file', 'cluster.yaml.gz', zlib.gzipSync(CLUSTER), 'HK-INPUT-NOT-TEXT'],
    ['a Latin-1 file', 'latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'), 'HK-INPUT-NOT-TEXT'],
    ['a plain sentence', 'notes.yaml', 'the clusters are in the other folder\n', 'HK-INPUT-NOT-OBJECT'],
    ['a list', 'list.yaml', '- apiVersion: v1\n  kind: ConfigMap\n', 'HK-INPUT-NOT-OBJECT'],
    ['broken YAML', 'broken.yaml', 'spec: [unclosed\n', 'HK-YAML'],
    ['only other kinds', 'configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n', 'HK-NO-CLUSTER'],
  ])('%s is an error, never "0 clusters checked" with exit 0', (_what, name, content, code) => {
    const r = checkInput(name, content, '--json');
    expect(r.code).toBe(1);
    const report = json(r);
    expect(report).toMatchObject({ clusters: 0, errors: 1 });
    expect(report.findings).toEqual([expect.objectContaining({ file: path.join(dir, name), line: expect.any(Number), severity: 'error', code })]);
  });

  test('the gzip case says how to read it; the empty case is refused on standard input too', () => {
    expect(checkInput('c.yaml.gz', zlib.gzipSync(CLUSTER)).stdout).toContain('gzip-compressed, not YAML text; decompress it first (gunzip)');
    const stdin = cli(['check', '-'], { input: '' });
    expect(stdin.code).toBe(1);
    expect(stdin.stdout).toContain('-:1: HK-INPUT-EMPTY (input): holds no document');
  });

  test('a kind or apiVersion of apps.cozystack.io the API does not serve is an error with what to write', () => {
    const lower = checkInput('lower.yaml', CLUSTER.replace('kind: Kubernetes', 'kind: kubernetes'));
    expect(lower.code).toBe(1);
    expect(lower.stdout).toContain(`${lower.file}:2: HK-KIND kind: "kubernetes" is not a kind of apps.cozystack.io: the API server matches kinds exactly and refuses the document; did you mean Kubernetes? write kind: Kubernetes`);
    expect(lower.stdout).toContain('0 clusters checked: 1 error');
    const version = checkInput('v1alpha2.yaml', CLUSTER.replace('apps.cozystack.io/v1alpha1', 'apps.cozystack.io/v1alpha2'));
    expect(version.code).toBe(1);
    expect(version.stdout).toContain(`${version.file}:1: HK-KIND apiVersion: "apps.cozystack.io/v1alpha2" is not served: the Hikube API serves apps.cozystack.io at v1alpha1 only`);
    expect(version.stdout).not.toContain('HK-LINE');
    const group = checkInput('group.yaml', CLUSTER.replace('apps.cozystack.io/v1alpha1', 'app.cozystack.io/v1alpha1'));
    expect(group.stdout).toContain('HK-KIND apiVersion: "app.cozystack.io/v1alpha1" names no API the Hikube API server serves');
    const none = checkInput('none.yaml', CLUSTER.replace('apiVersion: apps.cozystack.io/v1alpha1\n', ''));
    expect(none.stdout).toContain('HK-KIND kind: a Kubernetes cluster needs its apiVersion');
    // Other applications of the group are not this command's to check; they are skipped as before.
    const other = checkInput('postgres.yaml', `${CLUSTER}\n---\napiVersion: apps.cozystack.io/v1alpha1\nkind: Postgres\nmetadata:\n  name: db\n`);
    expect(other.code).toBe(0);
    expect(inProcess(['plan', lower.file]).code).toBe(1);
  });

  test('two clusters with one name in one namespace are an error, across files too', () => {
    const first = checkInput('one.yaml', CLUSTER);
    const second = path.join(dir, 'two.yaml');
    fs.writeFileSync(second, `${CLUSTER.replace('tenant-acme', 'tenant-other')}\n---\n${CLUSTER}`);
    const r = inProcess(['check', '--json', first.file, second]);
    expect(r.code).toBe(1);
    const dupes = json(r).findings.filter((f) => f.code === 'HK-DUPLICATE');
    expect(dupes).toEqual([expect.objectContaining({ file: second, line: 62, path: 'metadata.name', severity: 'error' })]);
    expect(dupes[0].message).toBe(`cluster prod is also defined at ${first.file}:4; applied to namespace tenant-acme, one document would replace the other; give each cluster its own name`);
  });

  test('YAML is read as kubectl reads it: 1.1 booleans; a quoted "yes" stays a string', () => {
    const withCertManager = (value: string) => `${CLUSTER.replace(/addons:\n {4}certManager:\n {6}enabled: true/, `addons:\n    certManager:\n      enabled: ${value}`)}`;
    expect(withCertManager('yes')).toContain('enabled: yes');
    for (const yes of ['yes', 'on', 'Yes']) expect(checkInput('yes.yaml', withCertManager(yes))).toMatchObject({ code: 0 });
    const quoted = checkInput('quoted.yaml', withCertManager('"yes"'));
    expect(quoted.code).toBe(1);
    expect(quoted.stdout).toContain('HK-SCHEMA spec.addons.certManager.enabled: "yes" is not valid; the schema of platform line v1.3 expects boolean');
    // Go's decoder keeps timestamps and base-60 numbers as strings when the target is untyped.
    expect(parseDocuments('-', 'a: yes\nb: off\nc: 0755\nd: 1:30\ne: 2001-12-14\n')[0].value).toEqual({ a: true, b: false, c: 493, d: '1:30', e: '2001-12-14' });
  });

  test('an alias bomb is an error, not a hang', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = CLUSTER.replace('metadata:\n', `metadata:\n  labels:\n${levels.map((l) => `    ${l}`).join('\n')}\n`);
    const started = Date.now();
    const r = checkInput('bomb.yaml', bomb);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${r.file}:1: HK-YAML (yaml): its aliases expand too far`);
    // A few aliases are ordinary YAML.
    const few = CLUSTER.replace('metadata:\n', 'metadata:\n  labels: &labels\n    team: web\n  annotations: *labels\n');
    expect(checkInput('few.yaml', few)).toMatchObject({ code: 0 });
  });

  test('a folder without YAML files is a usage error', () => {
    const empty = fs.mkdtempSync(path.join(dir, 'nothing-'));
    fs.writeFileSync(path.join(empty, 'README.md'), 'clusters live elsewhere');
    const r = inProcess(['check', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a folder without .yaml or .yml files');
  });
});

describe('plan', () => {
  let plans: any[];
  let text: Result;
  beforeAll(() => {
    const r = cli(['plan', '--json', fixture('valid-v1.3.yaml'), fixture('v1.5-and-v1.6.yaml'), fixture('docs-examples.yaml')]);
    expect(r.code).toBe(0);
    plans = JSON.parse(r.stdout);
    text = cli(['plan', fixture('docs-examples.yaml')]);
  });

  test('node groups at min and max replicas, from the instance catalog', () => {
    const prod = plans.find((p) => p.name === 'prod');
    const web = prod.groups.find((g: any) => g.name === 'web');
    // s1.large: 4 vCPU, 8 GiB; 3 to 9 replicas; 20Gi disks.
    expect(web.atMin).toEqual({ vcpu: 12, memoryGib: 24, gpus: 0, diskGib: 60 });
    expect(web.atMax).toEqual({ vcpu: 36, memoryGib: 72, gpus: 0, diskGib: 180 });
    // Sized by resources (16 CPU, 64Gi), one L40S each, 0 to 2 replicas, 100Gi disks.
    const gpu = prod.groups.find((g: any) => g.name === 'gpu');
    expect(gpu.atMax).toEqual({ vcpu: 32, memoryGib: 128, gpus: 2, diskGib: 200 });
    expect(prod.workers.atMin).toEqual({ vcpu: 12, memoryGib: 24, gpus: 0, diskGib: 60 });
    expect(prod.workers.atMax).toEqual({ vcpu: 68, memoryGib: 200, gpus: 2, diskGib: 380 });
  });

  test('the control plane from preset limits, per replica', () => {
    const prod = plans.find((p) => p.name === 'prod');
    // 3 x (xlarge 4/4Gi + three micro 0.5/0.25Gi).
    expect(prod.controlPlane).toMatchObject({ replicas: 3, vcpu: 16.5, memoryGib: 14.25 });
    // v1.6 defaults: apiServer c1.medium 2/2Gi, others t1.micro 0.5/0.25Gi; 2 replicas; ml overrides the API server with c1.large 4/4Gi.
    expect(plans.find((p) => p.name === 'edge').controlPlane).toMatchObject({ replicas: 2, vcpu: 7, memoryGib: 5.5 });
    expect(plans.find((p) => p.name === 'ml').controlPlane).toMatchObject({ vcpu: 11, memoryGib: 9.5 });
    expect(prod.addons).toEqual(['certManager', 'ingressNginx', 'gpuOperator', 'fluxcd']);
  });

  test("unknown instance types are listed as unknown, not guessed; the platform's md0 is counted and marked", () => {
    const edge = plans.find((p) => p.name === 'edge');
    expect(edge.unknownInstanceTypes).toEqual(['x9.custom']);
    expect(edge.workers.atMin).toEqual({ gpus: 0, diskGib: 80 });
    const demo = plans.find((p) => p.name === 'demo');
    const md0 = demo.groups.find((g: any) => g.name === 'md0');
    // u1.medium: 1 vCPU, 4 GiB, 0 to 10 replicas.
    expect(md0).toMatchObject({ implicit: true, minReplicas: 0, maxReplicas: 10, atMax: { vcpu: 10, memoryGib: 40, gpus: 0, diskGib: 200 } });
    expect(text.stdout).toMatch(/md0 \(implicit\)\s+u1\.medium\s+0-10/);
    expect(text.stdout).toContain('control plane: 2 replicas x (apiServer large 2 vCPU/2 GiB');
  });
});

describe('diff', () => {
  let r: Result;
  beforeAll(() => {
    r = cli(['diff', fixture('diff/old'), fixture('diff/new')]);
  });
  const section = (cluster: string) => r.stdout.split(/\n(?=cluster )/).find((s) => s.startsWith(`cluster tenant-acme/${cluster}:`)) ?? '';

  test('refusals exit with 1', () => {
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('5 changes refused');
  });
  test('skipping a minor version is refused', () => {
    expect(section('skip')).toContain('HK-UPGRADE spec.version: "v1.33" is not valid; upgrade one minor version at a time; from v1.31 the next is v1.32');
  });
  test('a downgrade is refused', () => {
    expect(section('down')).toContain('HK-UPGRADE spec.version: "v1.32" is not valid; downgrades are not supported (deployed: v1.33)');
  });
  test('changing storageClass is refused', () => {
    expect(section('sc')).toContain('~ spec.storageClass: "replicated" -> "local"');
    expect(section('sc')).toContain('HK-STORAGE-CLASS spec.storageClass');
  });
  test('removing a node group with minReplicas > 0 is refused; one scaled to 0 first may go', () => {
    expect(section('grp')).toContain('HK-GROUP-REMOVED spec.nodeGroups.batch: removed while minReplicas is 2; first scale it to 0');
    expect(section('safe')).not.toContain('HK-');
    expect(section('safe')).toContain('~ spec.nodeGroups.md0.maxReplicas: 3 -> 5');
  });
  test('a shrinking disk is refused', () => {
    expect(section('disk')).toContain('HK-DISK-SHRINK spec.nodeGroups.md0.ephemeralStorage: a worker disk cannot shrink (50Gi -> 30Gi)');
  });
  test('costly changes are warnings: replacing every node, removing an add-on', () => {
    expect(section('costly')).toContain('HK-REPLACES-NODES spec.nodeGroups.md0: warning: changing instanceType replaces every node of the group');
    expect(section('costly')).toContain('HK-ADDON-REMOVED spec.addons.velero: warning: removed');
    expect(section('fresh')).toContain('cluster tenant-acme/fresh: added');
    expect(section('gone')).toContain('HK-CLUSTER-REMOVED');
  });

  test('--git compares with the committed version of the same paths', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-diff-'));
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf-8' });
    git('init', '-q');
    fs.mkdirSync(path.join(dir, 'clusters'));
    fs.writeFileSync(path.join(dir, 'clusters', 'prod.yaml'), fs.readFileSync(fixture('valid-v1.3.yaml'), 'utf-8'));
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
    const changed = fs.readFileSync(fixture('valid-v1.3.yaml'), 'utf-8').replace('version: v1.33', 'version: v1.35').replace('maxReplicas: 9', 'maxReplicas: 12');
    fs.writeFileSync(path.join(dir, 'clusters', 'prod.yaml'), changed);
    const out = cli(['diff', '--git', 'HEAD', 'clusters'], { cwd: dir });
    expect(out.stdout).toContain('~ spec.nodeGroups.web.maxReplicas: 9 -> 12');
    expect(out.stdout).toContain('HK-UPGRADE spec.version: "v1.35" is not valid; upgrade one minor version at a time; from v1.33 the next is v1.34');
    expect(out.code).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
