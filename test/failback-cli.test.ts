/** The failback commands (issue 14) through the real AWS CLI against a recording stub on 127.0.0.1. */
import { failbackClientCommands, reverseReplicationCommands } from '../constructs/failback/commands';
import { requireAwsCli, runWithAwsStub } from './support/aws-cli';

/** The command lines only; the endpoint flag goes (the stub's shim sets its own) after checking it is there. */
function runnable(text: string, endpoints: string[]): string {
  for (const e of endpoints) expect(text).toContain(`--endpoint-url https://${e}`);
  return text
    .split('\n')
    .filter((line) => line.startsWith('aws '))
    .map((line) => line.replace(/ --endpoint-url https:\/\/\S+/, ''))
    .join('\n');
}

const env = { RECOVERY_INSTANCE_ID: 'i-0123456789abcdef0', REVERSED_SOURCE_SERVER_ID: 's-0123456789abcdef0' };

describe('reverse replication and cross-Region failback', () => {
  const cli = requireAwsCli('drs', 'reverse-replication');
  const maybe = cli ? test : test.skip;

  maybe('start reversed replication in the recovery region, then recover the reversed source server in the source region', async () => {
    const text = reverseReplicationCommands({
      site: 'dublin',
      recoveryRegion: 'eu-west-2',
      recoveryEndpointDns: 'vpce-1.drs.eu-west-2.vpce.amazonaws.com',
      sourceRegion: 'eu-west-1',
      reverseEndpointDns: 'vpce-2.drs.eu-west-1.vpce.amazonaws.com',
    });
    const run = await runWithAwsStub(cli!, `set -e\n${runnable(text, ['vpce-1.drs.eu-west-2.vpce.amazonaws.com', 'vpce-2.drs.eu-west-1.vpce.amazonaws.com'])} >/dev/null`, { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.requests.map((r) => [r.path, r.params, r.headers.authorization?.toString().match(/\/(eu-west-\d)\/drs\//)?.[1]])).toEqual([
      ['/ReverseReplication', { recoveryInstanceID: 'i-0123456789abcdef0' }, 'eu-west-2'],
      ['/StartRecovery', { sourceServers: [{ sourceServerID: 's-0123456789abcdef0' }] }, 'eu-west-1'],
    ]);
  });
});

describe('on-prem failback with the Failback Client', () => {
  const cli = requireAwsCli('drs', 'start-failback-launch');
  const maybe = cli ? test : test.skip;

  maybe('assumes the failback-client role in the region with no region configured, then launches the failback', async () => {
    const text = failbackClientCommands({
      region: 'eu-west-3',
      roleArn: 'arn:aws:iam::222222222222:role/private-dr/tgw-drs-failback-client',
      sessionSeconds: 3600,
      endpointDns: 'vpce-3.drs.eu-west-3.vpce.amazonaws.com',
      s3Dns: 'vpce-4.s3.eu-west-3.vpce.amazonaws.com',
    });
    // No region anywhere (the stub's config files are /dev/null): each command must carry its own --region,
    // else the CLI signs for and calls the global STS endpoint, unreachable here.
    const noRegion = 'unset AWS_DEFAULT_REGION AWS_REGION AWS_PROFILE\n';
    const run = await runWithAwsStub(cli!, `set -e\n${noRegion}${runnable(text, ['vpce-3.drs.eu-west-3.vpce.amazonaws.com'])} >/dev/null`, { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.requests.map((r) => [r.operation, r.params])).toEqual([
      ['AssumeRole', expect.objectContaining({ RoleArn: 'arn:aws:iam::222222222222:role/private-dr/tgw-drs-failback-client', RoleSessionName: 'drs-failback-client', DurationSeconds: '3600' })],
      ['StartFailbackLaunch', { recoveryInstanceIDs: ['i-0123456789abcdef0'] }],
    ]);
    // SigV4's credential scope names the region and service the request was made for.
    expect(run.requests.map((r) => /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(r.headers.authorization))?.slice(1))).toEqual([
      ['eu-west-3', 'sts'],
      ['eu-west-3', 'drs'],
    ]);
  });
});
