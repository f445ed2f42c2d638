/**
 * Turns zod's issues into problems a person can act on: a field path, what is wrong and what
 * would be valid. Unknown keys list the keys that are allowed at that place.
 */
import { z } from 'zod';
import { environmentSchema } from './schema';
import { Problem, excerpt, formatPath, problem } from './problems';

type AnySchema = z.core.$ZodType;

/** Walks the schema along a data path to the object schema that rejected a key. */
function schemaAt(schema: AnySchema, path: readonly PropertyKey[], data: unknown): AnySchema | undefined {
  let node: AnySchema | undefined = schema;
  let value: unknown = data;
  for (let i = 0; node; ) {
    const def = (node as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') {
      node = def.innerType as AnySchema;
    } else if (def.type === 'pipe') {
      node = def.in as AnySchema;
    } else if (def.type === 'union') {
      const discriminator = def.discriminator as string | undefined;
      const options = def.options as AnySchema[];
      const tag = discriminator && value && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
      node = options.find((o) => {
        const shape = (o as { _zod: { def: { shape?: Record<string, { _zod: { def: { values?: unknown[] } } }> } } })._zod.def.shape;
        return shape && discriminator && shape[discriminator]?._zod.def.values?.includes(tag);
      });
    } else if (i === path.length) {
      return node;
    } else if (def.type === 'object') {
      node = (def.shape as Record<string, AnySchema>)[String(path[i])];
      value = (value as Record<string, unknown> | undefined)?.[String(path[i])];
      i++;
    } else if (def.type === 'array') {
      node = def.element as AnySchema;
      value = (value as unknown[] | undefined)?.[path[i] as number];
      i++;
    } else if (def.type === 'record') {
      node = def.valueType as AnySchema;
      value = (value as Record<string, unknown> | undefined)?.[String(path[i])];
      i++;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function allowedKeys(path: readonly PropertyKey[], data: unknown): string[] {
  const node = schemaAt(environmentSchema, path, data);
  const shape = (node as { _zod?: { def: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def.shape;
  return shape ? Object.keys(shape) : [];
}

function describeType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'a mapping' : `${typeof input} ${excerpt(input)}`;
}

export function shapeProblems(issues: readonly z.core.$ZodIssue[], data: unknown): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(issue.path, data);
      return issue.keys.map((key) =>
        problem(formatPath([...issue.path, key]), `unknown key ${excerpt(key)}${allowed.length ? `; valid keys here: ${allowed.join(', ')}` : ''}`),
      );
    }
    if (issue.code === 'invalid_key') {
      // A record key that fails its own schema (an account alias): say why, not "Invalid key in record".
      const reasons = issue.issues.map((i) => i.message).filter(Boolean);
      return [problem(formatPath(issue.path), reasons.length ? reasons.join('; ') : issue.message)];
    }
    if (issue.path.length === 0 && issue.code === 'invalid_type') {
      // The whole document: quoting any of it could print a secret of the wrong file (a .env).
      return [problem('', `the file must be a mapping of the environment's fields (name, accounts, sites, ...), not ${data === null ? 'empty' : Array.isArray(data) ? 'a list' : `a ${typeof data}`}; is this the right file?`)];
    }
    return [problem(formatPath(issue.path), issue.message)];
  });
}

/** The per-parse error map: names a missing field as required and says what type was found instead. */
export const parseErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'object' || issue.expected === 'record' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
    if (issue.input === undefined) return `is required (${expected})`;
    return `must be ${expected}, not ${describeType(issue.input)}`;
  }
  if (issue.code === 'invalid_value' && issue.input === undefined) return `is required (one of: ${issue.values.map(String).join(', ')})`;
  if (issue.code === 'too_small' && issue.origin === 'array') return `needs at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}`;
  if (issue.code === 'too_small' && issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${String(issue.minimum)} characters`;
  return undefined;
};
