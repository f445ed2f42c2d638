/**
 * Derived views of a parsed environment that validation and planning both need: a site's
 * effective replication settings and the staging networks that sites share.
 */
import type { Environment, Replication, Site, StagingEntry } from './schema';

export function effectiveReplication(env: Pick<Environment, 'replication'>, site: Site): Replication {
  return { ...env.replication, ...site.recovery.replication };
}

/** A staging account and region: one staging VPC, template and resolver, shared by its sites. */
export interface StagingGroup {
  readonly key: string;
  readonly account: string;
  readonly region: string;
  /** Each site's entry for this network, in file order, with where it sits in the file. */
  readonly members: readonly { site: Site; siteIndex: number; entry: StagingEntry; entryIndex: number }[];
}

export function stagingKey(account: string, region: string): string {
  return `${account}@${region}`;
}

export function stagingGroups(sites: readonly Site[]): StagingGroup[] {
  const groups = new Map<string, StagingGroup & { members: StagingGroup['members'][number][] }>();
  sites.forEach((site, siteIndex) =>
    site.recovery.staging.forEach((entry, entryIndex) => {
      const key = stagingKey(entry.account, site.recovery.region);
      let group = groups.get(key);
      if (!group) {
        group = { key, account: entry.account, region: site.recovery.region, members: [] };
        groups.set(key, group);
      }
      group.members.push({ site, siteIndex, entry, entryIndex });
    }),
  );
  return [...groups.values()];
}

/** Where a site's servers live: the VPC CIDR of an aws source, or the on-prem ranges. */
export function sourceCidrs(site: Site): string[] {
  return site.source.type === 'aws' ? [site.source.vpc.cidr] : site.source.cidrs;
}

/** Failback is DRS only (MGN migrates one way) and on unless a site turns it off (plan/failback.ts). */
export const failbackOn = (env: Pick<Environment, 'service'>, site: Site): boolean => env.service === 'drs' && site.recovery.failback !== false;
