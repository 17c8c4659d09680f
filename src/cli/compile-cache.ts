/**
 * V8's compiled code of the modules the command line loads, kept between runs on Node.js releases that
 * do not keep it themselves (Node.js 22 has `module.enableCompileCache()`, which the command line uses
 * where present). Compiling the JavaScript of cdk8s, its YAML parser and this library is a good part of a
 * short command's time, and an editor runs `check` on every save.
 *
 * The cache is one file per Node.js release in the user's cache folder (`NODE_COMPILE_CACHE` when set,
 * as Node.js 22 reads it), never beside the installed package, which may be read-only; nothing is kept
 * when the folder cannot be written. Each module's code is tied to the SHA-1 of its text, and V8 refuses
 * code made by another V8 or with other flags; a module whose code is missing or refused compiles as
 * usual. `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

interface Entry { readonly digest: string; readonly data: Buffer }

/** Where the cache of this Node.js release lives. */
export function compileCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.NODE_COMPILE_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cdk8s-hikube');
  return path.join(base, `compile-cache-${process.version}-${process.arch}.bin`);
}

/** The file holds a JSON index (its length first, 4 bytes) and then each module's code, one after the other. */
function readCache(file: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  try {
    const bytes = fs.readFileSync(file);
    const indexEnd = 4 + bytes.readUInt32LE(0);
    let offset = indexEnd;
    for (const [name, digest, length] of JSON.parse(bytes.toString('utf-8', 4, indexEnd)) as Array<[string, string, number]>) {
      entries.set(name, { digest, data: bytes.subarray(offset, offset + length) });
      offset += length;
    }
  } catch {
    entries.clear();
  }
  return entries;
}

function writeCache(file: string, entries: Map<string, Entry>): void {
  try {
    const list = [...entries];
    const index = Buffer.from(JSON.stringify(list.map(([name, e]) => [name, e.digest, e.data.length])));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(index.length);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so that a process reading it meanwhile sees the old or the new file, whole.
    const temp = `${file}.${process.pid}`;
    fs.writeFileSync(temp, Buffer.concat([size, index, ...list.map(([, e]) => e.data)]));
    fs.renameSync(temp, file);
  } catch {
    // A cache that cannot be written (read-only or missing home folder) only costs the compile next time.
  }
}

/**
 * Compiles the CommonJS modules loaded from now on with the code kept by earlier runs, and keeps, when
 * the process exits, the code of those that had none (made after the run, so it includes the functions
 * the run compiled).
 */
export function installCompileCache(file: string = compileCacheFile()): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  const entries = readCache(file);
  const compiled = new Map<string, { digest: string; script: vm.Script }>();
  let missed = false;
  // The loader's own object: its methods are called on it, and its prototype is what every module compiles with.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('module');
  mod.prototype._compile = function compile(this: any, content: string, filename: string) {
    const digest = createHash('sha1').update(content).digest('base64');
    const kept = entries.get(filename);
    const script = new vm.Script(mod.wrap(content.startsWith('#!') ? `//${content}` : content), {
      filename,
      cachedData: kept?.digest === digest ? kept.data : undefined,
    });
    if (kept?.digest !== digest || script.cachedDataRejected) {
      missed = true;
      compiled.set(filename, { digest, script });
    }
    const require = Object.assign((id: string) => this.require(id), {
      resolve: Object.assign((request: string, options?: { paths?: string[] }) => mod._resolveFilename(request, this, false, options), {
        paths: (request: string) => mod._resolveLookupPaths(request, this),
      }),
      main: process.mainModule,
      extensions: mod._extensions,
      cache: mod._cache,
    });
    return script.runInThisContext({ displayErrors: true }).call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    if (!missed) return;
    // Modules gone since (a package upgraded or moved) are dropped, so that the file does not grow without end.
    for (const name of entries.keys()) if (!compiled.has(name) && !fs.existsSync(name)) entries.delete(name);
    for (const [name, { digest, script }] of compiled) entries.set(name, { digest, data: script.createCachedData() });
    writeCache(file, entries);
  });
}
