// `npm run check:terraform` end to end: Terraform 1.11 itself validates and plans hand-made
// cdktf-style stacks against the offline stand-in AWS provider (tools/terraform-standin), which
// serves the real hashicorp/aws 6.25.0 schema from ../shared/terraform. A consistent pair of
// stacks (one reading the other's outputs through terraform_remote_state) must pass, with the
// consumer planned after its producer was applied offline; a broken stack must fail with
// Terraform's own diagnostics. Without terraform or the schema the test skips and says why,
// except that CI without terraform fails.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sharedSchemaPath } from '../tools/terraform-standin/install';
import { providerBlockFromBindings } from '../tools/terraform-standin/schema';
import { isCI } from '../scripts/ci-env';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'terraform');

const hasTerraform = !spawnSync('terraform', ['version'], { env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } }).error;
const hasSchema = existsSync(sharedSchemaPath(ROOT));
const skipReason = !hasTerraform
  ? 'terraform is not on PATH'
  : !hasSchema
    ? `the AWS provider schema is not at ${sharedSchemaPath(ROOT)}`
    : null;
if (skipReason) console.warn(`terraform-check tests skipped: ${skipReason}`);

function runCheck(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/run.cjs', 'scripts/check-terraform.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

test('CI has terraform on PATH', () => {
  if (isCI) expect(hasTerraform).toBe(true);
});

test('the provider block schema is read from the cdktf bindings', () => {
  const block = providerBlockFromBindings(require.resolve('@cdktf/provider-aws/lib/provider/index.js'));
  expect(block.attributes?.region).toEqual({ type: 'string', optional: true });
  expect(block.attributes?.allowed_account_ids).toEqual({ type: ['set', 'string'], optional: true });
  expect(block.block_types?.assume_role?.nesting_mode).toBe('list');
  expect(block.block_types?.assume_role?.block.attributes?.role_arn).toEqual({ type: 'string', optional: true });
  expect(block.block_types?.default_tags?.block.attributes?.tags).toEqual({ type: ['map', 'string'], optional: true });
  expect(block.block_types?.endpoints?.nesting_mode).toBe('set');
});

(skipReason ? describe.skip : describe)('check:terraform against the stand-in provider', () => {
  // Both runs at once: each spends most of its time waiting on Terraform.
  const runs = skipReason
    ? undefined
    : Promise.all([runCheck(path.join(FIXTURES, 'good')), runCheck(path.join(FIXTURES, 'broken'))]);

  test('a consistent pair of stacks validates, plans, and chains through remote state', async () => {
    const [good] = await runs!;
    expect(good.output).toMatch(/ok {3}test\/fixtures\/terraform\/good › network: plan: 3 to add, 0 to change, 0 to destroy; applied offline for app/);
    expect(good.output).toMatch(/ok {3}test\/fixtures\/terraform\/good › app: plan: 1 to add, 0 to change, 0 to destroy; inputs from network/);
    expect(good.output).toContain('2 passed, 0 failed');
    expect(good.code).toBe(0);
  });

  test("a broken stack fails with Terraform's own messages", async () => {
    const [, broken] = await runs!;
    expect(broken.output).toContain('FAIL test/fixtures/terraform/broken › broken: terraform validate failed');
    expect(broken.output).toContain('No argument or block type is named "enable_dns_hostname"');
    expect(broken.output).toContain('Reference to undeclared resource');
    expect(broken.output).toContain('on cdk.tf.json line 19, in resource.aws_subnet.private');
    expect(broken.code).toBe(1);
  });
});
