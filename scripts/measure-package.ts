/**
 * Measures what a user downloads and loads: the packed and unpacked size of the npm package (from
 * `npm pack --dry-run`) and the cold `require` time of the library in fresh Node.js processes, with its
 * peer dependencies loaded first so that only the library itself is timed. Needs a jsii compile (lib/).
 * `RUNS` sets the number of processes (default 21); the median is printed.
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
require(${JSON.stringify(path.join(ROOT, 'lib', 'index.js'))});
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
`;

export function requireTimes(runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(Number(execFileSync(process.execPath, ['-e', PROBE], { cwd: ROOT, encoding: 'utf8' })));
  }
  return times.sort((a, b) => a - b);
}

if (require.main === module) {
  const p = pack();
  const runs = Number(process.env.RUNS ?? 21);
  const times = requireTimes(runs);
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`packed ${kib(p.size)}, unpacked ${kib(p.unpackedSize)}, ${p.entryCount} files`);
  console.log(`cold require of the library (peers loaded first), ${runs} processes: median ${times[Math.floor(runs / 2)].toFixed(1)} ms, `
    + `min ${times[0].toFixed(1)} ms, max ${times[runs - 1].toFixed(1)} ms`);
}
