/**
 * Every command that plans (synth, stacks, diagram) does it the same way: all files validated,
 * each planned, and no stack name shared between environments, before any output exists.
 */
import { AggregateEnvironmentError, envFiles, loadEnvironments } from '../config/load';
import { InvalidEnvironmentError, problem } from '../config/problems';
import { planEnvironment } from './plan';
import { stackNameClashes } from './stack-names-unique';
import { fixedRoleClashes } from './fixed-role-owners';
import type { EnvironmentPlan } from './types';

export function planFiles(files: readonly string[]): EnvironmentPlan[] {
  const plans = loadEnvironments(files).map(planEnvironment);
  const named = plans.map((plan, i) => ({ file: files[i], plan }));
  const clashes = [...stackNameClashes(named), ...fixedRoleClashes(named)];
  if (clashes.length) throw new AggregateEnvironmentError(clashes);
  return plans;
}

/**
 * What the app (main.ts: `npm run synth`, `cdktf synth`) plans before it writes anything: DR_ENV's
 * file, or every file in `envDir`, none being a refusal too. `npm run cdktf` runs it first, so a
 * file the app would refuse is refused by the same code, with the same words.
 */
export function appPlans(envDir: string): EnvironmentPlan[] {
  const files = envFiles(envDir);
  if (!files.length) throw new InvalidEnvironmentError(envDir, [problem('', 'no environment files (*.yaml, *.yml, *.json); add one, e.g. envs/example.yaml')]);
  return planFiles(files);
}
