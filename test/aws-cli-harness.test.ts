/** The harness that checks generated commands against the AWS CLI's models proves what it claims. */
import { findAwsCli, requireAwsCli, runWithAwsStub } from './support/aws-cli';

describe('AWS CLI stub', () => {
  const cli = requireAwsCli('sts', 'assume-role');
  const maybe = cli ? test : test.skip;

  maybe('records the request a well-formed command sends, in its protocol', async () => {
    const run = await runWithAwsStub(cli!, 'aws sts assume-role --region eu-west-1 --role-arn arn:aws:iam::111111111111:role/x --role-session-name s1 >/dev/null');
    expect(run.code).toBe(0);
    expect(run.requests.map((r) => [r.operation, r.params.RoleArn, r.params.RoleSessionName])).toEqual([['AssumeRole', 'arn:aws:iam::111111111111:role/x', 's1']]);
  });

  maybe('a command the model refuses sends nothing and fails', async () => {
    const run = await runWithAwsStub(cli!, 'aws sts assume-role --region eu-west-1 --role-arn arn:aws:iam::111111111111:role/x --role-session-name s');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/RoleSessionName/);
    expect(run.requests).toEqual([]);
  });

  test('an operation no CLI knows is reported, not passed', () => {
    expect(findAwsCli('sts', 'no-such-operation')).toEqual({ missing: expect.stringMatching(/no (installed AWS CLI knows|AWS CLI on PATH)/) });
  });
});
