/**
 * An AWS-hosted site's source side, in its account and region: the source VPC (unless adopted),
 * the instance profile for EC2 source servers, and the account's half of cross-account roles.
 */
import type { Construct } from 'constructs';
import { SourceVpc } from '../constructs/source-vpc';
import { SourceStsEndpoint } from '../constructs/failback/source-sts';
import { SourceInstanceProfile } from '../constructs/identity/source-instance-profile';
import { SourceCrossAccountRoles } from '../constructs/identity/cross-account';
import type { EnvContext, SourcePlan } from '../plan/types';
import { DrStack } from './dr-stack';

export const SOURCE_ROUTE_TABLE_OUTPUT = 'route_table_id_servers';

export function sourceProfileName(envName: string, site: string, serviceId: string): string {
  return `${envName}-${site}-${serviceId}-source`;
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
    const profile = new SourceInstanceProfile(this, 'ec2_source', { name: sourceProfileName(env.name, source.site, env.service.id), service: env.service });
    this.output('source_instance_profile', profile.profile.name, 'Instance profile for EC2 source servers (agent installs without typed credentials)');
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
