/** What synth prints about capacity: each staging account and region against the service limit. */
import type { EnvironmentPlan } from './types';

export function capacityReport(plan: EnvironmentPlan): string[] {
  const limit = plan.env.service.maxServersPerAccountRegion;
  return plan.stagings.map((s) => {
    const pct = Math.round((100 * s.servers) / limit);
    // Forward counts are refused above the limit (config/rules/capacity.ts); only failing back every
    // recovered server at once can exceed it, which the operator avoids by failing back in batches.
    const over = s.servers > limit ? `; WARNING: more than ${limit} replicate back only if every server fails back at once: fail back in batches of at most ${limit}` : '';
    return `${plan.env.name}: staging account ${s.stack.account.alias} in ${s.stack.region}: ${s.servers}/${limit} ${plan.env.service.id} servers (${pct}%) for ${s.sites.join(', ')}${s.reverse ? `${s.sites.length ? '; ' : ''}failback of ${s.reverse.sites.join(', ')}${s.reverse.only ? ` (reverse staging VPC ${s.network.cidr})` : ''}` : ''}${over}`;
  });
}
