/**
 * accounts.<alias>.replicationTemplateIds: each entry takes over the DRS replication template of
 * one staging account and region, so the account must have a staging network there, with DRS
 * (MGN's templates are not managed here).
 */
import { stagingGroups } from '../effective';
import type { Environment } from '../schema';
import { Problem, problem } from '../problems';

export function templateRules(env: Environment): Problem[] {
  const groups = stagingGroups(env.sites);
  return Object.entries(env.accounts).flatMap(([alias, account]) =>
    Object.keys(account.replicationTemplateIds ?? {}).flatMap((region) => {
      const at = ['accounts', alias, 'replicationTemplateIds', region];
      if (env.service !== 'drs') return [problem(at, 'is DRS-only (service: mgn creates no replication template): remove it')];
      if (groups.some((g) => g.account === alias && g.region === region)) return [];
      const regions = [...new Set(groups.filter((g) => g.account === alias).map((g) => g.region))].sort();
      return [
        problem(
          at,
          `account "${alias}" has no staging network in ${region} (no site lists it under recovery.staging there), so there is no template to take over; ` +
            (regions.length ? `its staging regions are ${regions.join(', ')}` : 'it is not a staging account') +
            ': remove this entry or fix the region',
        ),
      ];
    }),
  );
}
