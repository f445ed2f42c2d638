/**
 * Security group rule quotas. AWS counts each ingress (and each egress) rule of a group: one per
 * port, protocol and source range, and the default quota is 60 inbound and 60 outbound rules per
 * security group (Amazon VPC quotas, "Security groups": "Inbound or outbound rules per security
 * group: 60", https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html). An apply
 * that needs more fails half way with RulesPerSecurityGroupLimitExceeded, so the file is refused
 * with the number, the limit and what to change.
 *
 * The counts mirror what the constructs create (a test compares them with the synthesized JSON):
 * - endpoints group: 443 from every source range and from the VPC's own server subnets
 *   (staging, and recovery when some site has no target account), one per AZ;
 * - replication servers group: 1500 from every source range;
 * - inbound resolver group: 53/udp and 53/tcp from every on-prem DNS client;
 * - a target VPC's endpoints group: 443 from the site's source ranges and its recovery subnets;
 * - failback (plan/failback.ts): a staging network in the source account and region of AWS sites
 *   admits their recovery subnets too (443 to the endpoints, 1500 to the replication servers), and
 *   a recovery VPC's failback group admits 1500 from the ranges of on-prem sites recovering there.
 */
import { failbackOn, sourceCidrs, stagingGroups, stagingKey, type StagingGroup } from '../effective';
import type { Environment, Site } from '../schema';
import { Problem, listed, problem } from '../problems';

export const SECURITY_GROUP_RULE_QUOTA = 60;
/** plan/plan.ts DEFAULT_AZ_COUNT (config may not import the planner); test/sg-quota.test.ts keeps both equal. */
const DEFAULT_AZ_COUNT_FOR_RULES = 2;

const unique = <T>(items: readonly T[]) => [...new Set(items)];

const azCount = (sites: readonly Site[]) => Math.max(...sites.map((s) => s.recovery.availabilityZones ?? DEFAULT_AZ_COUNT_FOR_RULES));

function dnsClients(sites: readonly Site[]): string[] {
  return unique(sites.flatMap((s) => (s.source.type !== 'onprem' ? [] : (s.source.dnsServers ?? s.source.cidrs))));
}

export interface GroupRuleCount {
  readonly group: 'endpoints' | 'replication servers' | 'inbound resolver' | 'failback';
  readonly inbound: number;
}

const sitesOf = (group: StagingGroup) => unique(group.members.map((m) => m.site));

/**
 * Recovery subnets that replicate back into `account` and `region` (their AWS sites' source account
 * and region): one range per AZ of each recovery VPC, a target VPC or the site's staging VPCs.
 */
function reverseRanges(env: Environment, account: string, region: string): number {
  const groups = new Map(stagingGroups(env.sites).map((g) => [g.key, g]));
  const vpcs = new Map<string, number>();
  for (const site of env.sites) {
    if (site.source.type !== 'aws' || !failbackOn(env, site) || site.source.account !== account || site.source.region !== region) continue;
    if (site.recovery.target) vpcs.set(`target of ${site.name}`, azCount([site]));
    else for (const entry of site.recovery.staging) {
      const key = stagingKey(entry.account, site.recovery.region);
      vpcs.set(key, azCount(sitesOf(groups.get(key)!)));
    }
  }
  return [...vpcs.values()].reduce((a, b) => a + b, 0);
}

/** On-prem ranges whose Failback Client connects to recovery instances in a VPC of these sites. */
const failbackClients = (env: Environment, sites: readonly Site[]) =>
  unique(sites.flatMap((s) => (s.source.type === 'onprem' && failbackOn(env, s) ? s.source.cidrs : []))).length;

/** Inbound rules of each security group of the staging network of `group`. */
export function stagingRuleCounts(env: Environment, group: StagingGroup): GroupRuleCount[] {
  const sites = sitesOf(group);
  const sources = unique(sites.flatMap(sourceCidrs)).length;
  const reverse = reverseRanges(env, group.account, group.region);
  const recoveryHere = sites.filter((s) => s.recovery.target === undefined);
  const serverTiers = recoveryHere.length ? 2 : 1;
  return [
    { group: 'endpoints', inbound: sources + serverTiers * azCount(sites) + reverse },
    { group: 'replication servers', inbound: sources + reverse },
    { group: 'inbound resolver', inbound: 2 * dnsClients(sites).length },
    { group: 'failback', inbound: failbackClients(env, recoveryHere) },
  ];
}

/** Inbound rules of each security group of a target VPC. */
export function targetRuleCounts(env: Environment, site: Site): GroupRuleCount[] {
  return [
    { group: 'endpoints', inbound: unique(sourceCidrs(site)).length + azCount([site]) },
    { group: 'failback', inbound: failbackClients(env, [site]) },
  ];
}

const FIX =
  'summarize the source ranges into fewer CIDRs (or name fewer dnsServers), or spread the sites over more staging accounts; ' +
  `AWS allows ${SECURITY_GROUP_RULE_QUOTA} inbound rules per security group by default (Amazon VPC quotas)`;

export function quotaRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  for (const group of stagingGroups(env.sites)) {
    const sites = sitesOf(group);
    const first = group.members[0];
    for (const count of stagingRuleCounts(env, group)) {
      if (count.inbound <= SECURITY_GROUP_RULE_QUOTA) continue;
      out.push(
        problem(
          ['sites', first.siteIndex, 'recovery', 'staging', first.entryIndex],
          `the staging network of "${group.account}" in ${group.region} (${sites.length === 1 ? 'site' : `${sites.length} sites:`} ${listed(sites.map((s) => `"${s.name}"`))}) would need ${count.inbound} inbound rules in its ${count.group} security group, more than the limit of ${SECURITY_GROUP_RULE_QUOTA}: ${FIX}`,
        ),
      );
    }
  }
  env.sites.forEach((site, i) => {
    if (!site.recovery.target) return;
    for (const { group, inbound } of targetRuleCounts(env, site)) {
      if (inbound <= SECURITY_GROUP_RULE_QUOTA) continue;
      out.push(problem(['sites', i, 'recovery', 'targetCidr'], `the target VPC of site "${site.name}" would need ${inbound} inbound rules in its ${group} security group, more than the limit of ${SECURITY_GROUP_RULE_QUOTA}: summarize the site's source ranges into fewer CIDRs; AWS allows ${SECURITY_GROUP_RULE_QUOTA} inbound rules per security group by default (Amazon VPC quotas)`));
    }
  });
  return out;
}
