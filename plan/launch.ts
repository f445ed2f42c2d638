/**
 * Who sets the default launch settings (issue 13). DRS and MGN keep one set of defaults per
 * account and region, so exactly one stack owns them: among the stacks with recovery subnets in
 * that account and region (staging stacks of sites without a target, then target stacks), the
 * first in deploy order. Others still get the recovered-instance security group and endpoints.
 */
import type { Launch } from '../config/schema';
import type { StagingPlan, TargetPlan } from './types';

export interface LaunchContext {
  readonly settings: Launch;
  /** Stacks that own their account and region's launch defaults. */
  readonly owners: readonly string[];
}

export function launchContext(settings: Launch, stagings: readonly StagingPlan[], targets: readonly TargetPlan[]): LaunchContext {
  const candidates = [
    ...stagings.filter((s) => s.network.subnets.some((n) => n.tier === 'recovery')).map((s) => s.stack),
    ...targets.map((t) => t.stack),
  ];
  const seen = new Set<string>();
  const owners: string[] = [];
  for (const stack of candidates) {
    const key = `${stack.account.id}@${stack.region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    owners.push(stack.name);
  }
  return { settings, owners };
}
