/**
 * cdktf turns every resource's and data source's meta-arguments (depends_on, count, provider,
 * lifecycle, for_each, connection) and every provider's attributes into Terraform's snake_case
 * keys with keysToSnakeCase (cdktf/lib/util.js), which runs snakeCase -- three regular-expression
 * replacements -- on each key, each time: the same handful of keys, 18 replacements per element.
 * Profiling the bench's 6 x 3 synth (README, "Speed") put that at a few per cent of the run.
 *
 * installSnakeCaseMemo() puts the same function in its place, with snakeCase's result remembered
 * per key (snakeCase is a pure function of its string). It is keysToSnakeCase line for line
 * otherwise: tokens returned as they are, arrays mapped, `tags` and `environment` copied
 * unchanged, a value that is an object converted, then an array value mapped again. CDK Terrain
 * ships the same util.js (test/snake-case.test.ts checks both, and compares the two functions on
 * random values).
 */

/* eslint-disable @typescript-eslint/no-require-imports */
type KeysToSnakeCase = ((object: unknown) => unknown) & { [INSTALLED]?: KeysToSnakeCase };
interface Internals {
  util: { keysToSnakeCase: KeysToSnakeCase; snakeCase(key: string): string };
  Tokenization: { isResolvable(x: unknown): boolean };
}

function internals(): Internals {
  return { util: require('cdktf/lib/util'), Tokenization: require('cdktf').Tokenization };
}

const INSTALLED = Symbol.for('private-dr.snake-case');

/** Installs once per engine instance; returns false when it was already installed. */
export function installSnakeCaseMemo(from: Internals = internals()): boolean {
  const { util, Tokenization } = from;
  if (util.keysToSnakeCase[INSTALLED]) return false;
  const original = util.keysToSnakeCase;
  const { snakeCase } = util;
  const snake = new Map<string, string>();
  const snakeCaseOf = (key: string): string => {
    let out = snake.get(key);
    if (out === undefined) {
      out = snakeCase(key);
      snake.set(key, out);
    }
    return out;
  };
  const mapItems = (list: unknown[]): unknown[] => list.map((e) => (typeof e === 'object' ? keysToSnakeCase(e) : e));

  const keysToSnakeCase: KeysToSnakeCase = (object: unknown): unknown => {
    if (Tokenization.isResolvable(object)) return object;
    if (Array.isArray(object)) return mapItems(object);
    const record = object as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      if (key === 'tags' || key === 'environment') {
        out[key] = record[key];
        continue;
      }
      let value = record[key];
      if (typeof value === 'object') value = keysToSnakeCase(value);
      if (Array.isArray(value)) value = mapItems(value);
      out[snakeCaseOf(key)] = value;
    }
    return out;
  };
  keysToSnakeCase[INSTALLED] = original;
  util.keysToSnakeCase = keysToSnakeCase;
  return true;
}

/** Puts cdktf's own function back (tests compare both). */
export function uninstallSnakeCaseMemo(from: Internals = internals()): void {
  const original = from.util.keysToSnakeCase[INSTALLED];
  if (original) from.util.keysToSnakeCase = original;
}
