/**
 * Issue 13: the launch-settings commands Terraform runs and the operator runs, through the real
 * AWS CLI against a recording stub on 127.0.0.1: they parse against the API models and send
 * exactly the settings the plan shows.
 */
import { callerIs, requireAwsCli, runWithAwsStub, type RecordedRequest, type StubReply } from './support/aws-cli';
import { output, resource, scenario, synthFile } from './support/synth';

const SUBNET = 'subnet-0123456789abcdef0';
const GROUP = 'sg-0123456789abcdef0';
const TEMPLATE = 'lt-0123456789abcdef0';
const SERVER = 's-0123456789abcdef0';
const LCT = 'lct-0123456789abcdefg';

/** What Terraform does with the synthesized text: references become the real ids. */
const resolveRefs = (text: string) => text.replace(/\$\{aws_subnet\.network_recovery_a\.id\}/g, SUBNET).replace(/\$\{aws_security_group\.recovered_instances_sg\.id\}/g, GROUP);

const xml = (op: string, inner: string): StubReply => ({ status: 200, contentType: 'text/xml', body: `<${op}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${inner}</${op}Response>` });

function reply(account: string, existing: boolean) {
  return callerIs(account, (req: RecordedRequest): StubReply | undefined => {
    switch (req.operation) {
      case 'DescribeLaunchConfigurationTemplates':
        return { status: 200, body: JSON.stringify({ items: existing ? [{ launchConfigurationTemplateID: LCT }] : [] }) };
      case 'CreateLaunchConfigurationTemplate':
      case 'UpdateLaunchConfigurationTemplate':
        return { status: 201, body: JSON.stringify({ launchConfigurationTemplateID: LCT, ec2LaunchTemplateID: TEMPLATE }) };
      case 'DescribeSourceServers':
        return { status: 200, body: JSON.stringify({ items: [{ sourceServerID: SERVER }] }) };
      case 'GetLaunchConfiguration':
        return { status: 200, body: JSON.stringify({ sourceServerID: SERVER, ec2LaunchTemplateID: TEMPLATE }) };
      case 'CreateLaunchTemplateVersion':
        return xml('CreateLaunchTemplateVersion', '<launchTemplateVersion><versionNumber>7</versionNumber></launchTemplateVersion>');
      case 'ModifyLaunchTemplate':
        return xml('ModifyLaunchTemplate', '<launchTemplate><launchTemplateId>' + TEMPLATE + '</launchTemplateId></launchTemplate>');
      default:
        return undefined;
    }
  });
}

/** Terraform's jsonencode(...) of the step's planned input, as its environment expressions say. */
function stepEnvironment(step: Record<string, any>): Record<string, string> {
  const input = step.input;
  const env = step.provisioner[0]['local-exec'].environment;
  expect(env.CREATE).toBe('${jsonencode(merge(self.input.launch_configuration_template, { tags = self.input.tags }))}');
  return {
    ROLE_ARN: env.ROLE_ARN,
    ACCOUNT_ID: env.ACCOUNT_ID,
    REGION: env.REGION,
    CREATE: JSON.stringify({ ...input.launch_configuration_template, tags: input.tags }),
    UPDATE: JSON.stringify(input.launch_configuration_template),
    ...(input.ec2_launch_template_data ? { EC2: resolveRefs(JSON.stringify(input.ec2_launch_template_data)) } : {}),
  };
}

const withoutSts = (requests: readonly RecordedRequest[]) => requests.filter((r) => r.operation !== 'GetCallerIdentity');

/** EC2's query protocol flattens launch template data into form fields. */
const EC2_DATA_FIELDS = {
  'LaunchTemplateData.IamInstanceProfile.Name': expect.any(String),
  'LaunchTemplateData.MetadataOptions.HttpTokens': 'required',
  'LaunchTemplateData.MetadataOptions.HttpEndpoint': 'enabled',
  'LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit': '1',
  'LaunchTemplateData.NetworkInterface.1.DeviceIndex': '0',
  'LaunchTemplateData.NetworkInterface.1.SubnetId': SUBNET,
  'LaunchTemplateData.NetworkInterface.1.SecurityGroupId.1': GROUP,
  'LaunchTemplateData.NetworkInterface.1.AssociatePublicIpAddress': 'false',
  'LaunchTemplateData.NetworkInterface.1.DeleteOnTermination': 'true',
};

describe('DRS launch defaults, as Terraform runs them', () => {
  const cli = requireAwsCli('drs', 'create-launch-configuration-template');
  const maybe = cli ? test : test.skip;
  const { stacks } = cli ? synthFile(scenario('multi-staging')) : { stacks: {} as ReturnType<typeof synthFile>['stacks'] };

  maybe('creates the launch configuration template with the planned settings when there is none', async () => {
    const step = resource(stacks['big-dublin-target'], 'terraform_data', 'launch_defaults_launch_configuration_template');
    const exec = step.provisioner[0]['local-exec'];
    const run = await runWithAwsStub(cli!, exec.command, { env: stepEnvironment(step), reply: reply('333333333333', false) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const calls = withoutSts(run.requests);
    expect(calls.map((r) => r.operation)).toEqual(['DescribeLaunchConfigurationTemplates', 'CreateLaunchConfigurationTemplate']);
    expect(calls[1].params).toEqual({
      launchDisposition: 'STARTED',
      targetInstanceTypeRightSizingMethod: 'BASIC',
      copyPrivateIp: false,
      copyTags: true,
      licensing: { osByol: false },
      postLaunchEnabled: true,
      launchIntoSourceInstance: false,
      tags: { Environment: 'big' },
    });
  });

  maybe('updates the existing template instead, and fails loudly when AWS refuses', async () => {
    const step = resource(stacks['big-dublin-target'], 'terraform_data', 'launch_defaults_launch_configuration_template');
    const exec = step.provisioner[0]['local-exec'];
    const run = await runWithAwsStub(cli!, exec.command, { env: stepEnvironment(step), reply: reply('333333333333', true) });
    expect(run.code).toBe(0);
    const update = withoutSts(run.requests)[1];
    expect(update.operation).toBe('UpdateLaunchConfigurationTemplate');
    expect(update.params).toEqual({ ...step.input.launch_configuration_template, launchConfigurationTemplateID: LCT });

    const refused = await runWithAwsStub(cli!, exec.command, {
      env: stepEnvironment(step),
      reply: ((req: RecordedRequest) =>
        req.operation === 'UpdateLaunchConfigurationTemplate'
          ? { status: 400, body: JSON.stringify({ message: 'not allowed' }), contentType: 'application/json' }
          : reply('333333333333', true)(req)),
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/UpdateLaunchConfigurationTemplate/);
  });

  maybe('refuses to act with credentials for another account', async () => {
    const step = resource(stacks['big-dublin-target'], 'terraform_data', 'launch_defaults_launch_configuration_template');
    const run = await runWithAwsStub(cli!, step.provisioner[0]['local-exec'].command, { env: stepEnvironment(step), reply: reply('999999999999', false) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/credentials are for account \d{12}, not 333333333333/);
    expect(withoutSts(run.requests)).toEqual([]);
  });
});

describe('the operator command for existing DRS source servers', () => {
  const cli = requireAwsCli('drs', 'update-launch-configuration');
  const maybe = cli ? test : test.skip;

  maybe('updates each server of this environment and gives its EC2 launch template a new default version', async () => {
    const { stacks } = synthFile(scenario('multi-staging'));
    const command = resolveRefs(output(stacks['big-dublin-target'], 'apply_launch_settings_to_existing_servers'));
    const run = await runWithAwsStub(cli!, command, { reply: reply('333333333333', true) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.requests.map((r) => r.operation)).toEqual([
      'DescribeSourceServers',
      'UpdateLaunchConfiguration',
      'GetLaunchConfiguration',
      'CreateLaunchTemplateVersion',
      'ModifyLaunchTemplate',
    ]);
    const [describe, update, , version, modify] = run.requests;
    expect(describe.params).toEqual({ filters: { stagingAccountIDs: ['222222222222', '444444444444'] } });
    expect(update.params).toEqual({
      sourceServerID: SERVER,
      launchDisposition: 'STARTED',
      targetInstanceTypeRightSizingMethod: 'BASIC',
      copyPrivateIp: false,
      copyTags: true,
      licensing: { osByol: false },
      postLaunchEnabled: true,
    });
    expect(version.params).toMatchObject({ Action: 'CreateLaunchTemplateVersion', LaunchTemplateId: TEMPLATE, SourceVersion: '$Default', ...EC2_DATA_FIELDS });
    expect(version.params['LaunchTemplateData.IamInstanceProfile.Name']).toBe('AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole');
    expect(modify.params).toMatchObject({ Action: 'ModifyLaunchTemplate', LaunchTemplateId: TEMPLATE, SetDefaultVersion: '7' });
    expect(run.stdout).toContain(`${SERVER}: launch settings applied (template ${TEMPLATE} version 7)`);
  });
});

describe('MGN launch defaults and existing servers', () => {
  const cli = requireAwsCli('mgn', 'create-launch-configuration-template');
  const maybe = cli ? test : test.skip;
  const { stacks } = cli ? synthFile(scenario('mgn')) : { stacks: {} as ReturnType<typeof synthFile>['stacks'] };

  maybe('creates the MGN template, then versions the EC2 launch template it returns', async () => {
    const step = resource(stacks['migrate-staging-landing-us-west-2'], 'terraform_data', 'launch_defaults_launch_configuration_template');
    const run = await runWithAwsStub(cli!, step.provisioner[0]['local-exec'].command, { env: stepEnvironment(step), reply: reply('555555555555', false) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const calls = withoutSts(run.requests);
    expect(calls.map((r) => r.operation)).toEqual(['DescribeLaunchConfigurationTemplates', 'CreateLaunchConfigurationTemplate', 'CreateLaunchTemplateVersion', 'ModifyLaunchTemplate']);
    expect(calls[1].params).toEqual({
      launchDisposition: 'STARTED',
      targetInstanceTypeRightSizingMethod: 'BASIC',
      copyPrivateIp: false,
      associatePublicIpAddress: false,
      copyTags: true,
      licensing: { osByol: false },
      postLaunchActions: { deployment: 'TEST_AND_CUTOVER' },
      tags: { Environment: 'migrate' },
    });
    expect(calls[2].params).toMatchObject({ LaunchTemplateId: TEMPLATE, SourceVersion: '$Default', ...EC2_DATA_FIELDS, 'LaunchTemplateData.IamInstanceProfile.Name': 'AWSApplicationMigrationLaunchInstanceWithSsmRole' });
    expect(calls[3].params).toMatchObject({ LaunchTemplateId: TEMPLATE, SetDefaultVersion: '7' });
  });

  maybe('applies the same settings to existing MGN source servers', async () => {
    const command = resolveRefs(output(stacks['migrate-staging-landing-us-west-2'], 'apply_launch_settings_to_existing_servers'));
    const run = await runWithAwsStub(cli!, command, { reply: reply('555555555555', true) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [describe, update, , version] = run.requests;
    expect(describe.params).toEqual({ filters: { isArchived: false } });
    expect(update.params).toEqual({
      sourceServerID: SERVER,
      launchDisposition: 'STARTED',
      targetInstanceTypeRightSizingMethod: 'BASIC',
      copyPrivateIp: false,
      copyTags: true,
      licensing: { osByol: false },
      postLaunchActions: { deployment: 'TEST_AND_CUTOVER' },
    });
    expect(version.params).toMatchObject(EC2_DATA_FIELDS);
  });
});
