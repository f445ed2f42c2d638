/**
 * A faster token resolution for synthesis, with the same result. Profiling the bench's 6 x 3
 * synth (README, "Speed") showed about half of cdktf's synthesis inside its private `resolve()`
 * (cdktf/lib/tokens/private/resolve.js), which synthesis runs over every element (prepareStack,
 * each element's toTerraform, the whole stack). For each value it builds a path string, two
 * closures and an options copy, then tests three regular expressions: garbage and time, although
 * almost every value is a plain string, number, array or object, and most tokens are references.
 *
 * installFastResolve() puts a walker in front of it that handles those itself and hands
 * everything else -- other tokens, token-encoded strings, numbers and lists, resolvable objects,
 * constructs, anything it does not recognize -- to the original `resolve()`, with the same path
 * prefix and the same resolution context fields, so tokens resolve exactly as before. A value is
 * plain only when the original would return it unchanged:
 * - a string without any token marker (`TfToken[`), not matching cdktf's number-token pattern
 *   and not one of the map-token sentinels;
 * - a number that is not a token (TokenMap.lookupNumberToken) nor the map-token sentinel;
 * - booleans; arrays without list-token elements; objects that are neither resolvable nor
 *   constructs and have no map-token keys (undefined values are dropped, as the original does).
 * Arrays and objects are copied, as the original copies them: cdktf's deepMerge keeps arrays by
 * reference and may later write into them, so a value returned as it is could change a caller's
 * array. A string that is exactly one Reference token (`vpc.id`), resolved with cdktf's default
 * resolver, is resolved directly; see `reference` below for why that is the same.
 *
 * cdktf and CDK Terrain ship the same resolve.js, token map and Reference (checked by
 * test/fast-resolve.test.ts, which also compares the synthesized bytes of every scenario with and
 * without this walker).
 */

import { remembered } from './remembered';

type Options = { scope: unknown; preparing: boolean; resolver: unknown; prefix?: string[]; previousContext?: unknown };
type Resolve = (obj: unknown, options: Options) => unknown;

/* eslint-disable @typescript-eslint/no-require-imports */
interface Internals {
  resolveModule: { resolve: Resolve };
  expression: { ref(identifier: string, stack?: unknown): object };
  resolvable: { DefaultTokenResolver: abstract new (...args: never[]) => unknown };
  token: { Token: { STRING_MAP_TOKEN_VALUE: string; ANY_MAP_TOKEN_VALUE: string; NUMBER_MAP_TOKEN_VALUE: number } };
  tokenMap: { TokenMap: { instance(): { lookupNumberToken(n: number): unknown; lookupToken(key: string): unknown } } };
  encoding: { extractTokenDouble(n: number, list: boolean): unknown };
}

function internals(): Internals {
  return {
    resolveModule: require('cdktf/lib/tokens/private/resolve'),
    expression: require('cdktf/lib/tfExpression'),
    resolvable: require('cdktf/lib/tokens/resolvable'),
    token: require('cdktf/lib/tokens/token'),
    tokenMap: require('cdktf/lib/tokens/private/token-map'),
    encoding: require('cdktf/lib/tokens/private/encoding'),
  };
}

const INSTALLED = Symbol.for('private-dr.fast-resolve');
const enum KeyKind {
  Plain,
  Token,
  MapToken,
}
/** cdktf's NUMBER_TOKEN_REGEX (tokens/private/encoding.js), without the g flag. */
const NUMBER_TOKEN = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/;
/** A string that is one string token and nothing else (encoding.js's token pattern, anchored). */
const SINGLE_TOKEN = /^\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}$/;
/** The characters NUMBER_TOKEN allows before its "e" (- | digits . +), and after it (those, e and E). */
const beforeE = (c: number): boolean => (c >= 48 && c <= 57) || c === 45 || c === 124 || c === 46 || c === 43;
const afterE = (c: number): boolean => beforeE(c) || c === 101 || c === 69;

/**
 * NUMBER_TOKEN.test(s), answered without the regular expression for the usual string: a match
 * needs an "e" with one of its characters on each side, so strings without one skip the
 * backtracking search (most strings in a synthesis: names, ARNs, CIDRs, JSON policies).
 */
export function mayBeNumberToken(s: string): boolean {
  for (let i = s.indexOf('e', 1); i !== -1 && i < s.length - 1; i = s.indexOf('e', i + 1)) {
    if (beforeE(s.charCodeAt(i - 1)) && afterE(s.charCodeAt(i + 1))) return NUMBER_TOKEN.test(s);
  }
  return false;
}

/**
 * Whether cdktf's resolve() returns `s` unchanged: no token marker (`TfToken[`), no number-token
 * pattern, and not one of the map-token sentinels (which it refuses in a string context).
 */
export function isPlainString(s: string, sentinels: { readonly STRING_MAP_TOKEN_VALUE: string; readonly ANY_MAP_TOKEN_VALUE: string }): boolean {
  return !s.includes('TfToken[') && !mayBeNumberToken(s) && s !== sentinels.STRING_MAP_TOKEN_VALUE && s !== sentinels.ANY_MAP_TOKEN_VALUE;
}

/** Installs the walker once per engine instance; returns false when it was already installed. */
export function installFastResolve(from: Internals = internals()): boolean {
  const mod = from.resolveModule as { resolve: Resolve & { [INSTALLED]?: Resolve } };
  if (mod.resolve[INSTALLED]) return false;
  const original = mod.resolve;
  const { NUMBER_MAP_TOKEN_VALUE } = from.token.Token;
  const tokenMap = from.tokenMap.TokenMap.instance();
  const { extractTokenDouble } = from.encoding;
  const { DefaultTokenResolver } = from.resolvable;
  /** cdktf's (unexported) Reference: a resource, data source or output attribute reference. */
  const Reference = from.expression.ref('x').constructor;

  const plainString = (s: string) => isPlainString(s, from.token.Token);
  /**
   * What an object key needs, remembered per key (a pure function of the string; a synthesis
   * repeats a few hundred attribute names thousands of times): nothing, its own resolution, or
   * the original's handling of the whole object (a map-token key).
   */
  const keyKind = remembered((k): KeyKind => (k.includes('&{TfToken[') ? KeyKind.MapToken : plainString(k) ? KeyKind.Plain : KeyKind.Token));

  const fast = ((obj: unknown, options: Options): unknown => {
    // Calls from inside a resolution (a token resolving its value) keep the original path.
    if (options.previousContext !== undefined) return original(obj, options);
    const root = options.prefix ?? [];
    /** The path below the root: object keys, and array indexes (turned into strings only for a delegated call). */
    const keys: (string | number)[] = [];
    const prefix = (): string[] => root.concat(keys.map(String));
    // What the original passes down as previousContext below the top: a context whose
    // suppressBraces / ignoreEscapes / warnEscapes / iteratorContext are options.previousContext's,
    // i.e. undefined here. Only those fields are read from it.
    const makeContext = (registerPostProcessor: () => void = () => {}): object => {
      const made: object = {
        preparing: options.preparing,
        scope: options.scope,
        suppressBraces: undefined,
        ignoreEscapes: undefined,
        warnEscapes: undefined,
        iteratorContext: undefined,
        registerPostProcessor,
        resolve: (x: unknown) => original(x, { ...options, prefix: prefix(), previousContext: made }),
      };
      return made;
    };
    let context: object | undefined;
    const childOptions = (): Options => {
      context ??= makeContext();
      return { ...options, prefix: prefix(), previousContext: context };
    };
    const delegate = (x: unknown): unknown => original(x, keys.length ? childOptions() : options);
    /**
     * A string that is exactly one Reference token (`vpc.id`: most tokens in a synthesis). The
     * original tokenizes it, resolves the Reference in a fresh context, resolves the result again
     * and post-processes it; a Reference returns its `${address}` (or, when it crossed stacks, the
     * remote-state expression it registered while preparing), registers no post-processor and
     * reads only the context's scope, preparing and suppressBraces -- so when that result is a
     * plain string, it is what the original returns. Anything else (another token class, an
     * unknown key, an error, a post-processor) goes to the original, which may safely resolve the
     * Reference again: registering a cross-stack reference twice returns the first registration.
     */
    const reference = (s: string): string | undefined => {
      // A resolver of another class may resolve a token differently (ITokenResolver is public API).
      if ((options.resolver as { constructor?: unknown } | undefined)?.constructor !== DefaultTokenResolver) return undefined;
      const key = SINGLE_TOKEN.exec(s)?.[1];
      if (key === undefined) return undefined;
      let token: unknown;
      try {
        token = tokenMap.lookupToken(key);
      } catch {
        return undefined;
      }
      if (!(token instanceof Reference)) return undefined;
      let postProcessor = false;
      // A fresh context each time: a Reference sets suppressBraces on the one it is given.
      const fresh = makeContext(() => {
        postProcessor = true;
      });
      let out: unknown;
      try {
        out = (token as { resolve(c: object): unknown }).resolve(fresh);
      } catch {
        return undefined;
      }
      return !postProcessor && typeof out === 'string' && plainString(out) ? out : undefined;
    };

    const walk = (x: unknown): unknown => {
      if (root.length + keys.length > 200) return delegate(x); // the original's cycle guard throws
      switch (typeof x) {
        case 'undefined':
          return undefined;
        case 'string':
          return plainString(x) ? x : (reference(x) ?? delegate(x));
        case 'number':
          return x !== NUMBER_MAP_TOKEN_VALUE && tokenMap.lookupNumberToken(x) === undefined ? x : delegate(x);
        case 'boolean':
          return x;
        case 'object':
          break;
        default:
          return delegate(x);
      }
      if (x === null) return null;
      if (x instanceof Date) return delegate(x);
      if (Array.isArray(x)) {
        for (let i = 0; i < x.length; i++) {
          const e: unknown = x[i];
          if ((typeof e === 'string' && e.includes('#{TfToken[')) || (typeof e === 'number' && extractTokenDouble(e, true) !== undefined)) return delegate(x);
        }
        const out: unknown[] = [];
        for (let i = 0; i < x.length; i++) {
          if (!(i in x)) continue;
          keys.push(i);
          const v = walk(x[i]);
          keys.pop();
          if (v !== undefined) out.push(v);
        }
        return out;
      }
      const record = x as Record<string, unknown>;
      const names = Object.keys(record);
      const kinds: KeyKind[] = [];
      for (let i = 0; i < names.length; i++) {
        const kind = keyKind(names[i]);
        if (kind === KeyKind.MapToken) return delegate(x);
        kinds.push(kind);
      }
      if (typeof record.resolve === 'function' || (record._children !== undefined && record._metadata !== undefined)) return delegate(x);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const k = names[i];
        const resolvedKey = kinds[i] === KeyKind.Plain ? k : delegate(k);
        if (typeof resolvedKey !== 'string') return delegate(x); // the original throws its own error
        keys.push(k);
        const v = walk(record[k]);
        keys.pop();
        if (v !== undefined) out[resolvedKey] = v;
      }
      return out;
    };
    return walk(obj);
  }) as Resolve & { [INSTALLED]?: Resolve };
  fast[INSTALLED] = original;
  mod.resolve = fast;
  return true;
}

/** Puts the original resolve() back (tests compare both). */
export function uninstallFastResolve(from: Internals = internals()): void {
  const mod = from.resolveModule as { resolve: Resolve & { [INSTALLED]?: Resolve } };
  const original = mod.resolve[INSTALLED];
  if (original) mod.resolve = original;
}
