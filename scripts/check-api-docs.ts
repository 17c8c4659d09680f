/**
 * Fails when the public API has an undocumented type, member, enum member or parameter, or when API.md
 * is not what jsii-docgen generates from the compiled assembly (run `npx projen docgen` and commit it).
 * Reads the assembly `.jsii`, so it runs after the jsii compile.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

interface Docs { readonly summary?: string }
interface Parameter { readonly name: string; readonly docs?: Docs }
interface Callable { readonly name?: string; readonly docs?: Docs; readonly parameters?: Parameter[] }
interface TypeEntry {
  readonly docs?: Docs;
  readonly initializer?: Callable;
  readonly methods?: Callable[];
  readonly properties?: Array<{ readonly name: string; readonly docs?: Docs }>;
  readonly members?: Array<{ readonly name: string; readonly docs?: Docs }>;
}

export function undocumented(assembly: { types?: Record<string, TypeEntry> }): string[] {
  const missing: string[] = [];
  const need = (what: string, docs?: Docs) => {
    if (!docs?.summary?.trim()) missing.push(what);
  };
  for (const [fqn, type] of Object.entries(assembly.types ?? {})) {
    need(fqn, type.docs);
    for (const p of type.properties ?? []) need(`${fqn}.${p.name}`, p.docs);
    for (const m of type.members ?? []) need(`${fqn}.${m.name}`, m.docs);
    const callables: Array<[string, Callable]> = (type.methods ?? []).map((m) => [`${fqn}.${m.name}()`, m]);
    if (type.initializer) callables.push([`new ${fqn}()`, type.initializer]);
    for (const [name, c] of callables) {
      if (c !== type.initializer) need(name, c.docs);
      for (const p of c.parameters ?? []) need(`${name} parameter ${p.name}`, p.docs);
    }
  }
  return missing;
}

function staleApiMd(): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-docgen-'));
  try {
    const out = path.join(dir, 'API.md');
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-docgen'), ['-o', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const committed = path.join(ROOT, 'API.md');
    return !fs.existsSync(committed) || fs.readFileSync(out, 'utf8') !== fs.readFileSync(committed, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const missing = undocumented(JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8')));
  for (const what of missing) console.error(`no documentation: ${what}`);
  const stale = staleApiMd();
  if (stale) console.error('API.md differs from what jsii-docgen generates: run `npx projen docgen` and commit API.md');
  if (missing.length > 0 || stale) process.exit(1);
  console.log('every public type, member and parameter is documented; API.md is current');
}
