/** Issue 13: drills, recoveries, tests and cutovers land in the private recovery network. Read from the synthesized Terraform JSON. */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import YAML, { stringify } from 'yaml';
import { loadEnvironment } from '../config/load';
import { planEnvironment } from '../plan/plan';
import { validEnvironment } from './support/arbitraries';
import { accepted, edited, validEnv, problemsOf } from './support/env';
import { output, policy, resource, resources, scenario, synthFile, type TfJson, tempDir } from './support/synth';

const ssmEndpoints = (stack: TfJson) =>
  resources(stack, 'aws_vpc_endpoint')
    .filter((e) => /\.(ssm|ssmmessages|ec2messages)$/.test(e.service_name))
    .map((e) => [e.service_name.split('.').pop(), e.vpc_endpoint_type, e.private_dns_enabled, e.security_group_ids])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));

const s3Gateways = (stack: TfJson) => resources(stack, 'aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Gateway');

/** Everything a stack that launches recoveries must show, whichever scenario it comes from. */
function expectRecoveryNetwork(stack: TfJson, region: string, service: 'drs' | 'mgn') {
  // The recovered-instance security group: nothing in by default; out only HTTPS to endpoints and S3.
  const sg = resource(stack, 'aws_security_group', 'recovered_instances_sg');
  expect(sg.name).toMatch(/-recovered-instances$/);
  const rulesOf = (type: string) => resources(stack, type).filter((r) => r.security_group_id === '${aws_security_group.recovered_instances_sg.id}');
  expect(rulesOf('aws_vpc_security_group_ingress_rule')).toEqual([]);
  expect(rulesOf('aws_vpc_security_group_egress_rule').map((r) => [r.from_port, r.referenced_security_group_id ?? r.prefix_list_id])).toEqual([
    [443, '${aws_security_group.endpoints_endpoints_sg.id}'],
    [443, '${aws_vpc_endpoint.recovered_s3_gateway.prefix_list_id}'],
  ]);

  // Systems Manager endpoints for post-launch actions (on by default), private DNS on.
  expect(ssmEndpoints(stack)).toEqual([
    ['ec2messages', 'Interface', true, ['${aws_security_group.endpoints_endpoints_sg.id}']],
    ['ssm', 'Interface', true, ['${aws_security_group.endpoints_endpoints_sg.id}']],
    ['ssmmessages', 'Interface', true, ['${aws_security_group.endpoints_endpoints_sg.id}']],
  ]);
  // The endpoints admit HTTPS from the recovery subnets.
  const recoveryCidrs = resources(stack, 'aws_subnet').filter((s) => s.tags.Tier === 'recovery').map((s) => s.cidr_block);
  const endpointIngress = resources(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === '${aws_security_group.endpoints_endpoints_sg.id}').map((r) => r.cidr_ipv4);
  expect(endpointIngress).toEqual(expect.arrayContaining(recoveryCidrs));

  // Two S3 gateway endpoints: the tight one never on the recovery route table, the recovery one only there.
  const [tight, recovery] = [resource(stack, 'aws_vpc_endpoint', 'endpoints_s3_gateway'), resource(stack, 'aws_vpc_endpoint', 'recovered_s3_gateway')];
  expect(s3Gateways(stack)).toHaveLength(2);
  expect(tight.route_table_ids).not.toContain('${aws_route_table.network_recovery_routes.id}');
  expect(recovery.route_table_ids).toEqual(['${aws_route_table.network_recovery_routes.id}']);
  expect(policy(tight.policy).Statement).toHaveLength(1);
  expect(policy(tight.policy).Statement[0].Resource).not.toContain(`arn:aws:s3:::amazon-ssm-packages-${region}/*`);
  const statements = policy(recovery.policy).Statement;
  expect(statements).toHaveLength(1);
  expect(statements[0]).toMatchObject({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' });
  expect(statements[0].Resource).toEqual(
    expect.arrayContaining([`arn:aws:s3:::amazon-ssm-${region}/*`, `arn:aws:s3:::${service === 'drs' ? 'aws-drs-internal' : 'aws-mgn-internal'}-${region}/*`]),
  );
}

const RECOVERED_GROUP = '${aws_security_group.recovered_instances_sg.id}';
/** DRS with failback on (the default): recovered instances also get the failback group (issue 14). */
const DRS_GROUPS = [RECOVERED_GROUP, '${aws_security_group.failback_recovery_sg.id}'];

/** The default EC2 launch settings name a recovery subnet, never a staging one, and the groups above. */
function expectLaunchTemplateData(data: Record<string, any>, groups: string[] = [RECOVERED_GROUP]) {
  expect(data).toEqual({
    IamInstanceProfile: { Name: expect.any(String) },
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 },
    NetworkInterfaces: [
      { DeviceIndex: 0, SubnetId: '${aws_subnet.network_recovery_a.id}', Groups: groups, AssociatePublicIpAddress: false, DeleteOnTermination: true },
    ],
  });
}

function expectDrsDefaults(stack: TfJson, account: string, region: string) {
  expect(stack.provider.aws[0]).toMatchObject({ allowed_account_ids: [account], region });
  const step = resource(stack, 'terraform_data', 'launch_defaults_launch_configuration_template');
  expect(step.input).toEqual({
    launch_configuration_template: {
      launchDisposition: 'STARTED',
      targetInstanceTypeRightSizingMethod: 'BASIC',
      copyPrivateIp: false,
      copyTags: true,
      licensing: { osByol: false },
      postLaunchEnabled: true,
      launchIntoSourceInstance: false,
    },
    tags: expect.objectContaining({ Environment: expect.any(String) }),
  });
  const exec = step.provisioner[0]['local-exec'];
  expect(exec.environment).toMatchObject({ ACCOUNT_ID: account, REGION: region, UPDATE: '${jsonencode(self.input.launch_configuration_template)}' });
  expect(exec.command).toContain('aws drs describe-launch-configuration-templates');
  expect(step.triggers_replace.settings).toEqual(step.input);

  const template = resource(stack, 'aws_launch_template', 'launch_defaults_ec2_launch_template');
  expect(template).toMatchObject({
    name: 'created-and-used-by-elastic-disaster-recovery-service-account_level_template-230101-00000',
    update_default_version: true,
    iam_instance_profile: { name: 'AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole' },
    metadata_options: { http_tokens: 'required', http_endpoint: 'enabled', http_put_response_hop_limit: 1 },
    network_interfaces: [
      { device_index: 0, subnet_id: '${aws_subnet.network_recovery_a.id}', security_groups: DRS_GROUPS, associate_public_ip_address: 'false', delete_on_termination: 'true' },
    ],
    tags: { 'drs-default-template': 'created-by-aws-drs-do-not-delete', AWSElasticDisasterRecoveryManaged: 'drs.amazonaws.com' },
    depends_on: ['terraform_data.launch_defaults_launch_configuration_template'],
  });
  expect(JSON.stringify(template)).not.toContain('network_staging');
  const command: string = output(stack, 'apply_launch_settings_to_existing_servers');
  expect(command).toContain(`aws drs update-launch-configuration --region ${region}`);
  expect(command).not.toContain('network_staging');
  const data = JSON.parse(command.match(/--launch-template-data '([^']+)'/)![1]);
  expectLaunchTemplateData(data, DRS_GROUPS);
}

describe('a cross-region AWS site (staging account launches its own recoveries)', () => {
  const { stacks } = synthFile(scenario('same-account'));
  const staging = stacks['same-staging-main-eu-west-2'];

  it('sets the DRS launch defaults in the staging account and recovery region, on the recovery subnets', () => {
    expectDrsDefaults(staging, '111111111111', 'eu-west-2');
    // Initialization, when asked for, runs first; here it is not.
    expect(resource(staging, 'terraform_data', 'launch_defaults_launch_configuration_template').depends_on).toBeUndefined();
  });

  it('gives recovered instances their security group, SSM endpoints and their own S3 gateway endpoint', () => {
    expectRecoveryNetwork(staging, 'eu-west-2', 'drs');
    expect(resource(staging, 'aws_vpc_endpoint', 'endpoints_s3_gateway').route_table_ids).toEqual([
      '${aws_route_table.network_staging_routes.id}',
      '${aws_route_table.network_endpoints_routes.id}',
    ]);
  });

  it('adds nothing of the kind to the source stack', () => {
    expect(stacks['same-dublin-source'].resource.terraform_data).toBeUndefined();
    expect(stacks['same-dublin-source'].resource.aws_launch_template).toBeUndefined();
  });
});

describe('an on-prem site', () => {
  const { stacks } = synthFile(scenario('onprem-tgw'));
  const staging = stacks['tgw-staging-staging-eu-west-3'];

  it('sets the defaults in the staging account of eu-west-3 and routes recovered instances home like the rest', () => {
    expectDrsDefaults(staging, '222222222222', 'eu-west-3');
    expectRecoveryNetwork(staging, 'eu-west-3', 'drs');
    const routes = resources(staging, 'aws_route').filter((r) => r.route_table_id === '${aws_route_table.network_recovery_routes.id}');
    expect(routes.map((r) => r.destination_cidr_block).sort()).toEqual(['172.24.0.0/14', '192.168.0.0/16']);
  });
});

describe('several staging accounts and a target account', () => {
  const { stacks } = synthFile(scenario('multi-staging'));
  const target = stacks['big-dublin-target'];

  it('sets the defaults only in the target account; staging accounts without recovery subnets get none', () => {
    expectDrsDefaults(target, '333333333333', 'eu-west-2');
    expectRecoveryNetwork(target, 'eu-west-2', 'drs');
    for (const name of ['big-staging-staging-a-eu-west-2', 'big-staging-staging-b-eu-west-2']) {
      const staging = stacks[name];
      expect(staging.resource.aws_launch_template).toBeUndefined();
      expect(resource(staging, 'terraform_data', 'drs_initialization_initialize_service')).toBeDefined();
      expect(Object.keys(staging.resource.terraform_data).filter((k) => k.startsWith('launch'))).toEqual([]);
      expect(ssmEndpoints(staging)).toEqual([]);
      expect(s3Gateways(staging)).toHaveLength(1);
    }
  });

  it('applies them to existing servers extended from this environment’s staging accounts only', () => {
    expect(output(target, 'apply_launch_settings_to_existing_servers')).toContain(
      `aws drs describe-source-servers --region eu-west-2 --filters '{"stagingAccountIDs":["222222222222","444444444444"]}'`,
    );
  });
});

describe('an MGN environment', () => {
  const { stacks } = synthFile(scenario('mgn'));
  const staging = stacks['migrate-staging-landing-us-west-2'];

  it('creates or updates the MGN launch template and versions its EC2 launch template with the recovery subnet', () => {
    expect(staging.provider.aws[0]).toMatchObject({ allowed_account_ids: ['555555555555'], region: 'us-west-2' });
    const step = resource(staging, 'terraform_data', 'launch_defaults_launch_configuration_template');
    expect(step.input.launch_configuration_template).toEqual({
      launchDisposition: 'STARTED',
      targetInstanceTypeRightSizingMethod: 'BASIC',
      copyPrivateIp: false,
      associatePublicIpAddress: false,
      copyTags: true,
      licensing: { osByol: false },
      postLaunchActions: { deployment: 'TEST_AND_CUTOVER' },
    });
    const data = step.input.ec2_launch_template_data;
    expect(data.IamInstanceProfile).toEqual({ Name: 'AWSApplicationMigrationLaunchInstanceWithSsmRole' });
    expectLaunchTemplateData(data);
    const exec = step.provisioner[0]['local-exec'];
    expect(exec.environment.EC2).toBe('${jsonencode(self.input.ec2_launch_template_data)}');
    expect(exec.command).toContain('aws ec2 modify-launch-template');
    expect(staging.resource.aws_launch_template).toBeUndefined();
  });

  it('gives test and cutover instances the same network as DRS recoveries get', () => {
    expectRecoveryNetwork(staging, 'us-west-2', 'mgn');
    const command: string = output(staging, 'apply_launch_settings_to_existing_servers');
    expect(command).toContain(`aws mgn describe-source-servers --region us-west-2 --filters '{"isArchived":false}'`);
    expectLaunchTemplateData(JSON.parse(command.match(/--launch-template-data '([^']+)'/)![1]));
  });
});

describe('launch settings from the environment file', () => {
  const write = (env: object) => {
    const dir = tempDir('private-dr-launch-');
    const file = path.join(dir, 'launch.yaml');
    fs.writeFileSync(file, stringify(env));
    return file;
  };
  const base = () => {
    const env = validEnv();
    env.sites = [env.sites[0]];
    return env;
  };

  it('defaults to safe values and documents none of them as required', () => {
    expect(accepted(base()).launch).toEqual({ disposition: 'STARTED', rightSizing: 'BASIC', copyTags: true, byol: false, postLaunchActions: true, access: [], s3Buckets: [] });
  });

  it('carries access, buckets and choices into the stack, and leaves SSM endpoints out when post-launch actions are off', () => {
    const env = edited(base(), (e) => {
      e.launch = {
        disposition: 'STOPPED',
        rightSizing: 'NONE',
        instanceType: 'm5.large',
        copyTags: false,
        byol: true,
        postLaunchActions: false,
        access: [{ cidr: '192.168.50.0/24', ports: [22, 3389] }, { cidr: '10.50.0.0/16', ports: [53], protocol: 'udp' }, { cidr: '192.168.50.0/24', ports: [22] }],
        s3Buckets: ['acme-app-data'],
      };
    });
    const { stacks } = synthFile(write(env));
    const staging = stacks['test-staging-staging-a-eu-west-2'];
    expect(ssmEndpoints(staging)).toEqual([]);
    const ingress = resources(staging, 'aws_vpc_security_group_ingress_rule')
      .filter((r) => r.security_group_id === '${aws_security_group.recovered_instances_sg.id}')
      .map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port]);
    expect(ingress).toEqual([
      ['192.168.50.0/24', 'tcp', 22],
      ['192.168.50.0/24', 'tcp', 3389],
      ['10.50.0.0/16', 'udp', 53],
    ]);
    expect(policy(resource(staging, 'aws_vpc_endpoint', 'recovered_s3_gateway').policy).Statement[1]).toEqual({
      Sid: 'WorkloadBuckets',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::acme-app-data', 'arn:aws:s3:::acme-app-data/*'],
    });
    const step = resource(staging, 'terraform_data', 'launch_defaults_launch_configuration_template');
    expect(step.input.launch_configuration_template).toMatchObject({ launchDisposition: 'STOPPED', targetInstanceTypeRightSizingMethod: 'NONE', copyTags: false, licensing: { osByol: true }, postLaunchEnabled: false });
    expect(resource(staging, 'aws_launch_template', 'launch_defaults_ec2_launch_template')).toMatchObject({
      instance_type: 'm5.large',
      iam_instance_profile: { name: 'AWSElasticDisasterRecoveryRecoveryInstanceRole' },
    });
    expect(loadEnvironment(write(env)).launch.s3Buckets).toEqual(['acme-app-data']);
  });

  it('refuses what cannot work, naming the field', () => {
    const messages = (env: object) => problemsOf(env).map((p) => `${p.path}: ${p.message}`);
    expect(messages(edited(base(), (e) => (e.launch = { rightSizing: 'NONE' })))).toEqual([expect.stringMatching(/^launch\.instanceType: is required with rightSizing: NONE/)]);
    expect(messages(edited(base(), (e) => ((e.service = 'mgn'), (e.launch = { rightSizing: 'IN_AWS' }))))).toEqual([expect.stringMatching(/^launch\.rightSizing: IN_AWS is a drs setting/)]);
    expect(messages(edited(base(), (e) => (e.launch = { access: [{ cidr: '0.0.0.0/0', ports: [22] }] })))).toEqual([expect.stringMatching(/^launch\.access\[0\]\.cidr: 0\.0\.0\.0\/0 would open/)]);
    // Half the internet is as wrong as all of it: the /8 floor of source ranges applies.
    expect(messages(edited(base(), (e) => (e.launch = { access: [{ cidr: '0.0.0.0/1', ports: [22] }] })))).toEqual([expect.stringMatching(/^launch\.access\[0\]\.cidr: 0\.0\.0\.0\/1 would open recovered servers to 2147483648 addresses/)]);
    expect(messages(edited(base(), (e) => (e.launch = { copyPrivateIp: true })))).toEqual([expect.stringMatching(/copyPrivateIp/)]);
    const many = Array.from({ length: 61 }, (_, i) => ({ cidr: `10.60.${i}.0/24`, ports: [22] }));
    expect(messages(edited(base(), (e) => (e.launch = { access: many })))).toEqual([expect.stringMatching(/^launch\.access: makes 61 inbound rules/)]);
  });

  it('refuses a second recovery network in an account and region: one set of launch defaults would send its recoveries to the first', () => {
    const leeds = {
      name: 'leeds',
      source: { type: 'aws', account: 'workloads', region: 'eu-west-1', vpc: { cidr: '172.20.0.0/16' } },
      recovery: { region: 'eu-west-2', staging: [{ account: 'staging-b', cidr: '10.2.0.0/16', servers: 10 }] },
    };
    // "leeds" recovers into staging-b's own recovery subnets; "dublin" names staging-b as its target there too.
    const stagingAndTarget = edited(validEnv(), (e) => {
      e.sites = [e.sites[0], leeds];
      e.replication = { encryption: 'cmk' };
      e.sites[0].recovery.target = 'staging-b';
      e.sites[0].recovery.targetCidr = '10.9.0.0/16';
    });
    expect(problemsOf(stagingAndTarget).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^sites\[0\]\.recovery\.target: target account "staging-b" in eu-west-2 already launches the recoveries of the staging network of site "leeds"; .* use another target account or recovery region$/),
    ]);
    // Two sites with target VPCs of their own in one target account and region.
    const twoTargets = edited(validEnv(), (e) => {
      e.sites = [e.sites[0], { ...leeds, recovery: { ...leeds.recovery, staging: [{ account: 'staging-a', cidr: '10.0.0.0/16', servers: 10 }] } }];
      e.replication = { encryption: 'cmk' };
      for (const [i, cidr] of [[0, '10.9.0.0/16'], [1, '10.8.0.0/16']] as const) {
        e.sites[i].recovery.target = 'recovery';
        e.sites[i].recovery.targetCidr = cidr;
      }
    });
    expect(problemsOf(twoTargets).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^sites\[1\]\.recovery\.target: target account "recovery" in eu-west-2 already launches the recoveries of the target VPC of site "dublin"/),
    ]);
  });
});

describe('initializeService with a target account', () => {
  it('initializes DRS in the target account and region before its launch defaults, with the service roles there once', () => {
    const raw = YAML.parse(fs.readFileSync(scenario('multi-staging'), 'utf8'));
    const dir = tempDir('private-dr-launch-init-');
    const file = path.join(dir, 'init.yaml');
    fs.writeFileSync(file, YAML.stringify({ ...raw, replication: { ...raw.replication, initializeService: true } }));
    const { stacks, plan } = synthFile(file);
    const target = stacks['big-dublin-target'];
    const init = resource(target, 'terraform_data', 'drs_initialization_initialize_service');
    expect(init.provisioner[0]['local-exec'].command).toContain('aws drs initialize-service --region "$REGION"');
    expect(init.provisioner[0]['local-exec'].environment).toMatchObject({ ACCOUNT_ID: '333333333333', REGION: 'eu-west-2' });
    expect(resource(target, 'terraform_data', 'launch_defaults_launch_configuration_template').depends_on).toEqual(['terraform_data.drs_initialization_initialize_service']);
    const roleNames = Object.values(target.resource.aws_iam_role ?? {}).map((r: any) => r.name);
    expect(roleNames).toEqual(expect.arrayContaining(['AWSElasticDisasterRecoveryAgentRole', 'AWSElasticDisasterRecoveryRecoveryInstanceRole']));
    expect(plan.targets[0].initialize).toEqual({ serviceRoles: true });
  });
});

describe('launch defaults over generated environments', () => {
  it('are owned by exactly one stack per account and region that launches recoveries, and that stack has recovery subnets', () => {
    fc.assert(
      fc.property(validEnvironment, (data) => {
        const plan = planEnvironment(accepted(data));
        const launching = [
          ...plan.stagings.filter((s) => s.network.subnets.some((n) => n.tier === 'recovery')).map((s) => s.stack),
          ...plan.targets.map((t) => t.stack),
        ];
        const keys = new Set(launching.map((s) => `${s.account.id}@${s.region}`));
        const owners = plan.stacks.filter((s) => plan.env.launch.owners.includes(s.name));
        expect(owners.map((s) => `${s.account.id}@${s.region}`).sort()).toEqual([...keys].sort());
        for (const owner of owners) expect(launching).toContainEqual(owner);
        // Every site's recoveries land somewhere that has defaults: its target, or each staging account's region.
        for (const site of data.sites) {
          const account = site.recovery.target ?? undefined;
          const accounts = account ? [account] : site.recovery.staging.map((s: { account: string }) => s.account);
          for (const alias of accounts) expect(keys).toContain(`${data.accounts[alias].id}@${site.recovery.region}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});
