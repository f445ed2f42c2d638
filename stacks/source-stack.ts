/**
 * An AWS-hosted site's source side, in its account and region: the source VPC (unless adopted),
 * the instance profile for EC2 source servers (none for MGN into other accounts only, see below),
 * and the account's half of cross-account roles.
 */
import type { Construct } from 'constructs';
import { SourceVpc } from '../constructs/source-vpc';
import { SourceStsEndpoint } from '../constructs/failback/source-sts';
import { SourceInstanceProfile } from '../constructs/identity/source-instance-profile';
import { SourceCrossAccountRoles } from '../constructs/identity/cross-account';
import type { EnvContext, SourcePlan } from '../plan/types';
import { terraformLiteral } from '../constructs/policy';
import { DrStack } from './dr-stack';

export const SOURCE_ROUTE_TABLE_OUTPUT = 'route_table_id_servers';

export function sourceProfileName(envName: string, site: string, serviceId: string): string {
  return `${envName}-${site}-${serviceId}-source`;
}

/** What a cross-account MGN source installs with, in place of an instance profile. */
export function mgnCrossAccountSource(envName: string, source: SourcePlan): string {
  const staging = source.crossAccountStaging.map((a) => a.id).join(', ');
  return [
    `# Site ${source.site} runs in account ${source.stack.account.id}; MGN replicates it into account ${staging} (environment ${envName}).`,
    "# No instance profile is created: MGN's installer has no --account-id (that flag is DRS-only), so an instance",
    `# profile of account ${source.stack.account.id} cannot register these servers into another account.`,
    "# Install them like on-prem servers, with temporary credentials of the staging account's agent-installation role:",
    ...source.stagingStacks.map((s) => `#   outputs agent_install_linux / agent_install_windows of stack ${s}`),
  ].join('\n');
}

export class SourceStack extends DrStack {
  constructor(scope: Construct, readonly source: SourcePlan, env: EnvContext) {
    super(scope, source.stack, env);
    const name = `${env.name}-${source.site}`;
    if (!source.adopted) {
      const vpc = new SourceVpc(this, 'source', { name: `${name}-source`, cidr: source.cidr });
      this.output('vpc_id', vpc.vpc.id, 'The source VPC');
      this.output(SOURCE_ROUTE_TABLE_OUTPUT, vpc.routeTable.id, 'Route table of the source server subnets');
      this.output('subnet_ids_servers', vpc.subnets.map((s) => s.id), 'Source server subnets, one per AZ');
      // Cross-account EC2 installs (--account-id) assume roles through STS on the instance (issue 14).
      if (env.service.id === 'drs' && source.crossAccountStaging.length) new SourceStsEndpoint(this, 'sts', { name: `${name}-source`, vpc, region: source.stack.region, cidr: source.cidr });
    }
    if (env.service.id === 'mgn' && !source.sameAccountStaging) {
      // No instance profile here. An instance profile's credentials are the source account's, and
      // MGN's installer has no --account-id (DRS-only: DRS installer parameters; the MGN parameter
      // list has none), so an agent using them can only register into the source account, where
      // this site has no staging area. The profile would be an unused role with MGN permissions,
      // and an output naming it would invite an install that registers nowhere useful; this output
      // says what works instead (the same path as on-prem servers).
      this.output('agent_install_ec2', terraformLiteral(mgnCrossAccountSource(env.name, source)), 'No instance profile for these EC2 sources: MGN cannot register them into another account with one');
    } else {
      const profile = new SourceInstanceProfile(this, 'ec2_source', { name: sourceProfileName(env.name, source.site, env.service.id), service: env.service });
      this.output('source_instance_profile', profile.profile.name, 'Instance profile for EC2 source servers (agent installs without typed credentials)');
    }
    if (env.service.id === 'drs') {
      const identity = source.accountIdentity;
      for (const staging of identity?.stagingAccounts ?? []) {
        new SourceCrossAccountRoles(this, `cross_account_${staging.id}`, {
          sourceId: source.stack.account.id,
          stagingId: staging.id,
          replicationRole: identity!.replicationRoles.some((a) => a.id === staging.id),
        });
      }
    }
  }
}
