/** Properties of the failback plan over generated valid environments (issue 14). */
import fc from 'fast-check';
import { planEnvironment } from '../plan/plan';
import type { EnvironmentPlan } from '../plan/types';
import { validEnvironment } from './support/arbitraries';
import { accepted, edited } from './support/env';

/** Every IAM role name the plan creates, per account: IAM is global, so none may appear twice. */
function roleNames(plan: EnvironmentPlan): [string, string][] {
  const replication = (id: string) => `DRSCrossAccountReplicationRole_${id}`;
  return [
    ...plan.sources.flatMap((s) => (s.accountIdentity?.replicationRoles ?? []).map((t) => [s.stack.account.id, replication(t.id)] as [string, string])),
    ...plan.stagings.flatMap((s) => (s.accountIdentity?.crossAccountSources ?? []).map((t) => [s.stack.account.id, replication(t.id)] as [string, string])),
    ...[...plan.stagings, ...plan.targets].flatMap((s) => [
      ...(s.failback?.replicationRoles ?? []).map((t) => [s.stack.account.id, replication(t.id)] as [string, string]),
      ...(s.failback?.failbackRole ? [[s.stack.account.id, 'failback-client'] as [string, string]] : []),
    ]),
  ];
}

describe('the failback plan', () => {
  it('keeps stack names unique, deploys each stack after its inputs, peers each pair of VPCs once and creates each role once per account', () => {
    fc.assert(
      fc.property(validEnvironment, (data) => {
        const plan = planEnvironment(accepted(data));
        const names = plan.stacks.map((s) => s.name);
        expect(new Set(names).size).toBe(names.length);
        plan.stacks.forEach((s, i) => s.dependsOn.forEach((d) => expect(names.indexOf(d)).toBeLessThan(i)));
        const pairs = plan.failbacks.map((f) => [f.requester.stack.name, f.accepter.stack.name].sort().join(' '));
        expect(new Set(pairs).size).toBe(pairs.length);
        // One staging stack (one template) per account and region, forward and reverse alike.
        const keys = plan.stagings.map((s) => `${s.stack.account.id}@${s.stack.region}`);
        expect(new Set(keys).size).toBe(keys.length);
        const roles = roleNames(plan).map(([a, n]) => `${a} ${n}`);
        expect(roles.filter((r, i) => roles.indexOf(r) !== i)).toEqual([]);
        // Every AWS site with failback has a reverse network in its source account and region.
        for (const source of plan.sources) {
          if (plan.env.service.id !== 'drs') continue;
          expect(plan.stagings.some((s) => s.stack.account.id === source.stack.account.id && s.stack.region === source.stack.region && s.reverse?.sites.includes(source.site))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('failback: false on every site leaves exactly the forward plan', () => {
    fc.assert(
      fc.property(validEnvironment, (data) => {
        const on = planEnvironment(accepted(data));
        const off = planEnvironment(accepted(edited(data, (e) => e.sites.forEach((s: any) => (s.recovery.failback = false)))));
        expect(off.failbacks).toEqual([]);
        expect(off.stagings.every((s) => !s.reverse && !s.failback)).toBe(true);
        expect(off.targets.every((t) => !t.failback)).toBe(true);
        const strip = <T extends object>(p: T): T => {
          const { reverse: _r, failback: _f, ...rest } = p as any;
          return rest;
        };
        const forward = on.stagings.filter((s) => !s.reverse?.only).map(strip);
        expect(off.stagings).toEqual(forward);
        expect(off.targets).toEqual(on.targets.map(strip));
        expect(off.sources).toEqual(on.sources);
        expect(off.peerings).toEqual(on.peerings);
      }),
      { numRuns: 60 },
    );
  });
});
