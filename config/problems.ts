/**
 * A problem found in an environment file: where (a field path) and what to do about it.
 *
 * Every message reaches a terminal, and its text comes partly from the file (keys, values, file
 * names). So this is the one place that makes it safe to print: control characters (terminal
 * escape sequences, NUL, bidirectional overrides) are shown escaped, quoted values are short
 * excerpts (`excerpt`), and no message or path is longer than a screenful, whatever the file holds.
 */
export interface Problem {
  /** `sites[1].recovery.staging[0].cidr`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export type PathPart = string | number;

/** Longest excerpt of a value that a message quotes. */
export const EXCERPT_MAX = 40;
/** Backstop for text built without `excerpt`: no path or message prints more than this. */
const TEXT_MAX = 1000;
/** Longest mapping key shown in a path. */
const KEY_MAX = 64;

/**
 * C0 and C1 controls, DEL, the Unicode line/paragraph separators and the bidirectional
 * formatting characters ("Trojan Source", CVE-2021-42574): none of them prints as itself.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text with every unprintable character written as \uXXXX, cut to `max` characters. */
export function sanitize(text: string, max = TEXT_MAX): string {
  const clean = text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters)` : clean;
}

/** A value quoted for a message: at most EXCERPT_MAX characters of it, escaped. */
export function excerpt(value: unknown, max = EXCERPT_MAX): string {
  const text = typeof value === 'string' ? value : String(value);
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return `"${sanitize(cut, max * 7).replace(/"/g, '\\"')}"${chars.length > max ? ` (${chars.length} characters)` : ''}`;
}

/** Items for a message, the first `max` of them: `a, b, c and 97 more`, so long lists stay readable. */
export function listed(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** `['sites', 1, 'recovery']` -> `sites[1].recovery`. */
export function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      const shown = key.length > KEY_MAX ? `${key.slice(0, KEY_MAX)}…` : key;
      out += out ? `.${shown}` : shown;
    }
  }
  return out;
}

export function problem(path: readonly PathPart[] | string, message: string): Problem {
  return { path: sanitize(typeof path === 'string' ? path : formatPath(path)), message: sanitize(message) };
}

export function formatProblem(p: Problem): string {
  // Sanitized again: a Problem may also be written as a literal, not through problem().
  return sanitize(p.path ? `${p.path}: ${p.message}` : p.message, 2 * TEXT_MAX);
}

/** Thrown with every problem of one file; callers print them and exit non-zero. */
export class InvalidEnvironmentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${sanitize(file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}
