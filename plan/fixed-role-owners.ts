/**
 * IAM role names that DRS fixes (catalog/iam-role-names.ts) exist once per account, so across all
 * environment files synthesized together each may be created by one file only: two files that both
 * create DRSStagingAccountRole_<id> in one account make the second apply fail with
 * EntityAlreadyExists. The same holds per account and region for the DRS replication template (one
 * per account and region) and the launch defaults (one set per account and region). The later file
 * (in the order given) is refused, naming both files.
 */
import { DRS_SERVICE_ROLE_NAMES, crossAccountNames, stagingAccountRoleName } from '../catalog/iam-role-names';
import { InvalidEnvironmentError, problem } from '../config/problems';
import type { AccountRef, EnvironmentPlan } from './types';

export interface FixedRole {
  readonly account: AccountRef;
  readonly name: string;
  readonly stack: string;
}

/** Every fixed-name role an environment's stacks create, with the stack that creates it. */
export function fixedRoles(plan: EnvironmentPlan): FixedRole[] {
  const drs = plan.env.service.id === 'drs';
  const staging = plan.stagings.flatMap(({ stack, accountIdentity: id }) => {
    if (!id) return [];
    const names = [
      ...id.targets.map((t) => stagingAccountRoleName(t.id)),
      ...(drs ? id.crossAccountSources.flatMap((s) => [crossAccountNames.agent(s.id), crossAccountNames.replication(s.id)]) : []),
      ...(drs && id.initializeService ? DRS_SERVICE_ROLE_NAMES : []),
    ];
    return names.map((name) => ({ account: stack.account, name, stack: stack.name }));
  });
  const sources = plan.sources.flatMap(({ stack, accountIdentity: id }) => {
    if (!id || !drs) return [];
    const names = [...id.stagingAccounts.map((s) => crossAccountNames.authorized(s.id)), ...id.replicationRoles.map((s) => crossAccountNames.replication(s.id))];
    return names.map((name) => ({ account: stack.account, name, stack: stack.name }));
  });
  // Failback across accounts (plan/failback.ts): DRSCrossAccountReplicationRole_<other> in recovery stacks.
  const failback = [...plan.stagings, ...plan.targets].flatMap(({ stack, failback: f }) =>
    (f?.replicationRoles ?? []).map((other) => ({ account: stack.account, name: crossAccountNames.replication(other.id), stack: stack.name })),
  );
  const targets = plan.targets.flatMap(({ stack, initialize }) =>
    initialize?.serviceRoles ? DRS_SERVICE_ROLE_NAMES.map((name) => ({ account: stack.account, name, stack: stack.name })) : [],
  );
  return [...staging, ...sources, ...failback, ...targets];
}

/** What exists once per account and region, with the stack that creates it (plan/launch.ts owns the launch defaults). */
function regionalSingletons(plan: EnvironmentPlan): FixedRole[] {
  const templates =
    plan.env.service.id === 'drs' ? plan.stagings.map(({ stack }) => ({ account: stack.account, name: `the DRS replication template in ${stack.region}`, stack: stack.name })) : [];
  const stacks = [...plan.stagings, ...plan.targets].map((p) => p.stack);
  const launch = plan.env.launch.owners.map((name) => stacks.find((s) => s.name === name)!).map((stack) => ({ account: stack.account, name: `the ${plan.env.service.id.toUpperCase()} launch defaults in ${stack.region}`, stack: stack.name }));
  return [...templates, ...launch];
}

export function fixedRoleClashes(plans: readonly { readonly file: string; readonly plan: EnvironmentPlan }[]): InvalidEnvironmentError[] {
  const owners = new Map<string, { file: string; env: string; stack: string }>();
  const errors: InvalidEnvironmentError[] = [];
  for (const { file, plan } of plans) {
    // One problem per account and earlier file, listing the role names.
    const clashes = new Map<string, { account: AccountRef; other: { file: string; env: string }; names: string[]; regional: string[] }>();
    const mine: [string, FixedRole][] = [];
    const regional = new Set(regionalSingletons(plan).map((r) => r.name));
    for (const role of [...fixedRoles(plan), ...regionalSingletons(plan)]) {
      const key = `${role.account.id}/${role.name}`;
      const other = owners.get(key);
      if (other === undefined || other.env === plan.env.name) {
        mine.push([key, role]);
        continue;
      }
      const clashKey = `${role.account.id}|${other.file}`;
      const clash = clashes.get(clashKey) ?? { account: role.account, other, names: [], regional: [] };
      (regional.has(role.name) ? clash.regional : clash.names).push(role.name);
      clashes.set(clashKey, clash);
    }
    for (const [key, role] of mine) if (!owners.has(key)) owners.set(key, { file, env: plan.env.name, stack: role.stack });
    if (!clashes.size) continue;
    const problems = [...clashes.values()].map(({ account, other, names, regional: perRegion }) => {
      const what = [...(names.length ? [`the IAM role${names.length === 1 ? '' : 's'} ${names.join(', ')}`] : []), ...perRegion].join(' and ');
      return problem(
        ['accounts', account.alias],
        `account ${account.id} would get ${what} from both ${other.file} (environment "${other.env}") and ${file}; ` +
          (names.length ? 'DRS fixes these names' : 'AWS keeps one of each per account and region') +
          ', so one account can have each only once: keep the sites that use this account in one environment file' +
          (names.some((n) => (DRS_SERVICE_ROLE_NAMES as readonly string[]).includes(n)) ? ', or set replication.initializeService: false in this file (the other file creates the DRS service roles)' : ''),
      );
    });
    errors.push(new InvalidEnvironmentError(file, problems));
  }
  return errors;
}
