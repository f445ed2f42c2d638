/**
 * Finds and reads environment files: every file in envs/ by default, or the one DR_ENV names
 * (a name in envs/ or a path). Nothing here writes anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseStrictJson } from './json';
import type { Environment } from './schema';
import { InvalidEnvironmentError, Problem, excerpt, problem } from './problems';
import { validateEnvironment } from './validate';
import { readEnvironmentText } from './read';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

export function envFiles(envDir: string, selector = process.env.DR_ENV): string[] {
  if (selector) {
    const candidates = [selector, ...EXTENSIONS.map((ext) => path.join(envDir, selector + ext))];
    const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (!found) {
      const names = envFiles(envDir, '').map((f) => path.basename(f).replace(/\.[^.]+$/, ''));
      throw new InvalidEnvironmentError(selector, [problem('DR_ENV', `${excerpt(selector, 200)} is neither a file nor an environment in ${envDir}; available: ${names.join(', ') || '(none)'}`)]);
    }
    return [path.resolve(found)];
  }
  if (!fs.existsSync(envDir)) return [];
  return fs
    .readdirSync(envDir)
    .filter((f) => EXTENSIONS.includes(path.extname(f)) && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => path.resolve(envDir, f));
}

function stem(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/, '');
}

/** Most YAML problems listed for one file: a broken file often yields hundreds of follow-on errors. */
const YAML_PROBLEMS_MAX = 10;

/**
 * YAML (and so JSON) into plain data; syntax errors come back with line and column. Warnings are
 * problems too: the only ones this parser gives are unknown tags (`!Ref`, `!!js/function`), which
 * it would otherwise read as plain strings, and unsupported directives. Parser limits (alias
 * expansion, nesting that exhausts the stack) become problems, never exceptions.
 */
export function parseYaml(text: string): { data: unknown; problems: Problem[] } {
  // Loaded on first use: JSON files (parseEnvironmentText) never need it.
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  // linePos is only filled in by prettyErrors (which also rewrites the message); a LineCounter gives it directly.
  const lineCounter = new LineCounter();
  const tooDeep = [problem('', 'the file nests too deeply for the YAML parser (it exhausted the call stack); a valid environment file nests at most 7 levels')];
  let doc: import('yaml').Document.Parsed;
  try {
    // resolveKnownTags: false, so the YAML 1.1 extras (!!binary, !!set, !!timestamp ...) are unknown tags too.
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true, resolveKnownTags: false, lineCounter });
  } catch (e) {
    if (e instanceof RangeError) return { data: undefined, problems: tooDeep };
    throw e;
  }
  const issues = [...doc.errors, ...doc.warnings];
  if (issues.some((e) => e.message.includes('Maximum call stack size exceeded'))) return { data: undefined, problems: tooDeep };
  const problems = issues.slice(0, YAML_PROBLEMS_MAX).map((e) => {
    const pos = e.linePos?.[0] ?? (e.pos ? lineCounter.linePos(e.pos[0]) : undefined);
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'YAML';
    const message = e.code === 'TAG_RESOLVE_FAILED' ? `${e.message.split(' at line')[0]}; YAML tags are not part of the environment file: write the plain value` : e.message.split('\n')[0];
    return problem('', `${where}: ${message}`);
  });
  if (issues.length > YAML_PROBLEMS_MAX) problems.push(problem('', `... and ${issues.length - YAML_PROBLEMS_MAX} more YAML problems after these`));
  if (problems.length) return { data: undefined, problems };
  try {
    // maxAliasCount (the default, 100) stops "billion laughs" alias expansion.
    return { data: doc.toJS({ maxAliasCount: 100 }), problems: [] };
  } catch (e) {
    if (e instanceof ReferenceError) return { data: undefined, problems: [problem('', 'expands YAML aliases (*name) too many times (the parser stops at 100, against "billion laughs" files); write the values out')] };
    if (e instanceof RangeError) return { data: undefined, problems: tooDeep };
    throw e;
  }
}

/** A file's text into plain data: JSON files take the fast path when they can. */
export function parseEnvironmentText(text: string, file: string): { data: unknown; problems: Problem[] } {
  const json = path.extname(file) === '.json' ? parseStrictJson(text) : undefined;
  return json ? { data: json.data, problems: [] } : parseYaml(text);
}

export function loadEnvironment(file: string): Environment {
  const { data, problems } = parseEnvironmentText(readEnvironmentText(file), file);
  if (problems.length) throw new InvalidEnvironmentError(file, problems);
  const result = validateEnvironment(data, stem(file));
  if (!result.ok) throw new InvalidEnvironmentError(file, result.problems);
  return result.env;
}

/** Loads every file, collecting the problems of all of them before failing. */
export function loadEnvironments(files: readonly string[]): Environment[] {
  const envs: Environment[] = [];
  const errors: InvalidEnvironmentError[] = [];
  const byName = new Map<string, string>();
  for (const file of files) {
    try {
      const env = loadEnvironment(file);
      const other = byName.get(env.name);
      if (other) throw new InvalidEnvironmentError(file, [problem('name', `"${env.name}" is also the name of ${other}; stack names would collide, so give each file its own name`)]);
      byName.set(env.name, file);
      envs.push(env);
    } catch (e) {
      if (!(e instanceof InvalidEnvironmentError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length) throw new AggregateEnvironmentError(errors);
  return envs;
}

export class AggregateEnvironmentError extends Error {
  constructor(readonly errors: readonly InvalidEnvironmentError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'AggregateEnvironmentError';
  }
}

/** The files a command's arguments name (names in envDir or paths), or every file in envDir without any. */
export function selectedFiles(envDir: string, selectors: readonly string[]): string[] {
  return selectors.length ? [...new Set(selectors.flatMap((s) => envFiles(envDir, s)))] : envFiles(envDir);
}
