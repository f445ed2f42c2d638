/** The JSON fast path must accept exactly what the YAML parser accepts for JSON files. */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { hasDuplicateKey, parseStrictJson } from '../config/json';
import { parseEnvironmentText } from '../config/load';
import { tempDir } from './support/synth';

describe('JSON fast path', () => {
  it('finds no duplicate in anything JSON.stringify writes, and parses it to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(hasDuplicateKey(text)).toBe(false);
        expect(parseStrictJson(text)).toEqual({ data: JSON.parse(text) });
      }),
      { numRuns: 200 },
    );
  });

  it('finds a repeated key at any depth, but not the same key in sibling objects', () => {
    expect(hasDuplicateKey('{"a":1,"b":{"a":2,"c":[{"a":1},{"a":2}]}}')).toBe(false);
    expect(hasDuplicateKey('{"a":1,"b":2,"a":3}')).toBe(true);
    expect(hasDuplicateKey('{"a":["x",{"k":"\\"a\\""}],"x":{"y":1,"y":2}}')).toBe(true);
  });

  it('leaves duplicates and syntax errors to the YAML parser, which says where', () => {
    expect(parseEnvironmentText('{\n  "name": "a",\n  "name": "b"\n}', 'dup.json').problems).toEqual([
      { path: '', message: 'line 3, column 3: Map keys must be unique' },
    ]);
    expect(parseEnvironmentText('{"name": "a"', 'bad.json').problems[0].message).toMatch(/^line 1, column \d+: /);
  });

  it('synthesizes a JSON copy of the example exactly like the YAML original', () => {
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const root = path.resolve(__dirname, '..');
    const tmp = tempDir('private-dr-json-');
    const { parse } = require('yaml') as typeof import('yaml');
    fs.writeFileSync(path.join(tmp, 'example.json'), JSON.stringify(parse(fs.readFileSync(path.join(root, 'envs', 'example.yaml'), 'utf8'))));
    const run = (env: string, out: string) =>
      spawnSync(process.execPath, ['scripts/run.cjs', 'main.ts'], { cwd: root, env: { ...process.env, DR_ENV: env, CDKTF_OUTDIR: out }, encoding: 'utf8' });
    expect(run(path.join(root, 'envs', 'example.yaml'), path.join(tmp, 'yaml')).status).toBe(0);
    expect(run(path.join(tmp, 'example.json'), path.join(tmp, 'json')).status).toBe(0);
    const stacks = fs.readdirSync(path.join(tmp, 'yaml', 'stacks'));
    for (const s of stacks) {
      expect(fs.readFileSync(path.join(tmp, 'json', 'stacks', s, 'cdk.tf.json'), 'utf8')).toBe(fs.readFileSync(path.join(tmp, 'yaml', 'stacks', s, 'cdk.tf.json'), 'utf8'));
    }
  });
});
