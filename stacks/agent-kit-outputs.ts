/** The staging stack's operator outputs: install commands, DNS forwarders, connectivity check, MGN settings. */
import { Fn } from 'cdktf';
import { connectivityCheck, ec2LinuxInstall, installerHost, linuxInstall, s3EndpointMissing, windowsInstall, type InstallEndpoints } from '../constructs/agent-kit';
import { dnsForwarderOutputs } from './dns-files';
import { stagingAreaTags } from './staging-tags';
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
      const id = `agent_install_ec2_${source.site.replace(/-/g, '_')}`;
      if (crossAccount && env.service.id !== 'drs') {
        // --account-id is a DRS installer flag (DRS installer parameters); MGN's installer has none.
        text(id, mgnCrossAccountEc2(source.site, source.accountId, accountId), `EC2 sources of site ${source.site} in another account: MGN installs them with typed credentials`);
        continue;
      }
      text(id, ec2LinuxInstall(env.service, e, crossAccount), `Install on EC2 sources of site ${source.site} (instance profile, no typed credentials)`);
    }
  } else {
    text('agent_install_linux', s3EndpointMissing(), 'How to bring back the S3 interface endpoint for installs');
    text('agent_install_windows', s3EndpointMissing(), 'How to bring back the S3 interface endpoint for installs');
  }

  if (staging.regionalDns) dnsForwarderOutputs(stack, env, staging.regionalDns, staging.resolverAddresses);

  text(
    'connectivity_check',
    connectivityCheck({
      region,
      serviceId: env.service.id,
      serviceDns,
      ...(s3Dns ? { downloadHost: installerHost(env.service, region, s3Dns) } : {}),
      // Exactly the VPCs whose endpoints answer for these sources: this one (its endpoint-specific names),
      // for on-prem sites every resolver VPC of the region (each answers with its own endpoints), for AWS
      // sites the staging VPC whose zone their source VPC is associated with (the plan's peerings decide).
      privateCidrs: [...new Set([staging.network.cidr, ...(staging.regionalDns?.vpcCidrs ?? []), ...staging.awsServiceZones.map((z) => z.cidr)])],
      onPrem: staging.regionalDns !== undefined,
      awsServiceZones: staging.awsServiceZones,
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
        tags: stagingAreaTags(env, staging.stack.name),
        ...(inputs.kmsKeyArn ? { kmsKeyArn: inputs.kmsKeyArn } : {}),
      }),
      'MGN has no Terraform resource for replication settings: run these with credentials for this account',
    );
  }
}

/** MGN sources on EC2 in another account: the instance profile cannot register them here. */
export function mgnCrossAccountEc2(site: string, sourceAccount: string, stagingAccount: string): string {
  return [
    `# Site ${site} runs in account ${sourceAccount}; MGN replicates it into account ${stagingAccount}.`,
    "# MGN's installer has no --account-id (that flag is DRS-only), so the instance profile cannot register these",
    '# servers in this account: install them like on-prem servers, with temporary credentials of this account\'s',
    '# agent-installation role (outputs agent_install_linux and agent_install_windows).',
  ].join('\n');
}
