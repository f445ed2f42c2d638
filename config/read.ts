/**
 * An environment file's bytes into text, refusing what is not a readable, bounded, UTF-8 text
 * file with a problem (never a Node exception): EACCES and friends, directories, FIFOs and
 * devices (which could block or never end), files over FILE_MAX_BYTES, invalid UTF-8 (no silent
 * U+FFFD), and characters YAML does not allow in a stream.
 */
import fs from 'node:fs';
import { InvalidEnvironmentError, problem } from './problems';

/** Far above any real environment (the largest bench file is well under 100 KiB). */
export const FILE_MAX_BYTES = 4 * 1024 * 1024;

/** What to tell a person for the errno codes a read can end with. */
const READ_ERRORS: Record<string, string> = {
  EACCES: 'permission denied: make the file readable by this user',
  EPERM: 'operation not permitted: make the file readable by this user',
  ENOENT: 'does not exist (or is a broken symbolic link)',
  EISDIR: 'is a directory, not a file',
  ELOOP: 'is a loop of symbolic links',
  EIO: 'an I/O error occurred while reading it',
  ENAMETOOLONG: 'the path is too long',
};

function unreadable(file: string, e: unknown): InvalidEnvironmentError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const why = Object.hasOwn(READ_ERRORS, code) ? READ_ERRORS[code] : `it cannot be read (${code || String(e)})`;
  return new InvalidEnvironmentError(file, [problem('', `cannot read the file: ${why}${code && Object.hasOwn(READ_ERRORS, code) ? ` (${code})` : ''}`)]);
}

/** Reads at most FILE_MAX_BYTES + 1 bytes, so that a file that never ends (a device) cannot hang or exhaust memory. */
function readBounded(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > FILE_MAX_BYTES) break;
    }
    return Buffer.concat(chunks);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * YAML 1.2 allows tab, LF, CR and printable characters only (spec 5.1, c-printable: C0 and C1
 * controls other than those, DEL and the surrogates are excluded; NEL is allowed), and JSON
 * allows no raw control characters at all. Quoted escapes ("\e") still reach values, which
 * problems.ts prints escaped.
 */
// eslint-disable-next-line no-control-regex
const NOT_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

export function readEnvironmentText(file: string): string {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (!stat.isFile()) {
      throw new InvalidEnvironmentError(file, [problem('', 'cannot read the file: it is not a regular file (a device, pipe or socket); point at the environment file itself')]);
    }
    bytes = readBounded(file);
  } catch (e) {
    if (e instanceof InvalidEnvironmentError) throw e;
    throw unreadable(file, e);
  }
  if (bytes.length > FILE_MAX_BYTES) {
    throw new InvalidEnvironmentError(file, [problem('', `is larger than ${FILE_MAX_BYTES / 1024 / 1024} MiB; an environment file is a few kilobytes: is this the right file?`)]);
  }
  let text: string;
  try {
    // fatal: invalid UTF-8 is an error, not U+FFFD. A leading byte-order mark is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Where: the first replacement character of a lenient decode (a file could hold a real
    // U+FFFD earlier, which would only make the position early; the refusal stands).
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const before = lenient.slice(0, Math.max(0, lenient.indexOf('\ufffd'))).split('\n');
    throw new InvalidEnvironmentError(file, [problem('', `line ${before.length}, column ${before[before.length - 1].length + 1}: is not UTF-8 text (an invalid byte sequence); save the file as UTF-8`)]);
  }
  const bad = NOT_PRINTABLE.exec(text);
  if (bad) {
    const before = text.slice(0, bad.index).split('\n');
    const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InvalidEnvironmentError(file, [
      problem('', `line ${before.length}, column ${before[before.length - 1].length + 1}: the control character ${code} is not allowed in YAML or JSON; remove it (is this the right file?)`),
    ]);
  }
  return text;
}
