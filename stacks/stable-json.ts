/**
 * cdktf writes every cdk.tf.json and manifest.json with json-stable-stringify (keys sorted,
 * `{ space: 2 }`). That package builds the text in JavaScript, one string per value and one join
 * per object and array, re-copying each level into its parent: a quarter of everything a
 * synthesis allocates, and about 20 ms of the bench's 6 x 3 synth (README, "Speed").
 *
 * `stableStringify` returns the same text from V8's own JSON.stringify: it copies the value with
 * its keys inserted in sorted order, has V8 write that, and then writes empty objects and arrays
 * the way json-stable-stringify does (`{` and `}` on two lines, the `}` at the value's own
 * indentation, where JSON.stringify writes `{}`). Whatever it cannot copy faithfully goes to the
 * package itself, so the result never differs:
 * - options other than `{ space: 2 }`, and a value that is not an object or array;
 * - an integer-like key ("0", "10"): V8 enumerates those first, in numeric order, not sorted as
 *   strings; and the key `__proto__`, which a copy would turn into a prototype;
 * - anything but a plain object or an array (class instances, boxed primitives, Dates), a
 *   `toJSON` method, a bigint, and a `toJSON` on String, Number or Boolean's prototype, which the
 *   package calls and JSON.stringify does not;
 * - nesting deeper than MAX_DEPTH, so a cycle gets the package's own TypeError.
 *
 * scripts/run.cjs substitutes it for the engine's json-stable-stringify when bundling the synth;
 * test/stable-json.test.ts compares the two on random values and on every synthesized stack.
 */

export type StableStringify = (value: unknown, opts?: unknown) => string | undefined;

const MAX_DEPTH = 500;
/** Keys V8 may enumerate before the others (a superset of array indices: any unsigned integer). */
const INTEGER_LIKE = /^(?:0|[1-9]\d*)$/;
/** `{}` or `[]` at the end of a line of JSON.stringify's output: an empty object or array. */
const EMPTY = /\{\}|\[\]/g;

class Unsupported {}
const UNSUPPORTED = new Unsupported();

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

function sortedCopy(value: unknown, depth: number): unknown {
  if (typeof value === 'bigint') throw UNSUPPORTED;
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw UNSUPPORTED;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = sortedCopy(value[i], depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw UNSUPPORTED;
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const first = key.charCodeAt(0);
    // The regular expression only for keys that start with a digit: few do.
    if ((first >= 48 && first <= 57 && INTEGER_LIKE.test(key)) || key === '__proto__') throw UNSUPPORTED;
    out[key] = sortedCopy(record[key], depth + 1);
  }
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

/** json-stable-stringify(value, opts), with `original` (the package) for what the fast path leaves. */
export function stableStringify(value: unknown, opts: unknown, original: StableStringify): string | undefined {
  if (typeof value !== 'object' || value === null || !isSpaceTwo(opts) || primitiveToJson()) return original(value, opts);
  let copy: unknown;
  try {
    copy = sortedCopy(value, 0);
  } catch (err) {
    if (err === UNSUPPORTED) return original(value, opts);
    throw err;
  }
  return expandEmpty(JSON.stringify(copy, null, 2));
}
