/** The staging stack's operator outputs: install commands, DNS forwarders, connectivity check, MGN settings. */
import { Fn } from 'cdktf';
import {
  bindForwarders,
  connectivityCheck,
  ec2LinuxInstall,
  forwardedZones,
  linuxInstall,
  s3EndpointMissing,
  windowsForwarders,
  windowsInstall,
  type InstallEndpoints,
} from '../constructs/agent-kit';
import { terraformLiteral } from '../constructs/policy';
import { agentInstallRoleName } from '../constructs/identity/agent-install-role';
import type { PrivateVpc } from '../constructs/private-vpc';
import type { ServiceEndpoints } from '../constructs/service-endpoints';
import type { EnvContext, StagingPlan } from '../plan/types';
import type { DrStack } from './dr-stack';
import { mgnReplicationCommands } from './mgn-commands';

export interface AgentKitInputs {
  readonly staging: StagingPlan;
  readonly env: EnvContext;
  readonly endpoints: ServiceEndpoints;
  readonly network: PrivateVpc;
  readonly replicationSecurityGroupId: string;
  readonly kmsKeyArn?: string;
}

export function agentKitOutputs(stack: DrStack, inputs: AgentKitInputs): void {
  const { staging, env, endpoints, network } = inputs;
  const region = staging.stack.region;
  const accountId = staging.stack.account.id;
  const text = (name: string, value: string, description: string) => stack.output(name, terraformLiteral(value), description);
  const serviceDns = endpoints.service.dnsEntry.get(0).dnsName;
  const s3Dns = endpoints.s3Interface ? Fn.replace(endpoints.s3Interface.dnsEntry.get(0).dnsName, '*.', '') : undefined;
  const credentials = {
    roleArn: `arn:aws:iam::${accountId}:role/private-dr/${agentInstallRoleName(env.name, env.service)}`,
    sessionSeconds: env.agentInstall.sessionSeconds,
  };
  stack.output('agent_installation_role_arn', credentials.roleArn, 'Role that installs agents; assumable only by agentInstall.principals');

  if (s3Dns) {
    const e: InstallEndpoints = { region, serviceDns, s3Dns };
    text('agent_install_linux', linuxInstall(env.service, e, credentials), 'Install the agent on a Linux source server through the private endpoints');
    text('agent_install_windows', windowsInstall(env.service, e, credentials), 'Install the agent on a Windows source server through the private endpoints');
    for (const source of staging.ec2Sources) {
      const crossAccount = source.accountId === accountId ? undefined : accountId;
      // --account-id is a DRS installer flag; MGN sources in another account use the credentials above.
      if (crossAccount && env.service.id !== 'drs') continue;
      text(`agent_install_ec2_${source.site.replace(/-/g, '_')}`, ec2LinuxInstall(env.service, e, crossAccount), `Install on EC2 sources of site ${source.site} (instance profile, no typed credentials)`);
    }
  } else {
    text('agent_install_linux', s3EndpointMissing(), 'How to bring back the S3 interface endpoint for installs');
    text('agent_install_windows', s3EndpointMissing(), 'How to bring back the S3 interface endpoint for installs');
  }

  if (staging.resolverAddresses.length) {
    const zones = forwardedZones(env.service.id, region);
    stack.output('inbound_resolver_addresses', [...staging.resolverAddresses], 'Forward these zones from on-prem DNS to these addresses');
    stack.output('dns_forward_zones', zones, 'Zones on-prem DNS forwards to the inbound resolver');
    text('dns_forwarders_bind', bindForwarders(zones, staging.resolverAddresses), 'BIND named.conf conditional forwarders');
    text('dns_forwarders_windows', windowsForwarders(zones, staging.resolverAddresses), 'Windows DNS Server conditional forwarders (PowerShell)');
  }

  text(
    'connectivity_check',
    connectivityCheck({
      region,
      serviceId: env.service.id,
      serviceDns,
      ...(s3Dns ? { s3Dns } : {}),
      stagingSubnets: network.subnetCidrs('staging'),
      replicationSecurityGroupId: inputs.replicationSecurityGroupId,
    }),
    'Bash check to run on a source server',
  );

  if (env.service.id === 'mgn') {
    text(
      'mgn_replication_settings_commands',
      mgnReplicationCommands({
        region,
        stagingSubnetId: network.subnets('staging')[0].id,
        securityGroupId: inputs.replicationSecurityGroupId,
        replication: staging.replication,
        tags: { ...env.tags, Environment: env.name, 'private-dr:staging': staging.stack.name },
        ...(inputs.kmsKeyArn ? { kmsKeyArn: inputs.kmsKeyArn } : {}),
      }),
      'MGN has no Terraform resource for replication settings: run these with credentials for this account',
    );
  }
}
