/**
 * Who sets the default launch settings (issue 13). DRS and MGN keep one set of defaults per
 * account and region, so exactly one stack owns them: among the stacks with recovery subnets in
 * that account and region (staging stacks of sites without a target before target stacks), the
 * smallest-named (ownership.ts: never position in the file, so reordering it moves nothing).
 * Others still get the recovered-instance security group and endpoints.
 */
import type { Launch } from '../config/schema';
import { ownersByKey } from './ownership';
import type { StagingPlan, TargetPlan } from './types';

export interface LaunchContext {
  readonly settings: Launch;
  /** Stacks that own their account and region's launch defaults. */
  readonly owners: readonly string[];
}

export function launchContext(settings: Launch, stagings: readonly StagingPlan[], targets: readonly TargetPlan[]): LaunchContext {
  const candidates = [
    ...stagings.filter((s) => s.network.subnets.some((n) => n.tier === 'recovery')).map((s) => ({ stack: s.stack, staging: true })),
    ...targets.map((t) => ({ stack: t.stack, staging: false })),
  ];
  const owners = ownersByKey(candidates, (c) => `${c.stack.account.id}@${c.stack.region}`, (c) => c.staging);
  return { settings, owners: [...owners.values()].sort() };
}
