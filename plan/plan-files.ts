/**
 * Every command that plans (synth, stacks, diagram) does it the same way: all files validated,
 * each planned, and no stack name shared between environments, before any output exists.
 */
import { AggregateEnvironmentError, loadEnvironments } from '../config/load';
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
