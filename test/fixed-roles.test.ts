/**
 * Issue 15 (6): role names DRS fixes exist once per account, so across environment files
 * synthesized together an account's fixed-name roles come from one file; the second is refused
 * naming both files and the account.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { DRS_SERVICE_ROLE_NAMES } from '../catalog/iam-role-names';
import { DRS_SERVICE_ROLES } from '../constructs/identity/drs-initialization';
import { AggregateEnvironmentError } from '../config/load';
import { planFiles } from '../plan/plan-files';
import { fixedRoles } from '../plan/fixed-role-owners';
import { planEnvironment } from '../plan/plan';
import { synthPlan } from './support/stack-json';
import { accepted, edited, targetEnv, validEnv, type Json } from './support/env';
import { tempDir } from './support/synth';

function writeAll(envs: Record<string, Json>): string[] {
  const dir = tempDir('private-dr-roles-');
  return Object.entries(envs).map(([name, env]) => {
    const file = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(file, stringify({ ...env, name }));
    return file;
  });
}

function refusal(files: string[]): AggregateEnvironmentError {
  try {
    planFiles(files);
  } catch (e) {
    if (e instanceof AggregateEnvironmentError) return e;
    throw e;
  }
  throw new Error('expected the files to be refused');
}

/** Another environment with its own site names, so that stack names do not clash. */
const renamed = (env: Json) => edited(env, (e) => e.sites.forEach((s: Json) => (s.name = `${s.name}-two`)));

describe('fixed-name IAM roles across environment files', () => {
  it('refuses the second file that creates DRSStagingAccountRole_<id> and the cross-account roles in the same accounts', () => {
    const [one, two] = writeAll({ one: targetEnv(), two: renamed(targetEnv()) });
    const error = refusal([one, two]);
    expect(error.errors.map((e) => e.file)).toEqual([two]);
    const messages = error.errors[0].problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^accounts\\.staging-a: account 222222222222 would get the IAM roles .*DRSStagingAccountRole_333333333333.* from both ${one.replace(/[.\\/]/g, '\\$&')} \\(environment "one"\\) and ${two.replace(/[.\\/]/g, '\\$&')}; `)),
        expect.stringMatching(/^accounts\.workloads: account 111111111111 would get the IAM roles DRSCrossAccountAgentAuthorizedRole_222222222222, /),
      ]),
    );
  });

  it('names the DRS service roles and the way out when both files initialize DRS in one account', () => {
    const init = (env: Json) => edited(env, (e) => (e.replication = { ...e.replication, initializeService: true }));
    const [one, two] = writeAll({ one: init(validEnv()), two: renamed(init(validEnv())) });
    const text = refusal([one, two]).message;
    expect(text).toContain('AWSElasticDisasterRecoveryAgentRole');
    expect(text).toContain('set replication.initializeService: false in this file');
  });

  it('refuses a second file with a staging network in the same account and region: one replication template and one set of launch defaults there', () => {
    const other = edited(renamed(validEnv()), (e) => {
      e.accounts = { ...e.accounts, workloads: { id: '555555555555' }, 'staging-b': { id: '777777777777' }, recovery: { id: '888888888888' } };
    });
    const [one, two] = writeAll({ one: validEnv(), two: other });
    const error = refusal([one, two]);
    expect(error.errors.map((e) => e.file)).toEqual([two]);
    const messages = error.errors[0].problems.map((p) => p.message);
    expect(messages).toEqual([
      expect.stringMatching(/^account 222222222222 would get the DRS replication template in eu-west-2 and .*the DRS launch defaults in eu-west-2 .*AWS keeps one of each per account and region/),
    ]);
  });

  it('accepts files whose accounts differ', () => {
    const other = edited(renamed(validEnv()), (e) => {
      e.accounts = { workloads: { id: '555555555555' }, 'staging-a': { id: '666666666666' }, 'staging-b': { id: '777777777777' }, recovery: { id: '888888888888' } };
    });
    const [one, two] = writeAll({ one: validEnv(), two: other });
    expect(planFiles([one, two])).toHaveLength(2);
  });

  it('lists exactly the roles the stacks create', () => {
    const plan = planEnvironment(accepted(targetEnv()));
    expect(fixedRoles(plan).map((r) => `${r.account.id} ${r.name} ${r.stack}`).sort()).toEqual(
      [
        '111111111111 DRSCrossAccountAgentAuthorizedRole_222222222222 test-dublin-source',
        '111111111111 DRSCrossAccountAgentAuthorizedRole_444444444444 test-dublin-source',
        '111111111111 DRSCrossAccountReplicationRole_222222222222 test-dublin-source',
        '111111111111 DRSCrossAccountReplicationRole_333333333333 test-staging-workloads-eu-west-1',
        '111111111111 DRSCrossAccountReplicationRole_444444444444 test-dublin-source',
        '222222222222 DRSCrossAccountAgentRole_111111111111 test-staging-staging-a-eu-west-2',
        '222222222222 DRSCrossAccountReplicationRole_111111111111 test-staging-staging-a-eu-west-2',
        '222222222222 DRSStagingAccountRole_333333333333 test-staging-staging-a-eu-west-2',
        '333333333333 DRSCrossAccountReplicationRole_111111111111 test-dublin-target',
        '444444444444 DRSCrossAccountAgentRole_111111111111 test-staging-staging-b-eu-west-2',
        '444444444444 DRSCrossAccountReplicationRole_111111111111 test-staging-staging-b-eu-west-2',
        '444444444444 DRSStagingAccountRole_333333333333 test-staging-staging-b-eu-west-2',
      ].sort(),
    );
    expect(DRS_SERVICE_ROLES.map((r) => r.name)).toEqual([...DRS_SERVICE_ROLE_NAMES]);
  });

  it.each([
    ['cross-account with a target', targetEnv()],
    ['initializing DRS', edited(validEnv(), (e) => (e.replication = { initializeService: true }))],
  ])('matches the service-role path roles in the synthesized stacks (%s)', (_, env) => {
    const plan = planEnvironment(accepted(env));
    const stacks = synthPlan(plan);
    const synthesized = Object.entries(stacks).flatMap(([name, stack]) =>
      Object.values(stack.resource.aws_iam_role ?? {})
        .filter((r: any) => r.path === '/service-role/')
        .map((r: any) => `${plan.stacks.find((s) => s.name === name)!.account.id} ${r.name} ${name}`),
    );
    expect(fixedRoles(plan).map((r) => `${r.account.id} ${r.name} ${r.stack}`).sort()).toEqual(synthesized.sort());
  });
});
