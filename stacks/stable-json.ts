/**
 * cdktf writes every cdk.tf.json and manifest.json with json-stable-stringify (keys sorted,
 * `{ space: 2 }`). That package builds the text in JavaScript, one string per value and one join
 * per object and array, re-copying each level into its parent: a quarter of everything a
 * synthesis allocates, and about 20 ms of the bench's 6 x 3 synth (README, "Speed").
 *
 * `stableStringify` returns the same text from V8's own JSON.stringify. It copies the value --
 * plain objects with their keys inserted in sorted order, arrays -- reading each property once,
 * has V8 write the copy, and then writes empty objects and arrays the way json-stable-stringify
 * does (`{` and `}` on two lines, the `}` at the value's own indentation, where JSON.stringify
 * writes `{}`). What V8 would write differently goes to the package, so the text never differs:
 * - options other than `{ space: 2 }`, and a value that is not an object or array: the package
 *   writes the value itself;
 * - anything but a plain object or an array (class instances, boxed primitives, Dates), an
 *   object with a `toJSON` method, a function, a symbol or a bigint, an object or array met again
 *   inside itself (a cycle), and nesting deeper than MAX_DEPTH: kept in the copy as it is;
 * - an integer-like key ("0", "10"), which V8 enumerates first, in numeric order, and a `toJSON`
 *   on String, Number or Boolean's prototype, which the package calls and JSON.stringify does not;
 * and then the package writes the copy: what was copied holds the values already read, what was
 * kept is the original, so no getter runs twice and the package sees what it would have seen. An
 * object with a `__proto__` key is kept whole, before any of its values is read: a copy would
 * turn that key into a prototype. When Object.prototype or Array.prototype has gained a property
 * (a setter there would see the copy's keys), the package writes the original.
 *
 * scripts/run.cjs substitutes it for the engine's json-stable-stringify when bundling the synth;
 * test/stable-json.test.ts compares the two on random values, and test/synth-bundle.test.ts on
 * every synthesized stack.
 */

export type StableStringify = (value: unknown, opts?: unknown) => string | undefined;

const MAX_DEPTH = 500;
/** Keys V8 may enumerate before the others (a superset of array indices: any unsigned integer). */
const INTEGER_LIKE = /^(?:0|[1-9]\d*)$/;
/** `{}` or `[]` in JSON.stringify's output: an empty object or array where it ends a line (expandEmpty). */
const EMPTY = /\{\}|\[\]/g;

interface Copying {
  /** Whether V8 can write the copy; cleared by anything only the package writes right. */
  native: boolean;
  /** The objects and arrays being copied, outermost first: one met again is a cycle, kept as it is. */
  readonly open: object[];
}

/**
 * Object.keys(record).sort(). A Terraform block has a few keys: those are sorted by insertion,
 * in the same order (distinct strings, compared by UTF-16 code units either way), without the
 * scratch arrays Array.prototype.sort allocates, a sixth of this file's garbage. Longer lists
 * (a stack's resources of one type) take Array.prototype.sort.
 */
function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function sortedCopy(value: unknown, depth: number, state: Copying): unknown {
  const type = typeof value;
  if (type === 'function' || type === 'symbol' || type === 'bigint') {
    state.native = false;
    return value;
  }
  if (type !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH || state.open.includes(value as object) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    state.native = false;
    return value;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    state.open.push(value);
    for (let i = 0; i < value.length; i++) out[i] = sortedCopy(value[i], depth + 1, state);
    state.open.pop();
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    state.native = false;
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  for (const key of keys) {
    const first = key.charCodeAt(0);
    if (first === 95 && key === '__proto__') {
      state.native = false;
      return value;
    }
    // The regular expression only for keys that start with a digit: few do.
    if (first >= 48 && first <= 57 && INTEGER_LIKE.test(key)) state.native = false;
  }
  const out: Record<string, unknown> = {};
  state.open.push(value as object);
  for (const key of keys) out[key] = sortedCopy(record[key], depth + 1, state);
  state.open.pop();
  return out;
}

/** JSON.stringify writes an empty object or array as `{}`; json-stable-stringify as `{\n<indent>}`. */
function expandEmpty(text: string): string {
  return text.replace(EMPTY, (brackets: string, offset: number) => {
    // Inside a string, `{}` is followed by more of the string or its closing quote; a value ends
    // its line, with or without a comma (JSON strings hold no raw newline).
    const next = text.charCodeAt(offset + 2);
    const endsLine = Number.isNaN(next) || next === 10 || (next === 44 && (text.charCodeAt(offset + 3) === 10 || Number.isNaN(text.charCodeAt(offset + 3))));
    if (!endsLine) return brackets;
    const lineStart = text.lastIndexOf('\n', offset) + 1;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32) indent++;
    return `${brackets[0]}\n${' '.repeat(indent)}${brackets[1]}`;
  });
}

const isSpaceTwo = (opts: unknown): boolean => {
  if (typeof opts !== 'object' || opts === null || Object.getPrototypeOf(opts) !== Object.prototype) return false;
  const keys = Object.keys(opts);
  return keys.length === 1 && keys[0] === 'space' && (opts as { space: unknown }).space === 2;
};

const primitiveToJson = (): boolean =>
  'toJSON' in String.prototype || 'toJSON' in Number.prototype || 'toJSON' in Boolean.prototype;

/**
 * The copy assigns into plain objects and arrays, so a setter added to Object.prototype or
 * Array.prototype (prototype pollution) would see its keys: with more own keys there than when
 * this module loaded, the package writes the original.
 */
const PROTOTYPE_KEYS = [Object.prototype, Array.prototype].map((p) => Reflect.ownKeys(p).length);
const prototypesChanged = (): boolean => [Object.prototype, Array.prototype].some((p, i) => Reflect.ownKeys(p).length !== PROTOTYPE_KEYS[i]);

/** json-stable-stringify(value, opts), with `original` (the package) for what V8 would write differently. */
export function stableStringify(value: unknown, opts: unknown, original: StableStringify): string | undefined {
  if (typeof value !== 'object' || value === null || !isSpaceTwo(opts) || prototypesChanged()) return original(value, opts);
  const state: Copying = { native: !primitiveToJson(), open: [] };
  const copy = sortedCopy(value, 0, state);
  return state.native ? expandEmpty(JSON.stringify(copy, null, 2)) : original(copy, opts);
}
