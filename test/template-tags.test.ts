/**
 * Issue 15 (2): changing tags must never break an apply (hashicorp/terraform-provider-aws#42010:
 * the provider's Update ignores staging_area_tags), and the tags must reach the template. The
 * template ignores later tag changes; terraform_data carries the tags and its command updates
 * them in place through the real AWS CLI (run here against a recorder on 127.0.0.1).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planEnvironment } from '../plan/plan';
import { accepted, edited, validEnv } from './support/env';
import { synthPlan } from './support/stack-json';
import { callerIs, requireAwsCli, runWithAwsStub } from './support/aws-cli';
import { resource } from './support/synth';
import { updateTagsCommand } from '../constructs/replication-template-tags';
import { requireTools } from './support/tools';

const STACK = 'test-staging-staging-a-eu-west-2';
const stackOf = (env: unknown) => synthPlan(planEnvironment(accepted(env)))[STACK];

describe('replication template tags', () => {
  const before = stackOf(validEnv());
  const after = stackOf(edited(validEnv(), (e) => (e.tags = { Owner: 'dr-team', CostCentre: '42' })));

  it('the template ignores later changes of staging_area_tags, so the provider never skips an update it then reads back', () => {
    const template = resource(before, 'aws_drs_replication_configuration_template', 'replication_template');
    expect(template.lifecycle).toEqual({ ignore_changes: ['staging_area_tags'] });
    expect(template.staging_area_tags).toEqual({ Owner: 'platform', Environment: 'test', 'private-dr:staging': STACK });
  });

  it('a tag change shows in the plan as terraform_data replaced with the tag diff, and the template resource itself is not replaced', () => {
    const tags = (s: typeof before) => resource(s, 'terraform_data', 'replication_template_tags_staging_area_tags');
    expect(tags(before).triggers_replace).toEqual({ staging_area_tags: { Environment: 'test', Owner: 'platform', 'private-dr:staging': STACK } });
    expect(tags(after).triggers_replace).toEqual({ staging_area_tags: { CostCentre: '42', Environment: 'test', Owner: 'dr-team', 'private-dr:staging': STACK } });
    expect(tags(after).provisioner[0]['local-exec'].environment).toMatchObject({
      TEMPLATE_ID: '${aws_drs_replication_configuration_template.replication_template.id}',
      ACCOUNT_ID: '222222222222',
      REGION: 'eu-west-2',
      TAGS: JSON.stringify({ CostCentre: '42', Environment: 'test', Owner: 'dr-team', 'private-dr:staging': STACK }),
    });
    const { staging_area_tags: _a, ...templateBefore } = resource(before, 'aws_drs_replication_configuration_template', 'replication_template');
    const { staging_area_tags: _b, ...templateAfter } = resource(after, 'aws_drs_replication_configuration_template', 'replication_template');
    expect(templateAfter).toEqual(templateBefore);
  });

  const cli = requireAwsCli('drs', 'update-replication-configuration-template');
  const withCli = cli ? it : it.skip;

  withCli('the command updates the same template in place with exactly the tags, through the real AWS CLI', async () => {
    const local = resource(after, 'terraform_data', 'replication_template_tags_staging_area_tags').provisioner[0]['local-exec'];
    expect(local.interpreter).toEqual(['/bin/sh', '-c']);
    const env = { ...local.environment, TEMPLATE_ID: 'rct-0123456789abcdef0' };
    const ok = await runWithAwsStub(cli!, local.command, { env, reply: callerIs('222222222222') });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    const update = ok.requests.find((r) => r.operation === 'UpdateReplicationConfigurationTemplate');
    expect(JSON.parse(update!.body)).toEqual({
      replicationConfigurationTemplateID: 'rct-0123456789abcdef0',
      stagingAreaTags: { CostCentre: '42', Environment: 'test', Owner: 'dr-team', 'private-dr:staging': STACK },
    });
    const wrong = await runWithAwsStub(cli!, local.command, { env, reply: callerIs('999999999999') });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('credentials are for account 999999999999, not 222222222222');
    expect(wrong.requests.some((r) => r.operation === 'UpdateReplicationConfigurationTemplate')).toBe(false);
  });
});

describe('the tag update command', () => {
  // Like every real-tool test: skipped with a message locally, a failure in CI (test/support/tools.ts).
  const tools = requireTools(['shellcheck'], 'shellcheck');
  (tools ? it : it.skip)('passes shellcheck as POSIX sh', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-sc-'));
    const file = path.join(dir, 'update-tags.sh');
    fs.writeFileSync(file, `#!/bin/sh\n${updateTagsCommand()}\n`);
    const result = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(tools!.shellcheck, ['-s', 'sh', file], (error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, out })),
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result).toEqual({ code: 0, out: '' });
  });
});
