// stacks/cdktf-util.ts must behave as cdktf's own util.js helpers: for random values, each
// returns what cdktf's returns -- or throws what it throws -- and leaves its arguments as cdktf's
// leaves them (deepMerge writes into its target), with the same objects shared. Random values mix
// plain data with tokens, dynamic blocks, null, undefined and the keys the helpers single out.
import fs from 'node:fs';
import path from 'node:path';
import { App, Lazy, TerraformIterator, TerraformStack, Token, Tokenization } from 'cdktf';
import fc from 'fast-check';
import { installUtilHelpers, uninstallUtilHelpers } from '../stacks/cdktf-util';
import { isCI } from '../scripts/ci-env';

type Helper = (...args: unknown[]) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const util = require('cdktf/lib/util') as Record<'keysToSnakeCase' | 'deepMerge' | 'processDynamicAttributes', Helper>;
const original = { keysToSnakeCase: util.keysToSnakeCase, deepMerge: util.deepMerge, processDynamicAttributes: util.processDynamicAttributes };
const ROOT = path.resolve(__dirname, '..');

afterEach(() => uninstallUtilHelpers());

/** What a call returns or throws, and what it left its arguments as. */
function outcome(f: Helper, args: () => unknown[]): { value?: unknown; error?: string; args: unknown[] } {
  const given = args();
  try {
    return { value: f(...given), args: given };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}`, args: given };
  }
}

const stack = new TerraformStack(new App({ outdir: fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'private-dr-util-')) }), 'util');
const iterator = TerraformIterator.fromList(['a', 'b']);
const key = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('dependsOn', 'forEach', 'createBeforeDestroy', 'tags', 'environment', 'dynamic', 'HTTPHeader', 'a__b', '_x_', 'x-y', '', '__proto__', '9lives'),
);
const plainLeaf = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(null).map(() => Lazy.anyValue({ produce: () => 'x' })),
  fc.constant(null).map(() => Token.asString(Lazy.stringValue({ produce: () => 'y' }))),
);
/** Objects the helpers do not copy: deepMerge would write into them, so they are not merged. */
const otherLeaf = fc.oneof(
  fc.constant(null).map(() => iterator.dynamic({ name: iterator.value })),
  fc.constant(null).map(() => new Date(0)),
);
const values = (keys: fc.Arbitrary<string>, leaf: fc.Arbitrary<unknown>) =>
  fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('tree'), { maxLength: 4 }),
    object: fc.array(fc.tuple(keys, tie('tree')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
  }));
const { tree, object } = values(key, fc.oneof(plainLeaf, otherLeaf));
// cdktf's deepMerge writes into its target: through a `__proto__` key into Object.prototype, and
// into a Date or dynamic block found there; that would leak from one call into the next, so the
// values merged here have neither (the two sides get their own copies of everything else).
const merged = values(key.filter((k) => k !== '__proto__'), plainLeaf);
/**
 * Each side gets its own copy of the plain objects and arrays (deepMerge writes into its target),
 * sharing everything else: tokens, dynamic blocks, dates.
 */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
  const out = {};
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: copy((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  return out;
}
const rebuild = <T>(arb: fc.Arbitrary<T>) => arb.map((v) => () => copy(v));

describe.each([
  ['keysToSnakeCase', fc.tuple(rebuild(fc.oneof(tree, fc.constant(null))))],
  ['processDynamicAttributes', fc.tuple(rebuild(object))],
  ['deepMerge', fc.tuple(rebuild(fc.oneof(merged.object, merged.tree)), rebuild(fc.oneof(merged.object, merged.tree)), rebuild(merged.object))],
] as const)('%s', (name, args) => {
  test('returns, throws and writes what cdktf does (property)', () => {
    installUtilHelpers();
    expect(util[name]).not.toBe(original[name]);
    fc.assert(
      fc.property(args, (makers) => {
        const make = () => makers.map((m) => m());
        const a = outcome(original[name], make);
        const b = outcome(util[name], make);
        expect(b).toStrictEqual(a);
      }),
      { numRuns: 800 },
    );
  });
});

test('what cdktf shares, the helpers share: tags, tokens, merged arrays and objects', () => {
  installUtilHelpers();
  const tags = { NameTag: 'x' };
  const token = Lazy.anyValue({ produce: () => ({ someKey: 1 }) });
  expect(Tokenization.isResolvable(token)).toBe(true);
  expect(util.keysToSnakeCase(token)).toBe(token);
  expect((util.keysToSnakeCase({ tags }) as { tags: unknown }).tags).toBe(tags);
  const list = ['a'];
  const merged = util.deepMerge({}, { list, token, nested: { more: [1] } }) as Record<string, unknown>;
  expect(merged.list).toBe(list);
  expect(merged.token).toBe(token);
  expect(util.keysToSnakeCase({ dependsOn: ['a'], lifecycle: { createBeforeDestroy: true }, tags })).toEqual({
    depends_on: ['a'],
    lifecycle: { create_before_destroy: true },
    tags,
  });
  const block = iterator.dynamic({ name: iterator.value });
  expect(util.processDynamicAttributes({ setting: block, plain: { a: 1 } })).toEqual(original.processDynamicAttributes({ setting: block, plain: { a: 1 } }));
  void stack;
});

test('processDynamicAttributes reads attributes as Object.entries does: a key gone meanwhile is skipped', () => {
  installUtilHelpers();
  // Reading `a` deletes `b`: Object.entries then skips `b`, as cdktf's function does.
  const make = () => ({
    get a() {
      delete (this as { b?: number }).b;
      return 1;
    },
    b: 2,
  });
  expect(util.processDynamicAttributes(make())).toStrictEqual(original.processDynamicAttributes(make()));
  expect(util.processDynamicAttributes(make())).toStrictEqual({ a: 1 });
});

test('installs once, and uninstalls back to cdktf', () => {
  expect(installUtilHelpers()).toBe(true);
  expect(installUtilHelpers()).toBe(false);
  uninstallUtilHelpers();
  for (const name of Object.keys(original) as (keyof typeof original)[]) expect(util[name]).toBe(original[name]);
});

test('CDK Terrain ships the same util.js helpers', () => {
  const cdktn = path.join(ROOT, 'engines', 'cdktn', 'node_modules', 'cdktn', 'lib', 'util.js');
  if (!fs.existsSync(cdktn)) {
    if (isCI) throw new Error(`${cdktn} is missing in CI`);
    console.warn('CDK Terrain util.js comparison skipped: engines/cdktn is not installed (npm run install:cdktn)');
    return;
  }
  const functions = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    return ['snakeCase', 'keysToSnakeCase', 'deepMerge', 'processDynamicAttributes'].map((name) => new RegExp(`^function ${name}\\(.*?^}`, 'ms').exec(text)?.[0]);
  };
  const ours = functions(require.resolve('cdktf/lib/util'));
  expect(ours.every(Boolean)).toBe(true);
  expect(functions(cdktn)).toEqual(ours);
});
