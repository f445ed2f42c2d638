/**
 * Filesystem failures as messages. Every write private-dr makes goes through output/, which
 * turns a failed system call into an OutputError naming what it was doing, where, and why in
 * words; runCommand (config/report.ts) prints it with "Nothing was written." and exits 1, never
 * with a Node stack trace. Output is only ever replaced whole (output/outdir.ts,
 * output/files.ts), so the sentence is true whenever an OutputError is thrown.
 */
import path from 'node:path';
import { sanitize } from '../config/problems';

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** What each errno means to someone who asked for output in a directory. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory, not a file',
  EEXIST: 'it already exists',
  ENOENT: 'a part of the path does not exist',
  EBUSY: 'it is busy (a mount point?)',
  EXDEV: 'it is on another file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EMLINK: 'too many links',
};

export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** The reason of a failed system call in words, with its code: "no space left on the device (ENOSPC)". */
export function reason(e: unknown): string {
  const code = errnoCode(e)!;
  return `${REASONS[code] ?? (e as Error).message.replace(/^E[A-Z0-9]+: /, '').replace(/,.*$/s, '')} (${code})`;
}

/** A path as a message shows it: relative to the working directory when inside it, sanitized (config/problems.ts). */
export function shown(file: string): string {
  const abs = path.resolve(file);
  const rel = path.relative(process.cwd(), abs);
  const text = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : rel === '' ? '.' : abs;
  return sanitize(text);
}

/**
 * Runs `action`; a failed system call becomes an OutputError "could not <doing> <where>: <reason>".
 * Anything else (a programming error) is rethrown as it is.
 */
export function attempt<T>(doing: string, where: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    throw asOutputError(e, doing, where);
  }
}

export function asOutputError(e: unknown, doing: string, where: string): unknown {
  if (e instanceof OutputError || !errnoCode(e)) return e;
  return new OutputError(`could not ${doing} ${shown(where)}: ${reason(e)}`);
}
