// stacks/stable-json.ts must write exactly what json-stable-stringify writes: on random values
// (property-based) and on the inputs it hands back to the package. test/synth-bundle.test.ts
// compares every stack users get.
import fc from 'fast-check';
import { stableStringify, type StableStringify } from '../stacks/stable-json';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const original = require(require.resolve('json-stable-stringify', { paths: [require.resolve('cdktf')] })) as StableStringify;
const SPACE = { space: 2 };

/** What a call returns or throws, so both sides compare alike. */
function outcome(f: () => string | undefined): { text?: string; error?: string } {
  try {
    return { text: f() };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  }
}
const same = (value: unknown, opts: unknown = SPACE) =>
  expect(outcome(() => stableStringify(value, opts, original))).toEqual(outcome(() => original(value, opts)));

// Keys chosen to hit every special case: sorting, integer-like keys, text that looks like an
// empty object or array, escapes, __proto__ and toJSON as plain data keys.
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a', 'B', 'b', '_', '0', '1', '10', '01', '-1', '4294967295', '{}', '[]', 'x{},', 'a\nb', '"', '\\', 'é', '__proto__', 'toJSON', ''),
);
const leaf = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('{}', '[]', '{},', 'x{}', '[],\n', '', '\n'),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, true, false, null, undefined),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object'), tie('wide')),
  array: fc.array(tie('tree'), { maxLength: 4 }),
  object: fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
  // More keys than the insertion sort takes (a stack's resources of one type).
  wide: fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), leaf), { minLength: 17, maxLength: 40 }).map((entries) => Object.fromEntries(entries)),
}));

describe('stableStringify', () => {
  it('writes what json-stable-stringify writes, for any JSON-like value (property)', () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(stableStringify(value, SPACE, original)).toBe(original(value, SPACE));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes empty objects and arrays as the package does, at every depth', () => {
    for (const value of [{}, [], { a: {} }, { a: [] }, [{}, []], { a: { b: { c: [{}] } }, d: [] }, { '{}': {}, '[]': '[]' }]) same(value);
    expect(stableStringify({ a: { b: {} }, c: [] }, SPACE, original)).toBe('{\n  "a": {\n    "b": {\n    }\n  },\n  "c": [\n  ]\n}');
  });

  it('hands the package what the fast path cannot copy faithfully', () => {
    class Thing {
      constructor(readonly x = 1) {}
    }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: unknown = 'leaf';
    for (let i = 0; i < 600; i++) deep = { d: deep };
    const cases: unknown[] = [
      { 10: 'a', 9: 'b', x: 'c' },
      JSON.parse('{"__proto__": {"a": 1}, "b": 2}'),
      { when: new Date(0) },
      { t: new Thing() },
      { s: Object('boxed') },
      { n: Object(3) },
      { j: { toJSON: () => 'replaced' } },
      { big: BigInt(1) },
      { f: () => 1, s: Symbol('x'), u: undefined },
      [() => 1, undefined, Symbol('y')],
      Object.create(null),
      cyclic,
      deep,
      'text',
      7,
      null,
      undefined,
    ];
    for (const value of cases) same(value);
  });

  it('writes what the package writes for functions, symbols and toJSON methods it calls', () => {
    const fn = Object.assign(() => 1, { toJSON: () => ({ b: 1, a: 2 }) });
    same({ a: fn, b: Symbol('s'), c: { toJSON: () => ({ y: 1, x: 2 }) } });
    for (const proto of [Function.prototype, Symbol.prototype] as unknown as { toJSON?: () => string }[]) {
      proto.toJSON = () => 'changed';
      try {
        same({ f: () => 1, s: Symbol('t'), n: 1 });
      } finally {
        delete proto.toJSON;
      }
    }
  });

  it('reads every property once, also when the package writes the value', () => {
    const make = () => {
      let reads = 0;
      return { get a() { return ++reads; }, when: new Date(0), nested: { get b() { return ++reads; }, 10: 'ten' } };
    };
    expect(stableStringify(make(), SPACE, original)).toBe(original(make(), SPACE));
    expect(stableStringify(make(), SPACE, original)).toContain('"a": 1');
  });

  it('stops at a cycle at once, however wide, with the package\'s error', () => {
    const wide: Record<string, unknown> = {};
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) wide[k] = wide;
    same(wide);
    const list: unknown[] = [];
    list.push({ list });
    same({ list });
  });

  it('leaves everything to the package once a prototype gained a property (a setter would see the copy)', () => {
    Object.defineProperty(Object.prototype, 'region', { set() {}, get() { return undefined; }, configurable: true });
    try {
      same({ name: 'vpc', region: 'eu-west-1' });
      expect(stableStringify({ region: 'eu-west-1' }, SPACE, original)).toContain('"region": "eu-west-1"');
    } finally {
      delete (Object.prototype as { region?: unknown }).region;
    }
  });

  it('leaves options other than { space: 2 } to the package', () => {
    const value = { b: 1, a: { d: [], c: 2 } };
    for (const opts of [undefined, {}, { space: 4 }, { space: '  ' }, { space: 2, cycles: true }, (a: { key: string }, b: { key: string }) => (a.key < b.key ? 1 : -1)]) same(value, opts);
  });

  it('honours a toJSON on a primitive prototype as the package does', () => {
    const proto = String.prototype as unknown as { toJSON?: () => string };
    proto.toJSON = () => 'changed';
    try {
      same({ a: 'x', b: ['y'] });
    } finally {
      delete proto.toJSON;
    }
  });
});
