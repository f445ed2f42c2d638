/** What synth prints about capacity: each staging account and region against the service limit. */
import type { EnvironmentPlan } from './types';

export function capacityReport(plan: EnvironmentPlan): string[] {
  const limit = plan.env.service.maxServersPerAccountRegion;
  return plan.stagings.map((s) => {
    const pct = Math.round((100 * s.servers) / limit);
    return `${plan.env.name}: staging account ${s.stack.account.alias} in ${s.stack.region}: ${s.servers}/${limit} ${plan.env.service.id} servers (${pct}%) for ${s.sites.join(', ')}${s.reverse ? `${s.sites.length ? '; ' : ''}failback of ${s.reverse.sites.join(', ')}${s.reverse.only ? ` (reverse staging VPC ${s.network.cidr})` : ''}` : ''}`;
  });
}
