/**
 * Launch settings for a stack with recovery subnets (issue 13): the recovered-instance network
 * pieces always, and in the one stack that owns its account and region's defaults
 * (plan/launch.ts) the default launch settings and the operator command for existing servers.
 */
import type { ITerraformDependable } from 'cdktf';
import { terraformLiteral } from '../constructs/policy';
import type { PrivateVpc } from '../constructs/private-vpc';
import type { ServiceEndpoints } from '../constructs/service-endpoints';
import { RecoveryNetwork } from '../constructs/launch/recovery-network';
import { LaunchDefaults } from '../constructs/launch/launch-defaults';
import { existingServersCommand } from '../constructs/launch/existing-servers';
import { ec2LaunchTemplateData, recoveredInstanceProfile, type Ec2LaunchInputs } from '../constructs/launch/settings';
import type { DrStack } from './dr-stack';

export interface RecoveryLaunchInputs {
  readonly name: string;
  readonly network: PrivateVpc;
  readonly endpoints: ServiceEndpoints;
  /** Steps that must run first (DRS initialization). */
  readonly after?: readonly ITerraformDependable[];
  /** Groups recovered instances need besides their own (the failback group). */
  readonly extraSecurityGroupIds?: readonly string[];
  /** Target stacks: the staging accounts whose extended source servers launch here. */
  readonly stagingAccountIds?: readonly string[];
}

export function recoveryLaunch(stack: DrStack, inputs: RecoveryLaunchInputs): RecoveryNetwork | undefined {
  const { env, plan } = stack;
  const { network } = inputs;
  if (!network.routeTables.has('recovery')) return undefined;
  const launch = env.launch.settings;
  const recovery = new RecoveryNetwork(stack, 'recovered', {
    name: inputs.name,
    network,
    region: plan.region,
    service: env.service,
    endpoints: inputs.endpoints,
    launch,
  });
  const recoverySubnets = network.subnets('recovery');
  stack.output('recovered_instance_security_group_id', recovery.securityGroup.id, 'Security group of recovered instances (launch.access may reach them)');
  stack.output('recovery_s3_gateway_endpoint_id', recovery.s3Gateway.id, 'S3 gateway endpoint of the recovery route table');
  if (!env.launch.owners.includes(plan.name)) return recovery;

  // One subnet per template: DRS and MGN launch the primary interface in it (AZ a); copy private
  // IP is off, so any recovery subnet works and a server's own template may pick another.
  const ec2: Ec2LaunchInputs = {
    subnetId: recoverySubnets[0].id,
    securityGroupIds: [recovery.securityGroup.id, ...(inputs.extraSecurityGroupIds ?? [])],
    instanceProfile: recoveredInstanceProfile(env.service.id, launch.postLaunchActions),
    ...(launch.instanceType ? { instanceType: launch.instanceType } : {}),
  };
  new LaunchDefaults(stack, 'launch_defaults', {
    account: plan.account,
    region: plan.region,
    service: env.service,
    launch,
    ec2,
    tags: { ...env.tags, Environment: env.name },
    ...(inputs.after?.length ? { after: inputs.after } : {}),
  });
  const ec2Data = ec2LaunchTemplateData(ec2);
  stack.output(
    'apply_launch_settings_to_existing_servers',
    terraformLiteral(
      existingServersCommand({
        service: env.service.id,
        region: plan.region,
        launch,
        ec2Data: JSON.stringify(ec2Data),
        ...(inputs.stagingAccountIds ? { stagingAccountIds: inputs.stagingAccountIds } : {}),
      }),
    ),
    'Bash: gives source servers added before the defaults existed the same launch settings (new servers get them automatically)',
  );
  return recovery;
}
