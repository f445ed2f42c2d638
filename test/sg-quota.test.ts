/**
 * Issue 15 (8): no security group gets more rules than AWS's default quota of 60 inbound rules
 * per group (Amazon VPC quotas). 100 on-prem sites sharing a staging network gave the endpoints
 * group 104 ingress rules; such a file is now refused with the number and the limit, and the
 * counts the rule predicts are exactly what synthesis creates.
 */
import fc from 'fast-check';
import { stagingGroups, stagingKey } from '../config/effective';
import { SECURITY_GROUP_RULE_QUOTA, stagingRuleCounts, targetRuleCounts } from '../config/rules/quotas';
import { DEFAULT_AZ_COUNT, planEnvironment } from '../plan/plan';
import { validEnvironment } from './support/arbitraries';
import { accepted, problemsOf, PRINCIPAL, type Json } from './support/env';
import { synthPlan } from './support/stack-json';
import type { TfJson } from './support/synth';

/** `sites` on-prem sites, each with `ranges` /24s, all replicating into one staging network. */
function sharedStaging(sites: number, ranges = 1, extra: (site: Json, i: number) => void = () => {}): Json {
  return {
    name: 'many',
    accounts: { staging: { id: '222222222222' } },
    sites: Array.from({ length: sites }, (_, i) => {
      const site: Json = {
        name: `dc-${i}`,
        source: {
          type: 'onprem',
          cidrs: Array.from({ length: ranges }, (_, j) => `172.${16 + Math.floor((i * ranges + j) / 256)}.${(i * ranges + j) % 256}.0/24`),
          transitGatewayId: 'tgw-0123456789abcdef0',
          dnsServers: [`172.${16 + Math.floor((i * ranges) / 256)}.${(i * ranges) % 256}.10`],
        },
        recovery: { region: 'eu-west-2', staging: [{ account: 'staging', cidr: '10.0.0.0/16', servers: 1 }] },
      };
      extra(site, i);
      return site;
    }),
    agentInstall: { principals: [PRINCIPAL] },
  };
}

/** Inbound rules per security group, by the group's address in the stack. */
// `resource?.`: a stack may hold outputs only (an MGN source with an adopted VPC, staged only in
// other accounts, has no VPC and no instance profile to create).
function inboundPerGroup(stack: TfJson): Map<string, number> {
  const counts = new Map<string, number>();
  for (const rule of Object.values(stack.resource?.aws_vpc_security_group_ingress_rule ?? {})) {
    counts.set(rule.security_group_id, (counts.get(rule.security_group_id) ?? 0) + 1);
  }
  return counts;
}

describe('security group rule quota', () => {
  it('refuses 100 sites sharing a staging network, with the number and the limit', () => {
    expect(problemsOf(sharedStaging(100))).toEqual([
      {
        path: 'sites[0].recovery.staging[0]',
        message: expect.stringMatching(/^the staging network of "staging" in eu-west-2 \(100 sites: "dc-0", "dc-1", "dc-2", "dc-3", "dc-4" and 95 more\) would need 104 inbound rules in its endpoints security group, more than the limit of 60: summarize the source ranges/),
      },
      { path: 'sites[0].recovery.staging[0]', message: expect.stringMatching(/would need 100 inbound rules in its replication servers security group, more than the limit of 60/) },
      { path: 'sites[0].recovery.staging[0]', message: expect.stringMatching(/would need 200 inbound rules in its inbound resolver security group, more than the limit of 60/) },
      { path: 'sites[0].recovery.staging[0]', message: expect.stringMatching(/would need 100 inbound rules in its failback security group, more than the limit of 60/) },
    ]);
  });

  it('accepts a network right at the limit, and every synthesized group stays within it', () => {
    // 56 ranges + 4 server subnets (staging and recovery, 2 AZs) = 60 endpoint rules; 28 resolvers x 2 = 56;
    // 56 ranges to the replication servers, and to recovery instances for the Failback Client.
    const env = sharedStaging(28, 2);
    const plan = planEnvironment(accepted(env));
    const [stack] = Object.values(synthPlan(plan));
    const counts = [...inboundPerGroup(stack).values()].sort((a, b) => b - a);
    expect(counts).toEqual([60, 56, 56, 56]);
    expect(problemsOf(sharedStaging(29, 2)).map((p) => p.message)).toEqual([expect.stringContaining('would need 62 inbound rules in its endpoints security group')]);
  });

  it('refuses a target VPC whose site has more ranges than one group admits', () => {
    const env = sharedStaging(1, 59, (site) => {
      site.recovery.target = 'recovery';
      site.recovery.targetCidr = '10.9.0.0/16';
    });
    env.accounts.recovery = { id: '333333333333' };
    env.replication = { encryption: 'cmk' };
    expect(problemsOf(env)).toContainEqual({
      path: 'sites[0].recovery.targetCidr',
      message: expect.stringMatching(/^the target VPC of site "dc-0" would need 61 inbound rules in its endpoints security group, more than the limit of 60/),
    });
  });

  it('predicts exactly the inbound rules synthesis creates (property)', () => {
    expect(DEFAULT_AZ_COUNT).toBe(2);
    fc.assert(
      fc.property(validEnvironment, (data) => {
        const env = accepted(data);
        const plan = planEnvironment(env);
        const stacks = synthPlan(plan);
        const groups = new Map(stagingGroups(env.sites).map((g) => [g.key, g]));
        // Reverse-only staging networks (failback) have no forward group; the last loop bounds them.
        for (const staging of plan.stagings.filter((s) => s.sites.length)) {
          const group = groups.get(stagingKey(staging.stack.account.alias, staging.stack.region))!;
          const expected = stagingRuleCounts(env, group).map((c) => c.inbound).filter((n) => n > 0).sort();
          expect([...inboundPerGroup(stacks[staging.stack.name]).values()].sort()).toEqual(expected);
        }
        for (const target of plan.targets) {
          const site = env.sites.find((s) => s.name === target.site)!;
          const expected = targetRuleCounts(env, site).map((c) => c.inbound).filter((n) => n > 0).sort();
          expect([...inboundPerGroup(stacks[target.stack.name]).values()].sort()).toEqual(expected);
        }
        for (const stack of Object.values(stacks)) for (const n of inboundPerGroup(stack).values()) expect(n).toBeLessThanOrEqual(SECURITY_GROUP_RULE_QUOTA);
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
