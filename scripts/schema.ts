/**
 * npm run schema [-- --check]
 *
 * Writes envs/environment.schema.json from the zod schema in config/schema.ts, the same source
 * the validator uses, so the two are never written twice. Editors pick it up through
 * `# yaml-language-server: $schema=./environment.schema.json` at the top of an environment file.
 * --check writes nothing and exits 1 when the file is missing or differs (for CI and tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { runCommand } from '../config/report';
import { environmentSchema } from '../config/schema';
import { writeFileAtomically } from '../output/files';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'envs', 'environment.schema.json');
export const SCHEMA_ID = 'urn:private-dr:environment-file:v1';

/** Keys that lead an object, in this order; every other key follows in alphabetical order. */
const LEADING = ['$schema', '$id', '$ref', 'title', 'description', 'type'];
/** Objects whose keys are names from the file (field order matters to readers): kept as zod emits them. */
const NAMED = new Set(['properties', '$defs', 'definitions']);

function stable(value: unknown, keepOrder = false): unknown {
  if (Array.isArray(value)) return value.map((v) => stable(v));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const rank = (k: string) => (LEADING.includes(k) ? LEADING.indexOf(k) : LEADING.length);
  const sorted = keepOrder ? entries : [...entries].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(sorted.map(([k, v]) => [k, keepOrder ? stable(v) : stable(v, NAMED.has(k))]));
}

/** The JSON Schema text: input side (defaults optional), with $id and title, stable order, trailing newline. */
export function environmentJsonSchema(): string {
  const generated = z.toJSONSchema(environmentSchema, { io: 'input' }) as Record<string, unknown>;
  const schema = stable({ ...generated, $id: SCHEMA_ID, title: 'private-dr environment file' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Whether a schema file holds exactly the generated text. */
export function schemaStatus(file: string = SCHEMA_FILE): 'up to date' | 'stale' | 'missing' {
  if (!fs.existsSync(file)) return 'missing';
  return fs.readFileSync(file, 'utf8') === environmentJsonSchema() ? 'up to date' : 'stale';
}

function main(): void {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length) {
    process.stderr.write(`unknown argument ${unknown.join(', ')}\nusage: npm run schema [-- --check]\n`);
    process.exit(2);
  }
  const rel = path.relative(process.cwd(), SCHEMA_FILE) || SCHEMA_FILE;
  const status = schemaStatus();
  if (args.includes('--check') && status !== 'up to date') {
    process.stderr.write(`${rel} is ${status}: run npm run schema and commit it\n`);
    process.exit(1);
  }
  if (status === 'up to date') {
    process.stdout.write(`${rel} is up to date\n`);
    return;
  }
  writeFileAtomically(SCHEMA_FILE, environmentJsonSchema());
  process.stdout.write(`wrote ${rel}\n`);
}

if (process.argv[1] === __filename) runCommand(main);
