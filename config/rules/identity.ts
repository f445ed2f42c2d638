/** Target accounts and encryption: a target must be able to read the staging snapshots. */
import type { Environment } from '../schema';
import { effectiveReplication } from '../effective';
import { Problem, problem } from '../problems';

export function identityRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  env.sites.forEach((site, i) => {
    const at = (...rest: string[]) => ['sites', i, 'recovery', ...rest];
    const { target, targetCidr } = site.recovery;
    if (target === undefined) {
      if (targetCidr !== undefined) out.push(problem(at('targetCidr'), 'only applies with target: name the target account, or remove targetCidr'));
      return;
    }
    if (env.service === 'mgn') {
      out.push(problem(at('target'), 'target accounts are a DRS feature (trusted staging accounts); remove target or use service: drs'));
    }
    if (targetCidr === undefined) {
      out.push(problem(at('targetCidr'), 'is required with target: the CIDR of the private recovery VPC in the target account, e.g. 10.9.0.0/16'));
    }
    if (effectiveReplication(env, site).encryption !== 'cmk') {
      out.push(problem(at('target'), 'needs replication.encryption: cmk; with the default EBS key the target account cannot read the staging snapshots'));
    }
  });
  return out;
}
