// stacks/fast-resolve.ts must never change what cdktf resolves: every environment and scenario
// synthesizes to the same bytes with and without it, and random values mixing plain data with
// every kind of token (string, list, number, map, lazy, references, Fn calls) resolve to the
// same result -- or the same error -- as cdktf's own resolve().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, Token, Tokenization } from 'cdktf';
import fc from 'fast-check';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { installFastResolve, mayBeNumberToken, uninstallFastResolve } from '../stacks/fast-resolve';
import { isCI } from '../scripts/ci-env';
import { ALL_FILES, synthBytes } from './support/synth';

const ROOT = path.resolve(__dirname, '..');

afterEach(() => uninstallFastResolve());

function synthWith(file: string, fast: boolean): Map<string, string> {
  if (fast) installFastResolve();
  else uninstallFastResolve();
  return synthBytes(file);
}

test.each(ALL_FILES.map((f) => [path.relative(ROOT, f), f]))('%s synthesizes byte-identically with the fast resolve', (_label, file) => {
  const slow = synthWith(file, false);
  const fast = synthWith(file, true);
  expect([...fast.keys()].sort()).toEqual([...slow.keys()].sort());
  for (const [name, text] of slow) expect({ name, text: fast.get(name) }).toEqual({ name, text });
});

test("the number-token precheck answers exactly as cdktf's NUMBER_TOKEN_REGEX", () => {
  const cdktfRegex = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/; // tokens/private/encoding.js, without g
  const near = fc.string({ unit: fc.constantFrom('e', 'E', '1', '0', '-', '|', '.', '+', 'a', ' ', '/', 'x'), maxLength: 12 });
  fc.assert(
    fc.property(fc.oneof(near, fc.string()), (s) => {
      expect(mayBeNumberToken(s)).toBe(cdktfRegex.test(s));
    }),
    { numRuns: 2000 },
  );
  expect(mayBeNumberToken(String(Token.asNumber(Lazy.numberValue({ produce: () => 1 }))))).toBe(true);
  expect(['vpc-0e123', '1e5', '-1.5e+10'].map(mayBeNumberToken)).toEqual([true, true, true]);
  expect(['e1', 'vpc-abc', '10.0.0.0/16', 'arn:aws:iam::123:role/x', '1e', 'ee'].map(mayBeNumberToken)).toEqual([false, false, false, false, false, false]);
});

describe('CDK Terrain resolves tokens with the same code', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engines = require('../scripts/engines.cjs') as { missing(engine: string): string | undefined };
  const absent = engines.missing('cdktn');
  if (absent && !isCI) console.warn(`CDK Terrain comparison skipped: ${absent}`);
  /** A compiled module without its source map and jsii's fqn/version stamp, which name the package. */
  const code = (lib: string, file: string) =>
    fs
      .readFileSync(path.join(ROOT, lib, file), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('//# sourceMappingURL=') && !/\{ fqn: "cdkt[fn]\.\w+", version: "[\d.]+" \}/.test(l))
      .join('\n');
  const reference = (text: string) => text.slice(text.indexOf('class Reference '), text.indexOf('\n}\n', text.indexOf('class Reference ')));
  (absent && !isCI ? test.skip : test).each(['tokens/private/resolve.js', 'tokens/private/token-map.js', 'tokens/string-fragments.js'])('%s', (file) => {
    expect(code('engines/cdktn/node_modules/cdktn/lib', file)).toBe(code('node_modules/cdktf/lib', file));
  });
  (absent && !isCI ? test.skip : test)('tokens/private/encoding.js: the token markers and patterns', () => {
    const constants = (lib: string) => code(lib, 'tokens/private/encoding.js').split('\n').filter((l) => /MARKER =|_REGEX =|VALID_KEY_CHARS =/.test(l));
    expect(constants('engines/cdktn/node_modules/cdktn/lib').length).toBeGreaterThanOrEqual(5);
    expect(constants('engines/cdktn/node_modules/cdktn/lib')).toEqual(constants('node_modules/cdktf/lib'));
  });
  (absent && !isCI ? test.skip : test)('tfExpression.js: class Reference', () => {
    const cdktn = reference(code('engines/cdktn/node_modules/cdktn/lib', 'tfExpression.js'));
    expect(cdktn).toContain('resolve(context)');
    expect(cdktn).toBe(reference(code('node_modules/cdktf/lib', 'tfExpression.js')));
  });
});

test('installing twice is a no-op, uninstalling restores the original', () => {
  expect(installFastResolve()).toBe(true);
  expect(installFastResolve()).toBe(false);
  uninstallFastResolve();
  expect(installFastResolve()).toBe(true);
});

describe('random values resolve as cdktf resolves them', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-fast-resolve-')) });
  const stack = new TerraformStack(app, 'values');
  const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });

  // Leaves: plain values that look like tokens or numbers, and every kind of token.
  const leaf = fc.oneof(
    fc.string(),
    fc.constantFrom('1e5', 'vpc-0e123', '-1.5e+10', '${aws_vpc.x.id}', '$${literal}', 'TfToken[', '#{not a token', Token.STRING_MAP_TOKEN_VALUE),
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(new Date(0)),
    fc.constantFrom(
      () => vpc.id,
      () => `prefix-${vpc.arn}-suffix`,
      () => vpc.cidrBlock,
      () => Token.asString(Lazy.stringValue({ produce: () => 'lazy' })),
      () => Token.asNumber(vpc.ipv6NetmaskLength),
      () => vpc.ipv6NetmaskLength,
      () => Token.asList(vpc.id),
      () => Fn.join(',', Token.asList(vpc.id)),
      () => Token.asStringMap(vpc.tagsAll),
      () => vpc.tagsAll,
      () => Lazy.anyValue({ produce: () => ({ nested: [vpc.id, 1, { a: undefined }] }) }),
      () => Fn.lookup(vpc.tagsAll, 'Name', 'none'),
    ).map((make) => make()),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('node'), { maxLength: 4 }),
    // Keys of every class the walker tells apart: plain, a token (resolved as a key), a map token
    // (the whole object goes to cdktf), the map sentinels, number-like; each seen more than once.
    object: fc.dictionary(
      fc.oneof(
        fc.string(),
        fc.constantFrom('//', 'tags', 'count', '1e5', Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE, vpc.id, `${vpc.arn}-key`),
        fc.constant(null).map(() => Object.keys(Token.asStringMap(vpc.tagsAll))[0]),
      ),
      tie('node'),
      { maxKeys: 4 },
    ),
  })).node;

  const resolveWith = (fast: boolean, v: unknown, preparing: boolean) => {
    if (fast) installFastResolve();
    else uninstallFastResolve();
    try {
      return { ok: Tokenization.resolve(v, { scope: stack, preparing, resolver: new DefaultTokenResolver(new StringConcat()) }) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };

  test('same result or same error, preparing or not', () => {
    fc.assert(
      fc.property(value, fc.boolean(), (v, preparing) => {
        expect(resolveWith(true, v, preparing)).toEqual(resolveWith(false, v, preparing));
      }),
      { numRuns: 300 },
    );
  });

  test('a cycle fails with the same error', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const slow = resolveWith(false, cyclic, false);
    expect(slow.error).toBeDefined();
    expect(resolveWith(true, cyclic, false)).toEqual(slow);
  });

  test('functions and constructs are refused with the same error', () => {
    for (const bad of [{ f: () => 1 }, { c: vpc }, [vpc]]) expect(resolveWith(true, bad, false)).toEqual(resolveWith(false, bad, false));
  });
});
