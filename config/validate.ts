/** Shape first (the schema), then every cross-field rule; all problems at once. */
import { environmentSchema, type Environment } from './schema';
import { parseErrorMap, shapeProblems } from './shape';
import { Problem, excerpt, problem } from './problems';
import { untrustedDataProblems } from './untrusted';
import { referenceRules } from './rules/references';
import { networkRules } from './rules/networks';
import { capacityRules } from './rules/capacity';
import { sourceRules } from './rules/sources';
import { identityRules } from './rules/identity';
import { nameRules } from './rules/names';
import { launchRules } from './rules/launch';
import { quotaRules } from './rules/quotas';
import { templateRules } from './rules/templates';
import { failbackRules } from './rules/failback';

const NAME = /^[a-z][a-z0-9-]*$/;
const RULES = [nameRules, referenceRules, sourceRules, networkRules, capacityRules, identityRules, quotaRules, templateRules, launchRules, failbackRules];

export type Validation = { ok: true; env: Environment } | { ok: false; problems: Problem[] };

/**
 * A mapping keyed by the user's names as an object with no prototype: looking up "constructor",
 * "toString" or "__proto__" in it finds only what the file defines, never Object.prototype.
 */
function ownEntries<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, record);
}

/** `defaultName` is the file name stem, used when the file has no `name`. */
export function validateEnvironment(data: unknown, defaultName: string): Validation {
  const { problems: untrusted, tooDeep, data: own } = untrustedDataProblems(data);
  if (tooDeep) return { ok: false, problems: untrusted };
  const parsed = environmentSchema.safeParse(own, { error: parseErrorMap });
  const shape = parsed.success ? [] : shapeProblems(parsed.error.issues, own);
  if (!parsed.success) return { ok: false, problems: [...untrusted, ...shape] };
  const name = parsed.data.name ?? defaultName;
  if (!NAME.test(name)) {
    return { ok: false, problems: [...untrusted, problem('name', `the file name ${excerpt(defaultName)} is not a valid environment name ([a-z][a-z0-9-]*); add name: to the file or rename it`)] };
  }
  const env: Environment = { ...parsed.data, name, accounts: ownEntries(parsed.data.accounts), tags: ownEntries(parsed.data.tags) };
  const problems = [...untrusted, ...RULES.flatMap((rule) => rule(env))];
  return problems.length ? { ok: false, problems } : { ok: true, env };
}
