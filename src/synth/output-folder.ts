import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';

/*
 * An output folder is replaced as a whole: the new tree is written into a work folder next to it, then two
 * renames swap the folders. The work folder, `.<name>.hikube-synth`, holds
 * - `lock`: the process id and host of the synth writing the folder;
 * - `next-<id>`: the tree being written;
 * - `ready`: the same tree once complete (renamed from `next-<id>`): from then on a synth that is killed is
 *   finished by the next one;
 * - `previous-<id>`: the tree it replaced, removed once the new one is in place.
 * A folder that cannot be renamed (a mount point, the current folder or one above it) has its trees in a
 * work folder inside, `<outdir>/.hikube-synth`, and its entries are swapped one by one instead; when the
 * parent cannot be written, the lock is there too.
 */

/** Name of the work folder inside an output folder, and the end of its name beside one. */
const WORK = '.hikube-synth';
const LOCK = 'lock';
const READY = 'ready';
const IGNORE = '.gitignore';
/** Git reads an untracked folder's own ignore file, so a killed synth's work folder never shows as a change. */
const IGNORE_ALL = '# Work folder of a cdk8s-hikube synth, removed when it ends.\n*\n';
/** Errors of renaming a folder that swapping its entries instead avoids. */
const NOT_RENAMEABLE = ['EXDEV', 'EBUSY', 'EPERM', 'EACCES'];
const NOT_WRITABLE = ['EACCES', 'EPERM', 'EROFS'];

// Test hook, not an API: the fault tests stop the process after this many steps to look at what it leaves.
const KILL_AFTER = Number(process.env.HIKUBE_SYNTH_KILL_AFTER ?? 0);
let steps = 0;

/** Marks the end of one write, rename or removal. */
export function faultPoint(): void {
  if (KILL_AFTER > 0 && ++steps === KILL_AFTER) process.kill(process.pid, 'SIGKILL');
}

/** Writes a file of the new tree, one step for the fault tests. */
export function writeFile(file: string, data: string): void {
  fs.writeFileSync(file, data);
  faultPoint();
}

/** Creates a folder (and the folders above it), one step for the fault tests. */
export function makeFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  faultPoint();
}

/**
 * Replaces the folder `outdir` with the tree `write` puts into the folder it is given, or leaves it as it
 * was. Files of `outdir` that `write` does not write are kept. Two synths into one folder do not run at once:
 * the second is refused. Every file system error is thrown as one line naming `outdir`.
 */
export function replaceFolder(outdir: string, write: (dir: string) => void): void {
  const progress: Progress = { unfinished: false };
  try {
    const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const place = lock(locate(outdir), id);
    try {
      recover(place, id, progress);
      try {
        replace(place, id, write, progress);
      } catch (e) {
        if (!(e instanceof NotRenameable)) throw e;
        replace({ ...place, work: inside(place.target) }, id, write, progress);
      }
    } finally {
      unlock(place);
    }
  } catch (e) {
    throw describeFailure(e, outdir.replace(/[\\/]*$/, '/'), progress);
  }
}

interface Progress {
  /** Whether the output folder holds part of the new tree and part of the previous one. */
  unfinished: boolean;
  /** The tree being written. */
  staging?: string;
}

interface Place {
  /** The output folder, symbolic links resolved. */
  readonly target: string;
  /** Where the lock is. */
  readonly lockFolder: string;
  /** Where the trees are: next to the output folder, or inside it when its entries are swapped one by one. */
  readonly work: string;
}

const beside = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}${WORK}`);
const inside = (target: string) => path.join(target, WORK);

function locate(outdir: string): Place {
  const resolved = path.resolve(outdir);
  const stat = statOrUndefined(resolved);
  if (stat === undefined) return { target: resolved, lockFolder: beside(resolved), work: beside(resolved) };
  if (!stat.isDirectory()) throw new Refusal('it is not a folder');
  const target = fs.realpathSync(resolved);
  const parent = path.dirname(target);
  const cwd = process.cwd();
  // Renaming the current folder or one above it would leave the process in the replaced tree.
  const holdsCwd = cwd === target || cwd.startsWith(target + path.sep);
  const renameable = parent !== target && !holdsCwd && fs.statSync(parent).dev === stat.dev;
  return { target, lockFolder: beside(target), work: renameable ? beside(target) : inside(target) };
}

/** Thrown where the output folder turns out not to be replaceable in one rename, before anything changed. */
class NotRenameable extends Error {}

/** A reason to refuse that is not a file system error. */
class Refusal extends Error {
  public constructor(public readonly reason: string) {
    super(reason);
  }
}

function replace(place: Place, id: string, write: (dir: string) => void, progress: Progress): void {
  const next = path.join(place.work, `next-${id}`);
  const ready = path.join(place.work, READY);
  if (place.work !== place.lockFolder) makeWorkFolder(place.work);
  progress.staging = next;
  try {
    makeFolder(next);
    write(next);
    const current = statOrUndefined(place.target);
    if (current !== undefined) {
      const renamed = place.work !== inside(place.target);
      carry(place.target, next, renamed, WORK);
      if (renamed) keepAttributes(next, current);
    }
    fs.renameSync(next, ready);
    faultPoint();
    swap(place, id, progress);
  } catch (e) {
    remove(next);
    // Unless the output folder is half replaced, it is the complete previous tree and this one is dropped.
    if (!progress.unfinished) remove(ready);
    throw e;
  } finally {
    if (place.work !== place.lockFolder) tidy(place.work);
  }
}

/**
 * Finishes what killed synths left, in both places trees may be: a complete tree goes into place (where
 * the folder cannot be renamed any more, it is dropped), partial ones are removed.
 */
function recover(place: Place, id: string, progress: Progress): void {
  for (const work of [inside(place.target), beside(place.target)]) {
    if (!fs.existsSync(work)) continue;
    for (const name of fs.readdirSync(work)) {
      // Trees and lock files of synths that were killed; the live lock is `lock` itself.
      if (name.startsWith('next-') || name.startsWith('previous-') || name.startsWith(`${LOCK}-`)) remove(path.join(work, name));
    }
    if (fs.existsSync(path.join(work, READY))) {
      try {
        swap({ ...place, work }, id, progress);
      } catch (e) {
        if (!(e instanceof NotRenameable)) throw e;
        remove(path.join(work, READY));
      }
    }
    if (work !== place.lockFolder) tidy(work);
  }
}

function swap(place: Place, id: string, progress: Progress): void {
  const ready = path.join(place.work, READY);
  const previous = path.join(place.work, `previous-${id}`);
  if (place.work === inside(place.target)) {
    makeFolder(previous);
    for (const name of fs.readdirSync(ready)) {
      const current = path.join(place.target, name);
      if (lstatOrUndefined(current) !== undefined) {
        fs.renameSync(current, path.join(previous, name));
        progress.unfinished = true;
        faultPoint();
      }
      fs.renameSync(path.join(ready, name), current);
      progress.unfinished = true;
      faultPoint();
    }
    fs.rmdirSync(ready);
    progress.unfinished = false;
    faultPoint();
  } else {
    const existed = fs.existsSync(place.target);
    if (existed) {
      try {
        fs.renameSync(place.target, previous);
      } catch (e) {
        throw NOT_RENAMEABLE.includes(errorCode(e)) ? new NotRenameable() : e;
      }
      faultPoint();
    }
    try {
      fs.renameSync(ready, place.target);
    } catch (e) {
      if (existed) {
        try {
          fs.renameSync(previous, place.target);
        } catch {
          progress.unfinished = true;
        }
      }
      throw e;
    }
    faultPoint();
  }
  remove(previous);
}

/**
 * Brings into `to` what `from` has and `to` lacks, as hard links (copies where the file system has none),
 * merging folders present in both. What the synth wrote wins, with the mode (and owner) of what it replaces,
 * as writing over it would have kept them. `keepAbsent` false merges only what the synth wrote; `skip` is
 * left out.
 */
function carry(from: string, to: string, keepAbsent: boolean, skip?: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === skip) continue;
    const source = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    const written = lstatOrUndefined(dest);
    if (written === undefined) {
      if (keepAbsent) keep(source, dest, entry);
    } else if (written.isDirectory() && entry.isDirectory()) {
      carry(source, dest, true);
      keepAttributes(dest, fs.lstatSync(source), written);
    } else if (written.isFile() && entry.isFile()) {
      keepAttributes(dest, fs.lstatSync(source), written);
    }
  }
}

function keep(source: string, dest: string, entry: fs.Dirent): void {
  if (entry.isDirectory()) {
    makeFolder(dest);
    carry(source, dest, true);
    keepAttributes(dest, fs.lstatSync(source));
  } else if (entry.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(source), dest);
    faultPoint();
  } else {
    try {
      fs.linkSync(source, dest);
    } catch {
      fs.copyFileSync(source, dest);
      keepAttributes(dest, fs.lstatSync(source));
    }
    faultPoint();
  }
}

function keepAttributes(dest: string, old: fs.Stats, now: fs.Stats = fs.lstatSync(dest)): void {
  const chown = process.getuid?.() === 0 && (now.uid !== old.uid || now.gid !== old.gid);
  if (chown) fs.chownSync(dest, old.uid, old.gid);
  // The permission bits are the mode's lowest twelve. Changing the owner may clear the set-id bits, so the
  // mode is set again after it.
  const permissions = old.mode % 0o10000;
  if (chown || now.mode % 0o10000 !== permissions) fs.chmodSync(dest, permissions);
}

/** Takes the lock next to the output folder, or inside it when its parent cannot be written. */
function lock(place: Place, id: string): Place {
  try {
    take(place.lockFolder, id);
    return place;
  } catch (e) {
    if (!NOT_WRITABLE.includes(errorCode(e)) || place.lockFolder === inside(place.target) || !fs.existsSync(place.target)) throw e;
    take(inside(place.target), id);
    return { target: place.target, lockFolder: inside(place.target), work: inside(place.target) };
  }
}

function take(folder: string, id: string): void {
  const file = path.join(folder, LOCK);
  for (let attempt = 1; ; attempt++) {
    try {
      fs.mkdirSync(path.dirname(folder), { recursive: true });
      makeWorkFolder(folder);
      // Written whole under a name of its own, then linked into place: a lock is never seen without its holder.
      const written = `${file}-${id}`;
      fs.writeFileSync(written, `${process.pid} ${os.hostname()} ${id}\n`);
      faultPoint();
      try {
        fs.linkSync(written, file);
        faultPoint();
      } finally {
        fs.unlinkSync(written);
        faultPoint();
      }
      return;
    } catch (e) {
      // ENOENT: a synth that just ended removed the work folder.
      if ((errorCode(e) !== 'EEXIST' && errorCode(e) !== 'ENOENT') || attempt === 5) throw e;
    }
    const held = readOrUndefined(file);
    if (held === undefined) continue;
    const holder = liveHolder(held);
    if (holder !== undefined) throw new Refusal(`another synth (process ${holder}) is writing it`);
    breakStale(file, held, id);
  }
}

/** Creates a work folder (not recursively: that reports a read-only file system as a missing folder). */
function makeWorkFolder(dir: string): void {
  try {
    fs.mkdirSync(dir);
    faultPoint();
  } catch (e) {
    if (errorCode(e) !== 'EEXIST') throw e;
  }
  const ignore = path.join(dir, IGNORE);
  if (readOrUndefined(ignore) !== IGNORE_ALL) writeFile(ignore, IGNORE_ALL);
}

/**
 * The process id of the synth holding a lock, or undefined when it is gone. A lock
 * written on another host (another container sharing the folder, usually a killed earlier run) is taken as
 * gone: its process cannot be looked up.
 */
function liveHolder(held: string): number | undefined {
  const [pid, host] = held.split(' ');
  const holder = Number(pid);
  if (host !== os.hostname() || holder === process.pid || !(holder > 0)) return undefined;
  try {
    process.kill(holder, 0);
    return holder;
  } catch (e) {
    return errorCode(e) === 'EPERM' ? holder : undefined;
  }
}

/** Removes a stale lock, unless another synth replaced it since it was read: then that one is put back. */
function breakStale(file: string, held: string, id: string): void {
  const aside = `${file}-${id}`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw e;
  }
  faultPoint();
  if (readOrUndefined(aside) !== held) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // a third synth took the lock meanwhile
    }
  }
  fs.unlinkSync(aside);
  faultPoint();
}

function unlock(place: Place): void {
  try {
    fs.unlinkSync(path.join(place.lockFolder, LOCK));
    faultPoint();
  } catch {
    // a lock that cannot be removed is stale once this process ends
  }
  tidy(place.lockFolder);
}

/** Removes a work folder once nothing but its ignore file is left in it. */
function tidy(folder: string): void {
  try {
    if (fs.readdirSync(folder).every((name) => name === IGNORE)) {
      fs.rmSync(path.join(folder, IGNORE), { force: true });
      faultPoint();
      fs.rmdirSync(folder);
      faultPoint();
    }
  } catch {
    // Another synth is using the work folder, or it keeps a tree that could not be removed: the next
    // synth deals with both.
  }
}

/** Removes a tree no longer needed; what cannot be removed now is left for the next synth. */
function remove(tree: string): void {
  try {
    fs.rmSync(tree, { recursive: true, force: true });
  } catch {
    try {
      // A folder without write permission keeps its files; the synth's own user may lift that.
      allowRemoval(tree);
      fs.rmSync(tree, { recursive: true, force: true });
    } catch {
      // left for the next synth
    }
  }
  faultPoint();
}

function allowRemoval(dir: string): void {
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) allowRemoval(path.join(dir, entry.name));
  }
}

function describeFailure(e: unknown, shown: string, progress: Progress): unknown {
  const code = errorCode(e);
  let reason: string;
  let what = shown;
  if (e instanceof Refusal) {
    reason = e.reason;
  } else if (code !== '' && typeof (e as NodeJS.ErrnoException).errno === 'number') {
    reason = `${util.getSystemErrorMap().get((e as NodeJS.ErrnoException).errno!)?.[1] ?? 'error'} (${code})`;
    // A Kubernetes name (253 characters) with its kind can be too long for a file name: that file is named.
    const file = (e as NodeJS.ErrnoException).path;
    if (code === 'ENAMETOOLONG' && progress.staging !== undefined && file?.startsWith(progress.staging + path.sep)) {
      what = shown + path.relative(progress.staging, file).split(path.sep).join('/');
    }
  } else {
    return e;
  }
  const state = progress.unfinished ? `the next synth finishes replacing ${shown}` : `${shown} is unchanged`;
  const room = (code === 'ENOSPC' || code === 'EDQUOT') && !progress.unfinished ? ' (the new files are written next to the previous ones, then swapped in)' : '';
  const message = `cdk8s-hikube: cannot write ${what}: ${reason}; ${state}${room}`;
  const error = new Error(message);
  // Printed as the message alone: where inside the library the error arose tells the user nothing.
  error.stack = message;
  return code === '' ? error : Object.assign(error, { code });
}

function errorCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

function statOrUndefined(file: string): fs.Stats | undefined {
  return fs.statSync(file, { throwIfNoEntry: false });
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  return fs.lstatSync(file, { throwIfNoEntry: false });
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}
