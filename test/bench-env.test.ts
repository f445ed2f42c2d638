/** The benchmark's generated environments must stay valid as the rules grow. */
import { BENCH_CASES, largeEnvironment } from '../bench/large-env';
import { planEnvironment } from '../plan/plan';
import { accepted } from './support/env';

describe('benchmark environments', () => {
  it.each(BENCH_CASES.map((c) => [c.label, c.options] as const))('%s validates and plans', (_label, options) => {
    const plan = planEnvironment(accepted(largeEnvironment(options)));
    expect(plan.stacks.length).toBeGreaterThan(30);
  });
});
