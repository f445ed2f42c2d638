/**
 * Issue 15 (first apply in a fresh account): the initializeService step runs `aws sts` and
 * `aws drs initialize-service` through the real AWS CLI. Terraform's local-exec has no region
 * unless the deploying shell sets one, and the CLI refuses STS calls without it ("You must specify
 * a region"), so every call names the stack's region.
 */
import { initializeCommand } from '../constructs/identity/drs-initialization';
import { AWS_CLI, runWithRecorder } from './support/aws-recorder';

const withCli = AWS_CLI || process.env.CI === 'true' ? it : it.skip;
if (!AWS_CLI && process.env.CI !== 'true') console.warn('initialize-command: the AWS CLI is not installed; skipping');

withCli('initializes DRS in the stack\'s region with no region in the environment', async () => {
  const result = await runWithRecorder(initializeCommand('drs'), { ROLE_ARN: '', ACCOUNT_ID: '222222222222', REGION: 'eu-west-2' }, '222222222222');
  expect([result.code, result.stderr]).toEqual([0, '']);
  expect(result.requests.map((r) => r.target.trim())).toEqual(['/', '/InitializeService']);
});
