/** Target accounts and encryption: a target must be able to read the staging snapshots. */
import type { Environment } from '../schema';
import { effectiveReplication } from '../effective';
import { Problem, problem } from '../problems';

/** IAM role names are at most 64 characters (IAM quotas). */
const IAM_NAME_MAX = 64;

export function identityRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  for (const [alias, account] of Object.entries(env.accounts)) {
    const roleAccount = account.roleArn?.split(':')[4];
    if (roleAccount && roleAccount !== account.id) {
      out.push(problem(['accounts', alias, 'roleArn'], `is a role in account ${roleAccount}, not in ${account.id} (accounts.${alias}.id); use a role of that account`));
    }
  }
  const installRole = `${env.name}-${env.service}-agent-installation`;
  if (installRole.length > IAM_NAME_MAX) {
    out.push(problem('name', `"${env.name}" makes the IAM role name ${installRole} longer than ${IAM_NAME_MAX} characters; use a name of at most ${IAM_NAME_MAX - installRole.length + env.name.length} characters`));
  }
  env.sites.forEach((site, i) => {
    const profile = `${env.name}-${site.name}-${env.service}-source`;
    if (site.source.type === 'aws' && profile.length > IAM_NAME_MAX) {
      out.push(problem(['sites', i, 'name'], `makes the instance profile name ${profile} longer than ${IAM_NAME_MAX} characters; shorten the site name (or the environment name) by ${profile.length - IAM_NAME_MAX}`));
    }
  });
  if (env.service === 'mgn') {
    if (env.replication.initializeService) out.push(problem(['replication', 'initializeService'], 'is DRS-only; with service: mgn the staging stacks output the aws mgn initialize-service command instead: remove it'));
    env.sites.forEach((site, i) => {
      if (site.recovery.replication?.initializeService) {
        out.push(problem(['sites', i, 'recovery', 'replication', 'initializeService'], 'is DRS-only; with service: mgn the staging stacks output the aws mgn initialize-service command instead: remove it'));
      }
    });
  }
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
