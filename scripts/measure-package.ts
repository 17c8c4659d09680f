/**
 * Measures what a user downloads and loads: the packed and unpacked size of the npm package (from
 * `npm pack --dry-run`) and the cold `require` time of the library in fresh Node.js processes, with its
 * peer dependencies loaded first so that only the library itself is timed. Needs a jsii compile (lib/).
 * `RUNS` sets the number of processes (default 21); medians are printed. Besides wall-clock time the
 * CPU time of the require is reported, which other work on a shared machine disturbs much less.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

export interface PackedFile { readonly path: string; readonly size: number }
export interface PackResult { readonly size: number; readonly unpackedSize: number; readonly entryCount: number; readonly files: PackedFile[] }

export function pack(): PackResult {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out)[0];
}

const PROBE = `
require('constructs'); require('cdk8s'); require('cdk8s-plus-28');
const start = process.hrtime.bigint();
const cpu = process.cpuUsage();
require(${JSON.stringify(path.join(ROOT, 'lib', 'index.js'))});
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify([Number(process.hrtime.bigint() - start) / 1e6, (used.user + used.system) / 1e3]));
`;

/** Wall-clock and CPU milliseconds of each run, each list sorted. */
export function requireTimes(runs: number): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [w, c] = JSON.parse(execFileSync(process.execPath, ['-e', PROBE], { cwd: ROOT, encoding: 'utf8' }));
    wall.push(w);
    cpu.push(c);
  }
  const byValue = (a: number, b: number) => a - b;
  return { wall: wall.sort(byValue), cpu: cpu.sort(byValue) };
}

if (require.main === module) {
  const p = pack();
  const runs = Number(process.env.RUNS ?? 21);
  const { wall, cpu } = requireTimes(runs);
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const ms = (sorted: number[]) => `median ${sorted[Math.floor(runs / 2)].toFixed(1)} ms (min ${sorted[0].toFixed(1)}, max ${sorted[runs - 1].toFixed(1)})`;
  console.log(`packed ${kib(p.size)}, unpacked ${kib(p.unpackedSize)}, ${p.entryCount} files`);
  console.log(`cold require of the library (peers loaded first), ${runs} processes: wall ${ms(wall)}, CPU ${ms(cpu)}`);
}
