/** One environment plan -> its stacks, in deploy order. */
import type { App } from 'cdktf';
import type { EnvironmentPlan } from '../plan/types';
import type { DrStack } from './dr-stack';
import { PeeringStack } from './peering-stack';
import { FailbackPeeringStack } from './failback-peering-stack';
import { SourceStack } from './source-stack';
import { StagingStack } from './staging-stack';
import { TargetStack } from './target-stack';

export function buildStacks(app: App, plan: EnvironmentPlan): DrStack[] {
  return [
    ...plan.sources.map((p) => new SourceStack(app, p, plan.env)),
    ...plan.stagings.map((p) => new StagingStack(app, p, plan.env)),
    ...plan.targets.map((p) => new TargetStack(app, p, plan.env)),
    ...plan.peerings.map((p) => new PeeringStack(app, p, plan.env)),
    ...plan.failbacks.map((p) => new FailbackPeeringStack(app, p, plan.env)),
  ];
}
