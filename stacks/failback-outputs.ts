/** Failback outputs of a staging or target stack: the recovery instances' group and the Failback Client kit. */
import { Fn } from 'cdktf';
import { failbackClientCommands, failbackRoleName } from '../constructs/failback/commands';
import { RecoveryFailback } from '../constructs/failback/recovery-failback';
import { terraformLiteral } from '../constructs/policy';
import type { PrivateVpc } from '../constructs/private-vpc';
import type { ServiceEndpoints } from '../constructs/service-endpoints';
import type { StackFailback } from '../plan/failback-types';
import type { EnvContext, StackPlan } from '../plan/types';
import type { DrStack } from './dr-stack';

export function recoveryFailback(
  stack: DrStack,
  plan: { stack: StackPlan; failback?: StackFailback },
  env: EnvContext,
  name: string,
  network: PrivateVpc,
  endpoints: ServiceEndpoints,
): RecoveryFailback | undefined {
  const f = plan.failback;
  if (!f || env.service.id !== 'drs') return undefined;
  const region = plan.stack.region;
  const parts = new RecoveryFailback(stack, 'failback', {
    name,
    envName: env.name,
    region,
    network,
    endpoints,
    failback: f,
    principals: env.agentInstall.principals,
    sessionSeconds: env.agentInstall.sessionSeconds,
  });
  if (parts.securityGroup) {
    stack.output('failback_security_group_id', parts.securityGroup.id, 'Recovery instances: reverse replication and the Failback Client (the default launch template attaches it)');
  }
  if (f.onPremClients.length) {
    const commands = failbackClientCommands({
      region,
      roleArn: `arn:aws:iam::${plan.stack.account.id}:role/private-dr/${failbackRoleName(env.name)}`,
      sessionSeconds: env.agentInstall.sessionSeconds,
      endpointDns: endpoints.service.dnsEntry.get(0).dnsName,
      ...(endpoints.s3Interface ? { s3Dns: Fn.replace(endpoints.s3Interface.dnsEntry.get(0).dnsName, '*.', '') } : {}),
    });
    stack.output('failback_client_commands', terraformLiteral(commands), 'On-prem failback: credentials, the Failback Client and the failback launch, through the private endpoints');
  }
  return parts;
}
