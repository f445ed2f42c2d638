/**
 * Issue 15 (7): reordering the environment file must not move resources between Terraform
 * states. Sites, staging entries, accounts and installer principals are permuted; every stack
 * keeps the same resource addresses, and the same bodies (nothing means anything else).
 */
import { App, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import fc from 'fast-check';
import { planEnvironment } from '../plan/plan';
import { DrStack } from '../stacks/dr-stack';
import { validEnvironment } from './support/arbitraries';
import { accepted, edited, validEnv, targetEnv, type Json } from './support/env';
import { addresses, synthPlan } from './support/stack-json';
import type { TfJson } from './support/synth';

const permutation = <T>(items: readonly T[]) =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

/** The same environment with its lists and maps in another order. */
const reordered = (env: Json) =>
  fc
    .record({
      sites: permutation(env.sites.map((_: unknown, i: number) => i)),
      staging: fc.tuple(...env.sites.map((s: Json) => permutation(s.recovery.staging.map((_: unknown, j: number) => j)))),
      accounts: permutation(Object.keys(env.accounts)),
      principals: permutation(env.agentInstall.principals),
    })
    .map((order) =>
      edited(env, (e) => {
        const sites = env.sites.map((site: Json, i: number) => ({
          ...structuredClone(site),
          recovery: { ...structuredClone(site.recovery), staging: (order.staging[i] as number[]).map((j) => structuredClone(site.recovery.staging[j])) },
        }));
        e.sites = (order.sites as number[]).map((i) => sites[i]);
        e.accounts = Object.fromEntries((order.accounts as string[]).map((alias) => [alias, env.accounts[alias]]));
        e.agentInstall.principals = order.principals;
      }),
    );

const withTwoPrincipals = (env: Json) =>
  edited(env, (e) => (e.agentInstall.principals = ['arn:aws:iam::111111111111:role/DRInstallers', 'arn:aws:iam::111111111111:role/Operators']));

/** What the state of each stack holds: resource bodies without cdktf's metadata. */
function state(stacks: Record<string, TfJson>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => [
      name,
      Object.fromEntries(
        addresses(stack).map((address) => {
          const [kind, type, id] = address.startsWith('data.') ? address.split('.') : ['resource', ...address.split('.')];
          const { ['//']: _meta, ...body } = (kind === 'data' ? stack.data! : stack.resource)[type][id] as Record<string, unknown>;
          return [address, body];
        }),
      ),
    ]),
  );
}

const synthesized = (env: Json) => state(synthPlan(planEnvironment(accepted(env))));

describe('reordering the environment file', () => {
  it('keeps every stack\'s resource addresses and bodies (property)', () => {
    fc.assert(
      fc.property(
        validEnvironment.map(withTwoPrincipals).chain((env) => fc.tuple(fc.constant(env), reordered(env))),
        ([env, other]) => {
          const a = synthesized(env);
          const b = synthesized(other);
          expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
          for (const name of Object.keys(a)) expect(Object.keys(b[name]).sort()).toEqual(Object.keys(a[name]).sort());
          expect(b).toEqual(a);
        },
      ),
      // Each run synthesizes two whole environments; the fixed examples below cover the cases.
      { numRuns: 10 },
    );
  }, 240_000);

  it('swapping two sites that share a staging account in different regions keeps the account roles and key body in place', () => {
    const env = validEnv();
    const swapped = edited(env, (e) => e.sites.reverse());
    const a = synthesized(env);
    const b = synthesized(swapped);
    const roleOwner = (s: ReturnType<typeof synthesized>) => Object.keys(s).filter((n) => Object.keys(s[n]).some((k) => k.startsWith('aws_iam_role.agent_installation')));
    expect(roleOwner(a)).toEqual(['test-staging-staging-a-eu-west-2']);
    expect(roleOwner(b)).toEqual(roleOwner(a));
    expect(b).toEqual(a);
  });

  it('swapping staging entries keeps the service zone association in the same peering stack', () => {
    const env = targetEnv();
    const swapped = edited(env, (e) => e.sites[0].recovery.staging.reverse());
    const a = synthesized(env);
    const b = synthesized(swapped);
    const associating = (s: ReturnType<typeof synthesized>) => Object.keys(s).filter((n) => n.includes('-peering-') && 'aws_route53_zone_association.service_zone_association' in s[n]);
    expect(associating(a)).toEqual(['test-dublin-peering-staging-a']);
    expect(associating(b)).toEqual(associating(a));
    expect(b).toEqual(a);
  });
});

describe('Terraform addresses', () => {
  const plan = planEnvironment(accepted(validEnv()));
  const stackPlan = plan.stagings[0].stack;

  it('are construct paths, and two constructs on one address fail the synthesis', () => {
    const app = new App({ outdir: '/nonexistent' });
    const stack = new DrStack(app, stackPlan, plan.env);
    const group = new Construct(stack, 'group');
    const first = new TerraformOutput(group, 'a.b', { value: 1 });
    const second = new TerraformOutput(group, 'a_b', { value: 2 });
    expect(first.friendlyUniqueId).toBe('group_a_b');
    expect(() => second.friendlyUniqueId).toThrow(`two constructs in stack ${stackPlan.name} map to the Terraform address "group_a_b"`);
  });
});
