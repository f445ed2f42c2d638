/**
 * A site's target account in the recovery region: a private recovery VPC (no internet path)
 * with its own drs, ec2 and s3 endpoints so recovered instances can fail back, routed home like
 * the staging VPCs. Extending the staging accounts' source servers into this account has no
 * Terraform resource, so the stack outputs the exact commands.
 */
import type { Construct } from 'constructs';
import { OnPremRoutes } from '../constructs/on-prem-routes';
import { PrivateVpc } from '../constructs/private-vpc';
import { ServiceEndpoints } from '../constructs/service-endpoints';
import { DrsInitialization, DrsServiceRoles } from '../constructs/identity/drs-initialization';
import type { EnvContext, TargetPlan } from '../plan/types';
import { DrStack } from './dr-stack';
import { networkOutputs, onPremOutputs } from './outputs';
import { recoveryLaunch } from './launch-outputs';
import { recoveryFailback } from './failback-outputs';

export function extendSourceServersCommand(stagingAccountId: string, region: string): string {
  return [
    `# Once per target account and region, if DRS was never used there and replication.initializeService is off: aws drs initialize-service --region ${region}`,
    `aws drs list-extensible-source-servers --staging-account-id ${stagingAccountId} --region ${region} --query 'items[].arn' --output text | tr '\\t' '\\n' |`,
    `  while read -r arn; do aws drs create-extended-source-server --source-server-arn "$arn" --region ${region}; done`,
  ].join('\n');
}

export class TargetStack extends DrStack {
  constructor(scope: Construct, readonly target: TargetPlan, env: EnvContext) {
    super(scope, target.stack, env);
    const { network: net, stack } = target;
    const name = `${env.name}-${target.site}-recovery`;
    const network = new PrivateVpc(this, 'network', { name, cidr: net.cidr, subnets: net.subnets });
    const endpoints = new ServiceEndpoints(this, 'endpoints', {
      name,
      network,
      region: stack.region,
      service: env.service,
      clients: [...new Set([...net.sourceRanges.map((r) => r.cidr), ...network.subnetCidrs('recovery')])],
      s3Interface: false,
      serviceDns: 'private-dns',
    });
    if (net.onPrem) onPremOutputs(this, new OnPremRoutes(this, 'on_prem', { name, network, routing: net.onPrem }), net.cidr);
    const failback = recoveryFailback(this, target, env, name, network, endpoints);
    const serviceRoles = target.initialize?.serviceRoles ? new DrsServiceRoles(this, 'drs_service_roles', { accountId: stack.account.id }) : undefined;
    const init = target.initialize ? new DrsInitialization(this, 'drs_initialization', { account: stack.account, region: stack.region, after: serviceRoles?.roles }) : undefined;
    networkOutputs(this, network, endpoints);
    recoveryLaunch(this, {
      name,
      network,
      endpoints,
      ...(failback?.securityGroup ? { extraSecurityGroupIds: [failback.securityGroup.id] } : {}),
      stagingAccountIds: target.stagingAccounts.map((a) => a.id),
      ...(init ? { after: [init.resource] } : {}),
    });
    this.output(
      'extend_source_servers_commands',
      Object.fromEntries(target.stagingAccounts.map((a) => [a.alias, extendSourceServersCommand(a.id, stack.region)])),
      'Run with target-account credentials after the staging accounts replicate: makes their source servers recoverable here',
    );
  }
}
