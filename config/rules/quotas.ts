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
 * - a target VPC's endpoints group: 443 from the site's source ranges and its recovery subnets.
 */
import { sourceCidrs, stagingGroups } from '../effective';
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
  readonly group: 'endpoints' | 'replication servers' | 'inbound resolver';
  readonly inbound: number;
}

/** Inbound rules of each security group of a staging network shared by `sites`. */
export function stagingRuleCounts(sites: readonly Site[]): GroupRuleCount[] {
  const sources = unique(sites.flatMap(sourceCidrs)).length;
  const serverTiers = sites.some((s) => s.recovery.target === undefined) ? 2 : 1;
  return [
    { group: 'endpoints', inbound: sources + serverTiers * azCount(sites) },
    { group: 'replication servers', inbound: sources },
    { group: 'inbound resolver', inbound: 2 * dnsClients(sites).length },
  ];
}

/** Inbound rules of a target VPC's endpoints group. */
export function targetRuleCount(site: Site): number {
  return unique(sourceCidrs(site)).length + azCount([site]);
}

const FIX =
  'summarize the source ranges into fewer CIDRs (or name fewer dnsServers), or spread the sites over more staging accounts; ' +
  `AWS allows ${SECURITY_GROUP_RULE_QUOTA} inbound rules per security group by default (Amazon VPC quotas)`;

export function quotaRules(env: Environment): Problem[] {
  const out: Problem[] = [];
  for (const group of stagingGroups(env.sites)) {
    const sites = unique(group.members.map((m) => m.site));
    const first = group.members[0];
    for (const count of stagingRuleCounts(sites)) {
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
    const inbound = targetRuleCount(site);
    if (inbound > SECURITY_GROUP_RULE_QUOTA) {
      out.push(problem(['sites', i, 'recovery', 'targetCidr'], `the target VPC of site "${site.name}" would need ${inbound} inbound rules in its endpoints security group, more than the limit of ${SECURITY_GROUP_RULE_QUOTA}: summarize the site's source ranges into fewer CIDRs; AWS allows ${SECURITY_GROUP_RULE_QUOTA} inbound rules per security group by default (Amazon VPC quotas)`));
    }
  });
  return out;
}
