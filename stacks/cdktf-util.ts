/**
 * cdktf's util.js helpers that every element's toTerraform() runs, in faster versions that return
 * the same values and throw the same errors. Profiling the bench's 6 x 3 synth (README, "Speed")
 * put these three at about a tenth of the run; each runs once or twice per element, mostly cold,
 * so the interpreter's cost of iterators, callbacks and regular expressions is most of theirs.
 * - keysToSnakeCase (meta-arguments, provider attributes) runs snakeCase -- three regular-
 *   expression replacements -- on every key, every time, for the same handful of keys: snakeCase
 *   is a pure function of its string, so its result is remembered per key.
 * - deepMerge (an element's attributes with its meta-arguments and overrides; each fragment into
 *   its stack) and processDynamicAttributes (an element's attributes) walk with index loops
 *   instead of for-of iterators and forEach callbacks.
 * Otherwise each is its cdktf function statement for statement: the same checks in the same
 * order, the same copies (deepMerge keeps arrays by reference and concatenates into a new one),
 * the same deletions. Their recursive calls call the originals' callers' way: each other.
 * CDK Terrain ships the same util.js functions; test/cdktf-util.test.ts checks that, and compares
 * each with cdktf's on random values.
 */

import { remembered } from './remembered';

/* eslint-disable @typescript-eslint/no-require-imports */
type Fn = ((...args: never[]) => unknown) & { [INSTALLED]?: Fn };
interface Util {
  keysToSnakeCase: Fn;
  deepMerge: Fn;
  processDynamicAttributes: Fn;
  snakeCase(key: string): string;
}
interface Internals {
  util: Util;
  Tokenization: { isResolvable(x: unknown): boolean };
  TerraformDynamicBlock: { isTerraformDynamicBlock(x: unknown): boolean };
  errors: {
    targetNotResolvableWithOverrides(target: string): Error;
    sourceOrTargetNotAnObject(source: string | undefined, sourceType: string, target: string | undefined, targetType: string): Error;
  };
}

function internals(): Internals {
  return {
    util: require('cdktf/lib/util'),
    Tokenization: require('cdktf').Tokenization,
    TerraformDynamicBlock: require('cdktf/lib/terraform-dynamic-block').TerraformDynamicBlock,
    errors: require('cdktf/lib/errors'),
  };
}

const INSTALLED = Symbol.for('private-dr.cdktf-util');
const NAMES = ['keysToSnakeCase', 'deepMerge', 'processDynamicAttributes'] as const;

/** Installs once per engine instance; returns false when it was already installed. */
export function installUtilHelpers(from: Internals = internals()): boolean {
  const { util, Tokenization, TerraformDynamicBlock, errors } = from;
  if (util.keysToSnakeCase[INSTALLED]) return false;

  const { snakeCase } = util;
  const snakeCaseOf = remembered((key) => snakeCase(key));
  const mapItems = (list: unknown[]): unknown[] => list.map((e) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
  const keysToSnakeCase = (object: unknown): unknown => {
    if (Tokenization.isResolvable(object)) return object;
    if (Array.isArray(object)) return mapItems(object);
    const record = object as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
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

  const deepMerge = (target: any, ...sources: any[]): unknown => {
    if (Tokenization.isResolvable(target) && sources.length > 0) throw errors.targetNotResolvableWithOverrides(target.toString());
    for (let s = 0; s < sources.length; s++) {
      const source = sources[s];
      if (typeof source !== 'object' || typeof target !== 'object') {
        throw errors.sourceOrTargetNotAnObject(JSON.stringify(source), typeof source, JSON.stringify(target), typeof target);
      }
      const keys = Object.keys(source);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const value = source[key];
        if (typeof value === 'object' && value != null && !Array.isArray(value)) {
          if (typeof target[key] !== 'object') target[key] = {};
          if (Tokenization.isResolvable(value)) {
            target[key] = value;
            continue;
          }
          deepMerge(target[key], value);
        } else if (typeof value === 'object' && value != null && Array.isArray(value)) {
          if (Array.isArray(target[key])) target[key] = [...target[key], ...value];
          else target[key] = value;
        } else if (value === undefined) {
          delete target[key];
        } else {
          target[key] = value;
        }
      }
    }
    return target;
  };

  const processDynamicAttributes = (attributes: Record<string, any>): Record<string, any> => {
    const result: Record<string, any> = {};
    // Object.entries, as cdktf's: it skips a key that stopped being own and enumerable while an
    // earlier value was read.
    const entries = Object.entries(attributes);
    for (let i = 0; i < entries.length; i++) {
      const [name, value] = entries[i];
      if (TerraformDynamicBlock.isTerraformDynamicBlock(value)) {
        if (!result.dynamic) result.dynamic = {};
        result.dynamic[name] = value.toTerraformDynamicBlockJson();
      } else {
        const recurse = value !== null && typeof value === 'object' && value.constructor === Object;
        result[name] = recurse ? processDynamicAttributes(value) : value;
      }
    }
    return result;
  };

  const fast: Record<(typeof NAMES)[number], Fn> = { keysToSnakeCase, deepMerge, processDynamicAttributes } as Record<(typeof NAMES)[number], Fn>;
  for (const name of NAMES) {
    fast[name][INSTALLED] = util[name];
    util[name] = fast[name];
  }
  return true;
}

/** Puts cdktf's own functions back (tests compare both). */
export function uninstallUtilHelpers(from: Internals = internals()): void {
  for (const name of NAMES) {
    const original = from.util[name][INSTALLED];
    if (original) from.util[name] = original;
  }
}
