/** Issue: accounts and identity, read from the synthesized Terraform JSON. */
import fs from 'node:fs';
import { parse } from 'yaml';
import { capacityReport } from '../plan/capacity';
import { planEnvironment } from '../plan/plan';
import { accepted } from './support/env';
import { synthPlan } from './support/stack-json';
import { output, policy, resource, resources, scenario, synthFile } from './support/synth';

const roles = (stack: Parameters<typeof resources>[0]) => Object.fromEntries(resources(stack, 'aws_iam_role').map((r) => [r.name, r]));
const attached = (stack: Parameters<typeof resources>[0]) => resources(stack, 'aws_iam_role_policy_attachment').map((a) => `${a.role} ${a.policy_arn}`);

describe('two staging accounts and a target account', () => {
  const { stacks, plan } = synthFile(scenario('multi-staging'));
  const a = stacks['big-staging-staging-a-eu-west-2'];
  const b = stacks['big-staging-staging-b-eu-west-2'];

  it('gives each staging account its own staging VPC and a target stack with a private recovery VPC', () => {
    expect(resource(a, 'aws_vpc', 'network_vpc').cidr_block).toBe('10.0.0.0/16');
    expect(resource(b, 'aws_vpc', 'network_vpc').cidr_block).toBe('10.2.0.0/16');
    const target = stacks['big-dublin-target'];
    expect(target.provider.aws[0].allowed_account_ids).toEqual(['333333333333']);
    expect(resource(target, 'aws_vpc', 'network_vpc').cidr_block).toBe('10.9.0.0/16');
    expect(resources(target, 'aws_subnet').map((s) => s.tags.Tier).sort()).toEqual(['endpoints', 'endpoints', 'recovery', 'recovery']);
    expect(resource(target, 'aws_vpc_endpoint', 'endpoints_drs')).toMatchObject({ private_dns_enabled: true, service_name: 'com.amazonaws.eu-west-2.drs' });
    expect(target.resource.aws_internet_gateway).toBeUndefined();
    expect(stacks['big-dublin-peering-recovery']).toBeDefined();
  });

  it('outputs the exact commands that extend the staging accounts’ source servers into the target', () => {
    expect(output(stacks['big-dublin-target'], 'extend_source_servers_commands')).toEqual({
      'staging-a': "# Once per target account and region, if DRS was never used there and replication.initializeService is off: aws drs initialize-service --region eu-west-2\naws drs list-extensible-source-servers --staging-account-id 222222222222 --region eu-west-2 --query 'items[].arn' --output text | tr '\\t' '\\n' |\n  while read -r arn; do aws drs create-extended-source-server --source-server-arn \"$arn\" --region eu-west-2; done",
      'staging-b': "# Once per target account and region, if DRS was never used there and replication.initializeService is off: aws drs initialize-service --region eu-west-2\naws drs list-extensible-source-servers --staging-account-id 444444444444 --region eu-west-2 --query 'items[].arn' --output text | tr '\\t' '\\n' |\n  while read -r arn; do aws drs create-extended-source-server --source-server-arn \"$arn\" --region eu-west-2; done",
    });
  });

  it('creates DRSStagingAccountRole_<target> with exactly the trust DRS expects', () => {
    for (const stack of [a, b]) {
      const role = roles(stack)['DRSStagingAccountRole_333333333333'];
      expect(role.path).toBe('/service-role/');
      expect(policy(role.assume_role_policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'drs.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            Condition: {
              StringLike: { 'sts:SourceIdentity': '333333333333', 'aws:SourceAccount': '333333333333' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:drs:*:*:source-server/*' },
            },
          },
        ],
      });
      expect(attached(stack)).toContain('${aws_iam_role.staging_account_role_333333333333_role.name} arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryStagingAccountPolicy_v2');
    }
  });

  it('encrypts with a rotated customer managed key whose policy keeps the account in control and shares with the target', () => {
    const key = resource(a, 'aws_kms_key', 'replication_key_key');
    expect(key).toMatchObject({ enable_key_rotation: true, depends_on: ['aws_iam_role.staging_account_role_333333333333_role'] });
    const viaEc2 = (caller: string) => ({ StringEquals: { 'kms:CallerAccount': caller, 'kms:ViaService': 'ec2.eu-west-2.amazonaws.com' } });
    expect(policy(key.policy).Statement).toEqual([
      { Sid: 'AccountAdministration', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'ShareSnapshotsWith333333333333',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::222222222222:role/service-role/DRSStagingAccountRole_333333333333'] },
        Action: 'kms:ReEncrypt*',
        Resource: '*',
        Condition: viaEc2('222222222222'),
      },
      { Sid: 'TargetUsesKeyViaEc2333333333333', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'kms:ReEncrypt*', Resource: '*', Condition: viaEc2('333333333333') },
    ]);
    expect(resource(a, 'aws_drs_replication_configuration_template', 'replication_template')).toMatchObject({
      ebs_encryption: 'CUSTOM',
      ebs_encryption_key_arn: '${aws_kms_key.replication_key_key.arn}',
    });
    expect(resource(a, 'aws_drs_replication_configuration_template', 'replication_template').pit_policy[2]).toMatchObject({ rule_id: 3, units: 'DAY', retention_duration: 30 });
  });

  it('initializes DRS before the template when asked: service roles once per account, then initialize-service', () => {
    const init = resource(a, 'terraform_data', 'drs_initialization_initialize_service');
    expect(init.provisioner[0]['local-exec'].command).toContain('aws drs initialize-service --region "$REGION"');
    expect(init.provisioner[0]['local-exec'].environment).toEqual({ ROLE_ARN: '', ACCOUNT_ID: '222222222222', REGION: 'eu-west-2' });
    expect(init.depends_on).toHaveLength(6);
    expect(resource(a, 'aws_drs_replication_configuration_template', 'replication_template').depends_on).toEqual(['terraform_data.drs_initialization_initialize_service']);
    expect(policy(roles(a).AWSElasticDisasterRecoveryAgentRole.assume_role_policy).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'drs.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Condition: { StringLike: { 'sts:SourceIdentity': 's-*', 'aws:SourceAccount': '222222222222' } },
    });
    expect(Object.keys(roles(a)).filter((n) => n.startsWith('AWSElasticDisasterRecovery'))).toHaveLength(6);
  });

  it('lets only the named principals install agents, with short-lived credentials and no keys anywhere', () => {
    const role = roles(a)['big-drs-agent-installation'];
    expect(role.max_session_duration).toBe(3600);
    expect(policy(role.assume_role_policy).Statement).toEqual([
      { Sid: 'TrustedPrincipals', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:role/DRInstallers', 'arn:aws:iam::111111111111:root'] }, Action: ['sts:AssumeRole'] },
    ]);
    expect(attached(a)).toContain('${aws_iam_role.agent_installation_role.name} arn:aws:iam::aws:policy/AWSElasticDisasterRecoveryAgentInstallationPolicy');
    for (const stack of Object.values(stacks)) {
      expect(stack.resource.aws_iam_user).toBeUndefined();
      expect(stack.resource.aws_iam_access_key).toBeUndefined();
    }
    expect(output(a, 'agent_install_linux')).toContain('--duration-seconds 900');
  });

  it('prints each staging account’s capacity use', () => {
    expect(capacityReport(plan)).toEqual([
      'big: staging account staging-a in eu-west-2: 300/300 drs servers (100%) for dublin',
      'big: staging account staging-b in eu-west-2: 150/300 drs servers (50%) for dublin',
      'big: staging account workloads in eu-west-1: 450/300 drs servers (150%) for failback of dublin (reverse staging VPC ' +
        plan.stagings[2].network.cidr +
        '); WARNING: more than 300 replicate back only if every server fails back at once: fail back in batches of at most 300',
    ]);
  });
});

describe('a cross-account AWS source', () => {
  const { stacks } = synthFile(scenario('cross-account'));
  const source = stacks['xacct-dublin-source'];
  const staging = stacks['xacct-staging-staging-eu-west-2'];

  it('gives EC2 sources an instance profile with the EC2 instance policy', () => {
    expect(resource(source, 'aws_iam_instance_profile', 'ec2_source_profile')).toMatchObject({ name: 'xacct-dublin-drs-source', path: '/private-dr/' });
    expect(attached(source)).toContain('${aws_iam_role.ec2_source_role.name} arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryEc2InstancePolicy');
    expect(policy(roles(source)['xacct-dublin-drs-source'].assume_role_policy).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
  });

  it('creates the failback and in-AWS right-sizing roles on both sides', () => {
    const authorized = roles(source)['DRSCrossAccountAgentAuthorizedRole_222222222222'];
    expect(authorized.path).toBe('/service-role/');
    expect(policy(authorized.assume_role_policy).Statement[0].Condition).toEqual({
      StringLike: { 'aws:RequestTag/SourceInstanceARN': '${ec2:SourceInstanceARN}' },
      'ForAnyValue:StringEquals': { 'sts:TransitiveTagKeys': 'SourceInstanceARN' },
    });
    // Terraform must see the IAM variable escaped, or it would try to interpolate it.
    expect(authorized.assume_role_policy).toContain('$${ec2:SourceInstanceARN}');
    const inline = policy(resources(source, 'aws_iam_role_policy')[0].policy);
    expect(inline.Statement[0]).toEqual({
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: 'arn:aws:iam::222222222222:role/service-role/DRSCrossAccountAgentRole_111111111111',
    });
    expect(Object.keys(roles(source))).toContain('DRSCrossAccountReplicationRole_222222222222');
    const agent = roles(staging)['DRSCrossAccountAgentRole_111111111111'];
    expect(policy(agent.assume_role_policy).Statement[0].Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/service-role/DRSCrossAccountAgentAuthorizedRole_222222222222' },
    });
    expect(attached(staging)).toContain('${aws_iam_role.cross_account_111111111111_agent.name} arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryEc2InstancePolicy');
  });

  it('installs on EC2 with --account-id and no typed credentials', () => {
    expect(output(staging, 'agent_install_ec2_dublin')).toBe(
      [
        '#!/usr/bin/env bash',
        '# Pasted into a shell or run as a script; each step runs only if the one before succeeded.',
        "curl -fsS -o aws-replication-installer-init 'https://aws-elastic-disaster-recovery-eu-west-2.bucket.${replace(aws_vpc_endpoint.endpoints_s3_interface.dns_entry[0].dns_name, \"*.\", \"\")}/latest/linux/aws-replication-installer-init' &&",
        '  chmod +x aws-replication-installer-init &&',
        '  sudo ./aws-replication-installer-init --region eu-west-2 --account-id 222222222222 --s3-endpoint ${replace(aws_vpc_endpoint.endpoints_s3_interface.dns_entry[0].dns_name, "*.", "")} --no-prompt',
      ].join('\n'),
    );
  });
});

describe('an MGN site', () => {
  const { stacks } = synthFile(scenario('mgn'));
  const s = stacks['migrate-staging-landing-us-west-2'];

  it('uses the MGN installation policy and limits, and no DRS-only roles', () => {
    expect(attached(s)).toContain('${aws_iam_role.agent_installation_role.name} arn:aws:iam::aws:policy/AWSApplicationMigrationAgentInstallationPolicy');
    expect(Object.keys(roles(s))).toEqual(['migrate-mgn-agent-installation']);
    expect(policy(resource(s, 'aws_kms_key', 'replication_key_key').policy).Statement).toHaveLength(1);
  });

  it('gives a source in another account than its staging no instance profile, and says how its servers install (issue 16, finding 9)', () => {
    // workloads (111111111111) replicates into landing (555555555555): MGN has no --account-id,
    // so a profile of the source account could only register servers there.
    const source = stacks['migrate-dc1-source'];
    expect(source.resource.aws_iam_instance_profile).toBeUndefined();
    expect(source.resource.aws_iam_role).toBeUndefined();
    expect(source.output?.source_instance_profile).toBeUndefined();
    expect(output(source, 'agent_install_ec2')).toBe(
      [
        '# Site dc1 runs in account 111111111111; MGN replicates it into account 555555555555 (environment migrate).',
        "# No instance profile is created: MGN's installer has no --account-id (that flag is DRS-only), so an instance",
        '# profile of account 111111111111 cannot register these servers into another account.',
        "# Install them like on-prem servers, with temporary credentials of the staging account's agent-installation role:",
        '#   outputs agent_install_linux / agent_install_windows of stack migrate-staging-landing-us-west-2',
      ].join('\n'),
    );
  });

  it('synthesizes such a source with an adopted VPC as a stack of outputs only', () => {
    const env = accepted({ ...parse(fs.readFileSync(scenario('mgn'), 'utf8')), name: 'adopt' });
    Object.assign(env.sites[0].source, { vpc: { id: 'vpc-0abc02345def67890', cidr: '172.31.0.0/16', routeTableIds: ['rtb-0abc02345def67890'] } });
    const source = synthPlan(planEnvironment(env))['adopt-dc1-source'];
    expect(source.resource).toBeUndefined();
    expect(output(source, 'agent_install_ec2')).toContain('# No instance profile is created');
  });

  it('keeps the instance profile of an MGN source that stages in its own account', () => {
    const env = accepted({ ...parse(fs.readFileSync(scenario('mgn'), 'utf8')), name: 'own' });
    (env.sites[0].recovery.staging[0] as { account: string }).account = 'workloads';
    const source = synthPlan(planEnvironment(env))['own-dc1-source'];
    expect(attached(source)).toContain('${aws_iam_role.ec2_source_role.name} arn:aws:iam::aws:policy/AWSApplicationMigrationServiceEc2InstancePolicy');
    expect(output(source, 'source_instance_profile')).toBe('${aws_iam_instance_profile.ec2_source_profile.name}');
    expect(source.output?.agent_install_ec2).toBeUndefined();
  });
});
