/**
 * Stack names are Terraform working directories and state keys, so no two environments may
 * produce the same one (env "prod" with site "eu-a" and env "prod-eu" with site "a" both make
 * prod-eu-a-source). Checked across all files before anything is synthesized.
 */
import { InvalidEnvironmentError, problem } from '../config/problems';
import type { EnvironmentPlan } from './types';

export function stackNameClashes(plans: readonly { readonly file: string; readonly plan: EnvironmentPlan }[]): InvalidEnvironmentError[] {
  const owners = new Map<string, string>();
  const errors: InvalidEnvironmentError[] = [];
  for (const { file, plan } of plans) {
    const problems = plan.stacks.flatMap((stack) => {
      const other = owners.get(stack.name);
      if (other === undefined) {
        owners.set(stack.name, plan.env.name);
        return [];
      }
      return [problem('name', `the stack ${stack.name} would also be a stack of environment "${other}"; rename this environment or the site so that stack names stay unique`)];
    });
    if (problems.length) errors.push(new InvalidEnvironmentError(file, problems));
  }
  return errors;
}
