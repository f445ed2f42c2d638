/** Shape first (the schema), then every cross-field rule; all problems at once. */
import { environmentSchema, type Environment } from './schema';
import { parseErrorMap, shapeProblems } from './shape';
import { Problem, problem } from './problems';
import { referenceRules } from './rules/references';
import { networkRules } from './rules/networks';
import { capacityRules } from './rules/capacity';
import { sourceRules } from './rules/sources';
import { identityRules } from './rules/identity';
import { failbackRules } from './rules/failback';

const NAME = /^[a-z][a-z0-9-]*$/;
const RULES = [referenceRules, sourceRules, networkRules, capacityRules, identityRules, failbackRules];

export type Validation = { ok: true; env: Environment } | { ok: false; problems: Problem[] };

/** `defaultName` is the file name stem, used when the file has no `name`. */
export function validateEnvironment(data: unknown, defaultName: string): Validation {
  const parsed = environmentSchema.safeParse(data, { error: parseErrorMap });
  if (!parsed.success) return { ok: false, problems: shapeProblems(parsed.error.issues, data) };
  const name = parsed.data.name ?? defaultName;
  if (!NAME.test(name)) {
    return { ok: false, problems: [problem('name', `the file name "${defaultName}" is not a valid environment name ([a-z][a-z0-9-]*); add name: to the file or rename it`)] };
  }
  const env: Environment = { ...parsed.data, name };
  const problems = RULES.flatMap((rule) => rule(env));
  return problems.length ? { ok: false, problems } : { ok: true, env };
}
