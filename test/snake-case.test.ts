// stacks/snake-case.ts must return what cdktf's keysToSnakeCase returns -- or throw what it
// throws -- for any value: random nested objects and arrays with keys in every case style, the
// keys it copies unchanged (tags, environment), tokens, and null (which cdktf refuses).
import fs from 'node:fs';
import path from 'node:path';
import { Lazy, Token, Tokenization } from 'cdktf';
import fc from 'fast-check';
import { installSnakeCaseMemo, uninstallSnakeCaseMemo } from '../stacks/snake-case';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const util = require('cdktf/lib/util') as { keysToSnakeCase(x: unknown): unknown };
const original = util.keysToSnakeCase;
const ROOT = path.resolve(__dirname, '..');

afterEach(() => uninstallSnakeCaseMemo());

function outcome(f: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: f() };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  }
}

const key = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('dependsOn', 'forEach', 'createBeforeDestroy', 'tags', 'environment', 'HTTPHeader', 'a__b', '_x_', 'ABC', 'x-y', '', '__proto__', '9lives'),
);
const lazy = fc.constant(null).map(() => Lazy.anyValue({ produce: () => 'x' }));
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(undefined), lazy, fc.constant(null).map(() => Token.asString(Lazy.stringValue({ produce: () => 'y' }))));
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('tree'), { maxLength: 4 }),
  object: fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
}));

test('the memo returns what keysToSnakeCase returns, for any value (property)', () => {
  expect(installSnakeCaseMemo()).toBe(true);
  expect(util.keysToSnakeCase).not.toBe(original);
  fc.assert(
    fc.property(fc.oneof(tree, fc.constant(null)), (value) => {
      const a = outcome(() => original(value));
      const b = outcome(() => util.keysToSnakeCase(value));
      expect(b).toEqual(a);
      // Same sharing too: what cdktf copies unchanged (tags, tokens) is the very same object.
      if (a.value && typeof a.value === 'object' && !Array.isArray(a.value)) {
        for (const k of ['tags', 'environment']) expect((b.value as Record<string, unknown>)[k]).toBe((a.value as Record<string, unknown>)[k]);
      }
    }),
    { numRuns: 2000 },
  );
});

test('tokens are returned as they are, and null is refused as cdktf refuses it', () => {
  installSnakeCaseMemo();
  const token = Lazy.anyValue({ produce: () => ({ someKey: 1 }) });
  expect(Tokenization.isResolvable(token)).toBe(true);
  expect(util.keysToSnakeCase(token)).toBe(token);
  expect(outcome(() => util.keysToSnakeCase({ count: null }))).toEqual(outcome(() => original({ count: null })));
  expect(util.keysToSnakeCase({ dependsOn: ['a'], lifecycle: { createBeforeDestroy: true }, tags: { NameTag: 'x' } })).toEqual({
    depends_on: ['a'],
    lifecycle: { create_before_destroy: true },
    tags: { NameTag: 'x' },
  });
});

test('installs once, and uninstalls back to cdktf', () => {
  expect(installSnakeCaseMemo()).toBe(true);
  expect(installSnakeCaseMemo()).toBe(false);
  uninstallSnakeCaseMemo();
  expect(util.keysToSnakeCase).toBe(original);
});

test('CDK Terrain ships the same snakeCase and keysToSnakeCase', () => {
  const cdktn = path.join(ROOT, 'engines', 'cdktn', 'node_modules', 'cdktn', 'lib', 'util.js');
  if (!fs.existsSync(cdktn)) {
    if (process.env.CI && !['false', '0'].includes(process.env.CI)) throw new Error(`${cdktn} is missing in CI`);
    console.warn('CDK Terrain util.js comparison skipped: engines/cdktn is not installed (npm run install:cdktn)');
    return;
  }
  const functions = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    return ['snakeCase', 'keysToSnakeCase'].map((name) => new RegExp(`^function ${name}\\(.*?^}`, 'ms').exec(text)?.[0]);
  };
  const ours = functions(require.resolve('cdktf/lib/util'));
  expect(ours.every(Boolean)).toBe(true);
  expect(functions(cdktn)).toEqual(ours);
});
