/** envs/environment.schema.json: generated from config/schema.ts, never written by hand. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../config/load';
import { SCHEMA_FILE, SCHEMA_ID, environmentJsonSchema, schemaStatus } from '../scripts/schema';
import { SCENARIOS, tempDir } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'envs', 'example.yaml');
const readYaml = (file: string) => parseYaml(fs.readFileSync(file, 'utf8')).data;

type Schema = Record<string, any>;

/**
 * The JSON Schema keywords the generated file uses (checked below), enough to tell whether a
 * document conforms. No JSON Schema validator is installed (ajv is not a dependency), so this
 * small one stands in; a keyword it does not know fails the test rather than passing silently.
 */
const KNOWN = new Set(['$schema', '$id', 'title', 'description', 'default', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'anyOf', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum']);

function validate(schema: Schema, value: unknown, at = '$'): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) errors.push(`${at}: schema keyword ${key} is not supported by this test`);
  const type = schema.type as string | undefined;
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (type === 'object' && !isObject) return [...errors, `${at}: not an object`];
  if (type === 'array' && !Array.isArray(value)) return [...errors, `${at}: not an array`];
  if (type === 'string' && typeof value !== 'string') return [...errors, `${at}: not a string`];
  if (type === 'number' && typeof value !== 'number') return [...errors, `${at}: not a number`];
  if (type === 'integer' && !Number.isInteger(value)) return [...errors, `${at}: not an integer`];
  if (type === 'boolean' && typeof value !== 'boolean') return [...errors, `${at}: not a boolean`];
  if ('const' in schema && value !== schema.const) errors.push(`${at}: not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((v, i) => errors.push(...validate(schema.items, v, `${at}[${i}]`)));
  }
  if (isObject) {
    const obj = value as Record<string, unknown>;
    const props: Record<string, Schema> = schema.properties ?? {};
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${at}.${key}: required`);
    for (const [key, v] of Object.entries(obj)) {
      if (schema.propertyNames) errors.push(...validate(schema.propertyNames, key, `${at} key ${key}`));
      if (key in props) errors.push(...validate(props[key], v, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}.${key}: unknown key`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties, v, `${at}.${key}`));
    }
  }
  if (schema.anyOf && !schema.anyOf.some((s: Schema) => validate(s, value, at).length === 0)) errors.push(`${at}: matches none of anyOf`);
  return errors;
}

describe('envs/environment.schema.json', () => {
  const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
  const schema = JSON.parse(committed) as Schema;

  it('is exactly what npm run schema generates from config/schema.ts (regenerate it after changing the schema)', () => {
    expect(committed).toBe(environmentJsonSchema());
  });

  it('is a draft 2020-12 schema with an id and title, stable key order and a trailing newline', () => {
    expect(Object.keys(schema).slice(0, 5)).toEqual(['$schema', '$id', 'title', 'description', 'type']);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(committed.endsWith('}\n')).toBe(true);
    expect(environmentJsonSchema()).toBe(environmentJsonSchema());
  });

  it('describes the input side: defaulted fields are optional, unknown keys are refused', () => {
    expect(schema.required).toEqual(['accounts', 'sites', 'agentInstall']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.service).toMatchObject({ default: 'drs', enum: ['drs', 'mgn'] });
  });

  it('is what envs/example.yaml points editors at', () => {
    expect(fs.readFileSync(EXAMPLE, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./environment.schema.json');
    expect(path.dirname(SCHEMA_FILE)).toBe(path.dirname(EXAMPLE));
  });

  it('accepts envs/example.yaml and every test scenario', () => {
    expect(validate(schema, readYaml(EXAMPLE))).toEqual([]);
    for (const file of fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'))) {
      expect([file, validate(schema, readYaml(path.join(SCENARIOS, file)))]).toEqual([file, []]);
    }
  });

  it('refuses what the validator refuses by shape: unknown keys, bad ids, bad enums', () => {
    const example = readYaml(EXAMPLE) as any;
    expect(validate(schema, { ...example, sitez: [] })).toContain('$.sitez: unknown key');
    expect(validate(schema, { ...example, accounts: { ...example.accounts, bad: { id: '123' } } })).toContain('$.accounts.bad.id: does not match ^\\d{12}$');
    expect(validate(schema, { ...example, service: 'backup' })).toContain('$.service: not one of drs, mgn');
    const site = { ...example.sites[0], recovery: { ...example.sites[0].recovery, region: 'mars-1' } };
    expect(validate(schema, { ...example, sites: [site] }).join('\n')).toContain('$.sites[0].recovery.region: not one of');
  });

  it('npm run schema -- --check passes on the committed file', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'scripts', 'schema.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, 'envs/environment.schema.json is up to date\n', '']);
  });

  it('tells a stale or missing file from an up-to-date one', () => {
    const dir = tempDir('private-dr-schema-');
    const file = path.join(dir, 'environment.schema.json');
    expect(schemaStatus(file)).toBe('missing');
    fs.writeFileSync(file, committed.replace('"drs"', '"dr"'));
    expect(schemaStatus(file)).toBe('stale');
    fs.writeFileSync(file, committed);
    expect(schemaStatus(file)).toBe('up to date');
    expect(schemaStatus()).toBe('up to date');
  });
});
