/** Names that the schema's patterns allow but AWS would refuse at apply time. */
import type { Environment } from '../schema';
import { Problem, problem } from '../problems';

export function nameRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  // Security group names start with their stack name, which starts with the environment name,
  // and "Names cannot start with sg-" (EC2 API reference, CreateSecurityGroup, GroupName:
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html).
  if (env.name.startsWith('sg-')) {
    out.push(problem('name', `"${env.name}" starts with "sg-", and security group names (which start with the environment name) cannot: EC2 refuses them at apply time; choose another name`));
  }
  // "Do not use aws: ... as a prefix for keys, as it is reserved for AWS use" (tag restrictions,
  // e.g. https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html). Values: docs disagree; left alone.
  for (const key of Object.keys(env.tags)) {
    if (key.toLowerCase().startsWith('aws:')) out.push(problem(['tags', key], 'tag keys cannot start with "aws:", which AWS reserves for its own tags; rename the key'));
  }
  return out;
}
