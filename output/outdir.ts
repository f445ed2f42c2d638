/**
 * The output directory, replaced whole or not at all.
 *
 * `replaceOutput(outdir, write)` hands `write` a fresh directory beside `outdir` (same parent,
 * so the same file system) and swaps it in only once `write` has returned:
 * - a failure, kill or full disk while writing leaves the previous output byte-identical (the
 *   fresh directory, `.<outdir>.synth-<pid>-<random>`, is removed, or by the next run if killed);
 * - the swap is two renames under a lock, `.<outdir>.lock`: outdir -> `.<outdir>.previous`,
 *   fresh -> outdir. A kill between them leaves the previous output whole in
 *   `.<outdir>.previous`, which the next run restores before anything else;
 * - concurrent runs each write their own fresh directory and swap in turn: the last to finish
 *   wins, whole, and no output ever mixes two runs;
 * - the new output holds exactly what `write` wrote, so the stacks folder holds exactly the
 *   stacks of the new manifest. Terraform's own files in a stack's directory (`.terraform/`,
 *   `.terraform.lock.hcl`, plan files: anything cdktf does not write) are carried over, as hard
 *   links, for every stack that is still there, so a swap never costs a `terraform init`;
 * - state is never deleted: an output directory holding a `*.tfstate` anywhere (the layout before
 *   local state moved to `state/`, see local-state.ts) is refused with the commands to move it;
 *   a directory that holds files but is no earlier output (no manifest.json) is refused too.
 *
 * Every failure before the swap is an OutputError (errors.ts) or the writer's own error, after
 * which nothing was written: the fresh directory and any parent directories this created are
 * gone again.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutputError, asOutputError, attempt, errnoCode, reason, shown } from './errors';
import { createDirs, removeDirs, statOf } from './files';
import { findStateFiles, stateDirOf, stateInOutputMessage } from './local-state';

/** What cdktf writes into a stack's directory; everything else there is Terraform's, carried over. */
const SYNTHESIZED = new Set(['cdk.tf.json', 'cdk.tf', 'metadata.json', 'assets']);
/** How long a run waits for another run's swap (a few renames and links) before giving up. */
const LOCK_WAIT_MS = 60_000;
/** A lock file with no owner written into it yet is abandoned after this long. */
const EMPTY_LOCK_STALE_MS = 5_000;

export interface Replaced {
  /** The output directory, absolute (symbolic links resolved). */
  readonly outdir: string;
  /** Stack folders of the previous output that the new one no longer has (removed with it). */
  readonly removedStacks: readonly string[];
}

interface Siblings {
  readonly lock: string;
  readonly previous: string;
  readonly stagingPrefix: string;
}

const siblings = (outdir: string): Siblings => {
  const at = (suffix: string) => path.join(path.dirname(outdir), `.${path.basename(outdir)}.${suffix}`);
  return { lock: at('lock'), previous: at('previous'), stagingPrefix: at(`synth-${process.pid}-`) };
};

/**
 * Writes a new output directory with `write(dir)` and swaps it in for `outdir`; see the top of
 * this file. `outdir` is relative to the working directory; missing parents are created.
 */
export function replaceOutput(outdir: string, write: (dir: string) => void): Replaced {
  const target = resolveOutdir(outdir);
  const names = siblings(target);
  let created: string[] = [];
  let staging: string | undefined;
  try {
    created = createDirs(path.dirname(target));
    withLock(names.lock, () => recover(target, names));
    const fresh = freshDir(names.stagingPrefix);
    staging = fresh;
    write(fresh);
    const replaced = withLock(names.lock, () => swapIn(target, fresh, names));
    staging = undefined;
    return replaced;
  } catch (e) {
    if (staging) removeTree(staging);
    removeDirs(created);
    throw outputError(e, target, staging);
  }
}

/** The output directory to replace: absolute, symbolic links followed, and safe to replace. */
function resolveOutdir(outdir: string): string {
  let target = path.resolve(outdir);
  if (statOf(target, false)?.isSymbolicLink()) target = attempt('follow the symbolic link', target, () => fs.realpathSync(target));
  const stat = statOf(target);
  if (stat && !stat.isDirectory()) {
    throw new OutputError(`could not write the output to ${shown(target)}: it is a file, not a directory (ENOTDIR); set CDKTF_OUTDIR to a directory`);
  }
  const rel = path.relative(target, process.cwd());
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
    throw new OutputError(
      `could not write the output to ${shown(target)}: it holds the working directory, and synthesis replaces its output directory whole; set CDKTF_OUTDIR to a directory of its own (default cdktf.out)`,
    );
  }
  if (stateDirOf(target) === target) {
    throw new OutputError(`could not write the output to ${shown(target)}: that is where local Terraform state lives (README, "Output and local state"); set CDKTF_OUTDIR to another directory`);
  }
  return target;
}

/** A failed system call as "could not write the output to <outdir> (<file>): <reason>". */
function outputError(e: unknown, target: string, staging: string | undefined): unknown {
  if (!errnoCode(e) || e instanceof OutputError) return e;
  const failed = (e as { path?: unknown }).path;
  let where = '';
  if (typeof failed === 'string') {
    const rel = staging ? path.relative(staging, failed) : '..';
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) where = rel ? ` (${rel.split(path.sep).join('/')})` : '';
    // The directories and files beside the output that this module uses are no news to the user.
    else if (failed !== target && !path.basename(failed).startsWith(`.${path.basename(target)}.`)) where = ` (${shown(failed)})`;
  }
  return new OutputError(`could not write the output to ${shown(target)}${where}: ${reason(e)}`);
}

/** Under the lock: finish what a killed run left behind. */
function recover(target: string, names: Siblings): void {
  if (fs.existsSync(names.previous)) {
    if (!fs.existsSync(target)) {
      attempt('restore', target, () => fs.renameSync(names.previous, target));
      warn(`restored ${shown(target)} from ${shown(names.previous)}, left there by a synthesis killed while replacing it`);
    } else removeTree(names.previous);
  }
  const prefix = `.${path.basename(target)}.synth-`;
  for (const name of fs.readdirSync(path.dirname(target))) {
    const pid = name.startsWith(prefix) ? Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]) : NaN;
    if (pid && pid !== process.pid && !alive(pid)) removeTree(path.join(path.dirname(target), name));
  }
}

/** Under the lock: checks the previous output, carries Terraform's files over, and swaps. */
function swapIn(target: string, staging: string, names: Siblings): Replaced {
  const previous = fs.existsSync(target);
  if (previous) {
    const state = findStateFiles(target);
    if (state.length) throw new OutputError(stateInOutputMessage(target, state));
    if (!fs.existsSync(path.join(target, 'manifest.json')) && fs.readdirSync(target).length) {
      throw new OutputError(
        `could not write the output to ${shown(target)}: it holds files but no manifest.json, so it is no earlier synthesis output, and synthesis replaces its output directory whole; move its contents elsewhere, or set CDKTF_OUTDIR to another directory`,
      );
    }
  }
  if (previous) {
    try {
      fs.chmodSync(staging, fs.statSync(target).mode & 0o7777);
    } catch {
      // The new output keeps the permissions of a plain mkdir.
    }
  }
  const oldStacks = previous ? stackDirs(target) : [];
  const newStacks = new Set(stackDirs(staging));
  for (const stack of oldStacks.filter((s) => newStacks.has(s))) {
    const from = path.join(target, 'stacks', stack);
    const to = path.join(staging, 'stacks', stack);
    for (const entry of fs.readdirSync(from)) {
      if (SYNTHESIZED.has(entry) || fs.existsSync(path.join(to, entry))) continue;
      attempt('carry Terraform working files over into', from, () => linkTree(path.join(from, entry), path.join(to, entry)));
    }
  }
  const removedStacks = oldStacks.filter((s) => !newStacks.has(s));
  // `cdktf synth` (cdktf-cli 0.21) lists the stack folders before running the app and, after
  // it, removes those not in the manifest with a plain rmSync, which fails on a folder that is
  // already gone. It gets an empty one to remove. cdktf-cli sets SYNTH_HCL_OUTPUT for the app.
  if (process.env.SYNTH_HCL_OUTPUT !== undefined) {
    for (const stack of removedStacks) attempt('write the output to', target, () => fs.mkdirSync(path.join(staging, 'stacks', stack)));
  }

  if (!previous) {
    attempt('move the new output to', target, () => fs.renameSync(staging, target));
    return { outdir: target, removedStacks };
  }
  attempt('move aside', target, () => fs.renameSync(target, names.previous));
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    try {
      fs.renameSync(names.previous, target);
    } catch {
      // Still whole in names.previous; the next run restores it.
    }
    throw asOutputError(e, 'move the new output to', target);
  }
  removeTree(names.previous);
  return { outdir: target, removedStacks };
}

/** A new directory named `<prefix><random>`, with the permissions a plain mkdir gives (mkdtemp's are 0700). */
function freshDir(prefix: string): string {
  for (;;) {
    const dir = `${prefix}${randomBytes(6).toString('hex')}`;
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw e;
    }
  }
}

/** The stack folders of an output directory. */
function stackDirs(outdir: string): string[] {
  const dir = path.join(outdir, 'stacks');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** A copy of `from` at `to` made of hard links (a copy where links are impossible), symbolic links as they are. */
function linkTree(from: string, to: string): void {
  const stat = fs.lstatSync(from);
  if (stat.isDirectory()) {
    fs.mkdirSync(to, { mode: stat.mode & 0o7777 });
    for (const entry of fs.readdirSync(from)) linkTree(path.join(from, entry), path.join(to, entry));
  } else if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else if (stat.isFile()) {
    try {
      fs.linkSync(from, to);
    } catch (e) {
      if (!['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP'].includes(errnoCode(e) ?? '')) throw e;
      fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE);
    }
  }
}

/** Removes a directory this module made or replaced, unless it holds state (then it says so and leaves it). */
function removeTree(dir: string): void {
  try {
    if (findStateFiles(dir).length) {
      warn(`left ${shown(dir)} in place: it holds Terraform state`);
      return;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    warn(`could not remove ${shown(dir)}: ${errnoCode(e) ? reason(e) : String(e)}; remove it by hand`);
  }
}

function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `fn` holding `lock`, a file created exclusively (O_EXCL) that names its owner:
 * "<pid> <hostname>". A lock whose owner process is gone (same host) is taken over; a live
 * owner is waited for, up to LOCK_WAIT_MS.
 */
export function withLock<T>(lock: string, fn: () => T): T {
  const owner = `${process.pid} ${os.hostname()}\n`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw e;
    }
    if (fd !== undefined) {
      try {
        fs.writeSync(fd, owner);
      } catch (e) {
        fs.closeSync(fd);
        fs.rmSync(lock, { force: true });
        throw e;
      }
      fs.closeSync(fd);
      break;
    }
    const held = read(lock);
    if (held === undefined) continue; // released in the meantime
    if (abandoned(lock, held) && takeOver(lock, held)) continue;
    if (Date.now() > deadline) {
      throw new OutputError(
        `could not write the output: another synthesis (${held.trim() || 'starting'}) has held ${shown(lock)} for over ${LOCK_WAIT_MS / 1000} s; if no synthesis is running, remove that file`,
      );
    }
    sleep(25);
  }
  try {
    return fn();
  } finally {
    if (read(lock) === owner) fs.rmSync(lock, { force: true });
  }
}

/** A file's text; undefined if it is gone, '' if it cannot be read. */
function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    return errnoCode(e) === 'ENOENT' ? undefined : '';
  }
}

function abandoned(lock: string, held: string): boolean {
  const [pid, host] = held.trim().split(' ');
  if (!pid) {
    const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    return age > EMPTY_LOCK_STALE_MS;
  }
  return host === os.hostname() && /^\d+$/.test(pid) && !alive(Number(pid));
}

/**
 * Moves an abandoned lock aside, atomically; puts it back if another run replaced it meanwhile.
 * Whether the lock was (or may have been) freed.
 */
function takeOver(lock: string, held: string): boolean {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lock, aside);
  } catch (e) {
    return errnoCode(e) === 'ENOENT';
  }
  if (read(aside) !== held) {
    try {
      fs.linkSync(aside, lock);
    } catch {
      // A third run holds the lock now; the one moved aside is then abandoned too.
    }
  }
  fs.rmSync(aside, { force: true });
  return true;
}
