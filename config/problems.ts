/** A problem found in an environment file: where (a field path) and what to do about it. */
export interface Problem {
  /** `sites[1].recovery.staging[0].cidr`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export type PathPart = string | number;

/** `['sites', 1, 'recovery']` -> `sites[1].recovery`. */
export function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function problem(path: readonly PathPart[] | string, message: string): Problem {
  return { path: typeof path === 'string' ? path : formatPath(path), message };
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

/** Thrown with every problem of one file; callers print them and exit non-zero. */
export class InvalidEnvironmentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}
