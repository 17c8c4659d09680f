/**
 * Startup benchmark: what an editor or a pre-commit hook waits for.
 *
 * - check: `cdk8s-hikube check` of one small manifest, against `node -e "require('cdk8s')"` (a process
 *   that loads cdk8s and does nothing), target at most 1.3 times;
 * - library: `require()` of the compiled library in a fresh process, against loading its peers
 *   (`require('cdk8s'); require('cdk8s-plus-28')`), target at most 1.2 times.
 *
 * Each comparison runs RUNS (default 21) pairs of fresh processes, the two of a pair one after the other in
 * alternating order, after two unmeasured pairs that warm the file cache. A ratio is the median of the
 * pairs' ratios: on a shared machine the load drifts over a run, and both processes of a pair see about the
 * same load. The medians of each side are printed too. Exits 1 when a ratio misses its target.
 *
 * The command line keeps V8's compiled code between runs (NODE_COMPILE_CACHE, here a folder of the run's own
 * that the unmeasured pairs fill): what an editor sees from the second save on. The other processes run
 * without it, as plain `node` does.
 *
 * Needs a compile (`lib/`). `npx projen bench:startup`; RUNS=41 for more pairs, MANIFEST=file to check
 * another manifest.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.RUNS ?? 21);
const MANIFEST = process.env.MANIFEST ?? path.join('benchmark', 'small-cluster.yaml');

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'startup-'));

interface Comparison {
  readonly name: string;
  readonly target: number;
  readonly subject: { readonly label: string; readonly args: string[]; readonly exitCodes: number[]; readonly env?: NodeJS.ProcessEnv };
  readonly baseline: { readonly label: string; readonly args: string[] };
}

const COMPARISONS: Comparison[] = [
  {
    name: 'check',
    target: 1.3,
    subject: { label: `cdk8s-hikube check ${MANIFEST}`, args: [path.join('bin', 'cdk8s-hikube'), 'check', MANIFEST], exitCodes: [0, 1], env: { ...process.env, NODE_COMPILE_CACHE: path.join(WORK, 'compile-cache') } },
    baseline: { label: 'node -e "require(\'cdk8s\')"', args: ['-e', "require('cdk8s')"] },
  },
  {
    name: 'library',
    target: 1.2,
    subject: { label: 'node -e "require(\'./lib\')"', args: ['-e', "require('./lib')"], exitCodes: [0] },
    baseline: { label: 'node -e "require(\'cdk8s\'); require(\'cdk8s-plus-28\')"', args: ['-e', "require('cdk8s'); require('cdk8s-plus-28')"] },
  },
];

/** Loaded first into each measured process: writes the CPU time the process used, on its way out, to a file descriptor of its own. */
const CPU_REPORT = path.join(WORK, 'cpu-report.js');
fs.writeFileSync(CPU_REPORT, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(3, String((u.user + u.system) / 1e6)); });\n");

interface Sample { readonly wall: number; readonly cpu: number }

/** Wall-clock and CPU seconds of one fresh Node.js process. */
function time(args: string[], exitCodes: number[] = [0], env: NodeJS.ProcessEnv = process.env): Sample {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', CPU_REPORT, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], encoding: 'utf-8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status === null || !exitCodes.includes(r.status)) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return { wall, cpu: Number(r.output[3]) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Medians { readonly subject: number; readonly baseline: number; readonly ratio: number }

function measure(c: Comparison): { wall: Medians; cpu: Medians } {
  const pairs: Array<[Sample, Sample]> = [];
  for (let i = -2; i < RUNS; i++) {
    const subjectFirst = i % 2 === 0;
    const a = subjectFirst ? time(c.subject.args, c.subject.exitCodes, c.subject.env) : undefined;
    const b = time(c.baseline.args);
    const s = a ?? time(c.subject.args, c.subject.exitCodes, c.subject.env);
    if (i >= 0) pairs.push([s, b]);
  }
  const medians = (of: (x: Sample) => number): Medians => ({
    subject: median(pairs.map(([s]) => of(s))),
    baseline: median(pairs.map(([, b]) => of(b))),
    ratio: median(pairs.map(([s, b]) => of(s) / of(b))),
  });
  return { wall: medians((x) => x.wall), cpu: medians((x) => x.cpu) };
}

console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node.js ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${RUNS} pairs each`);
let failed = false;
for (const c of COMPARISONS) {
  const { wall, cpu } = measure(c);
  const ok = wall.ratio <= c.target;
  failed ||= !ok;
  const pad = ' '.repeat(c.name.length);
  console.log(`${c.name}: ${wall.subject.toFixed(3)} s (CPU ${cpu.subject.toFixed(3)} s)  ${c.subject.label}`);
  console.log(`${pad}  ${wall.baseline.toFixed(3)} s (CPU ${cpu.baseline.toFixed(3)} s)  ${c.baseline.label}`);
  console.log(`${pad}  ratio ${wall.ratio.toFixed(2)} (CPU ${cpu.ratio.toFixed(2)}; medians of the pairs' ratios), target at most ${c.target}: ${ok ? 'met' : 'MISSED'}`);
}
fs.rmSync(WORK, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
