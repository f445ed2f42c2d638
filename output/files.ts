/**
 * Single files written whole or not at all (a temporary file beside the target, renamed over
 * it), and the missing parent directories they need, removed again when the write fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OutputError, asOutputError, attempt, errnoCode, shown } from './errors';

/** `fs.statSync`, or undefined where nothing is (also when a parent is a file: ENOTDIR). */
export function statOf(file: string, follow = true): fs.Stats | undefined {
  try {
    return follow ? fs.statSync(file) : fs.lstatSync(file);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return undefined;
    throw asOutputError(e, 'read', file);
  }
}

/** Creates `dir` and its missing parents; returns the ones it created, outermost first. */
export function createDirs(dir: string): string[] {
  const created: string[] = [];
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (d === path.dirname(d)) break;
  }
  try {
    for (const d of missing) {
      fs.mkdirSync(d);
      created.push(d);
    }
  } catch (e) {
    removeDirs(created);
    throw asOutputError(e, 'create the directory', missing[created.length] ?? dir);
  }
  return created;
}

/** Removes directories made by createDirs, innermost first, if they are still empty. */
export function removeDirs(created: readonly string[]): void {
  for (const d of [...created].reverse()) {
    try {
      fs.rmdirSync(d);
    } catch {
      return;
    }
  }
}

/**
 * Writes `content` to `file` atomically: readers see the old file or the new one, never a part;
 * a failure (full disk, read-only or missing directory) leaves the old file as it was.
 */
export function writeFileAtomically(file: string, content: string | Uint8Array): void {
  const target = path.resolve(file);
  const existing = statOf(target);
  if (existing?.isDirectory()) throw new OutputError(`could not write ${shown(target)}: it is a directory, not a file (EISDIR)`);
  const created = createDirs(path.dirname(target));
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    attempt('write', target, () => {
      fs.writeFileSync(tmp, content);
      fs.renameSync(tmp, target);
    });
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Left behind only if the directory itself refuses writes, where nothing was written either.
    }
    removeDirs(created);
    throw e;
  }
}
