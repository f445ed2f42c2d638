/**
 * Failback (issue 14), as pure plan data. DRS failback needs the whole private path in reverse:
 *
 * - AWS sites: "Initialize DRS in both your recovery AWS Region, and your source AWS Region" and
 *   start reversed replication after a recovery (DRS guide, "Performing a cross-Region failback").
 *   Recovered instances become source servers of the source region, so the source account and
 *   region get a staging network: a staging stack named like every other one
 *   (<env>-staging-<alias>-<region>). Where sites already recover into that account and region it
 *   IS that forward staging network (DRS keeps one replication template per account and region, and
 *   the contract shares staging networks the same way); otherwise a small VPC of its own
 *   (recovery.failbackCidr, default derived below). Each recovery VPC (staging VPC with recovery
 *   subnets, or target VPC) is peered with it by a failback peering stack: VPC peering is not
 *   transitive, so the existing source-VPC peering cannot carry recovered instances' traffic.
 * - On-prem sites: the Failback Client boots on the on-prem machine; it "must be able to
 *   communicate with the Recovery instance on TCP 1500" and the recovery instance needs "TCP Port
 *   1500 inbound and TCP Port 443 outbound" (DRS guide, "Failback to on-premises environment",
 *   failback prerequisites). The routes to on-prem already exist in every recovery VPC.
 */
import { createHash } from 'node:crypto';
import { effectiveReplication, failbackOn, sourceCidrs, stagingGroups, stagingKey } from '../config/effective';
import type { Environment, Site } from '../config/schema';
import { cidrOf, formatCidr, overlaps, subnet } from '../net/cidr';
import { layout, type Tier } from '../net/layout';
import { stackNames } from './names';
import { accountsById, ownersByKey } from './ownership';
import type { FailbackPeeringPlan, FailbackSide, ReverseDestination, StackFailback } from './failback-types';
import type { AccountRef, SourceRange, SourcePlan, StagingPlan, TargetPlan } from './types';

export { failbackOn };

/** Derived reverse staging VPCs come from RFC 6598 space, which private networks rarely route; /22 each. */
export const DERIVED_POOL = '100.64.0.0/10';
export const DERIVED_PREFIX = 22;

const DEFAULT_AZS = 2;

export interface ReverseGroup {
  readonly key: string;
  readonly account: string;
  readonly region: string;
  readonly sites: readonly Site[];
  readonly cidr: string;
  /** No forward staging network in this account and region: the VPC exists for failback only. */
  readonly only: boolean;
  readonly derived: boolean;
}

function everyCidr(env: Environment): string[] {
  return env.sites.flatMap((s) => [
    ...sourceCidrs(s),
    ...s.recovery.staging.map((e) => e.cidr),
    ...(s.recovery.targetCidr ? [s.recovery.targetCidr] : []),
    ...(s.recovery.failbackCidr ? [s.recovery.failbackCidr] : []),
  ]);
}

/**
 * A /22 of the pool that overlaps nothing in the file. The start is a hash of account and region,
 * so a derived range does not move when sites are added or reordered (only a new range that
 * overlaps it would move it; pin it with failbackCidr to be sure).
 */
export function deriveReverseCidr(accountId: string, region: string, taken: readonly string[]): string {
  const pool = cidrOf(DERIVED_POOL);
  const count = 2 ** (DERIVED_PREFIX - pool.prefix);
  const start = createHash('sha256').update(`${accountId}@${region}`).digest().readUInt32BE(0) % count;
  const used = taken.map(cidrOf);
  for (let i = 0; i < count; i++) {
    const candidate = subnet(pool, DERIVED_PREFIX, (start + i) % count);
    if (!used.some((u) => overlaps(u, candidate))) return formatCidr(candidate);
  }
  throw new Error(`no free /${DERIVED_PREFIX} left in ${DERIVED_POOL}; set recovery.failbackCidr`);
}

/** One reverse staging network per source account and region of AWS sites with failback on. */
export function reverseGroups(env: Environment): ReverseGroup[] {
  const forward = new Map(stagingGroups(env.sites).map((g) => [g.key, g.members[0].entry.cidr]));
  const groups = new Map<string, { account: string; region: string; sites: Site[] }>();
  for (const site of env.sites) {
    if (site.source.type !== 'aws' || !failbackOn(env, site)) continue;
    const key = stagingKey(site.source.account, site.source.region);
    const group = groups.get(key) ?? { account: site.source.account, region: site.source.region, sites: [] };
    group.sites.push(site);
    groups.set(key, group);
  }
  const taken = everyCidr(env);
  return [...groups].map(([key, g]) => {
    const shared = forward.get(key);
    const pinned = g.sites.find((s) => s.recovery.failbackCidr)?.recovery.failbackCidr;
    const cidr = shared ?? pinned ?? deriveReverseCidr(env.accounts[g.account].id, g.region, taken);
    if (!shared && !pinned) taken.push(cidr);
    return { key, ...g, cidr, only: !shared, derived: !shared && !pinned };
  });
}

function accountRef(env: Environment, alias: string): AccountRef {
  const a = env.accounts[alias];
  return { alias, id: a.id, ...(a.roleArn ? { roleArn: a.roleArn } : {}) };
}

/** Staging plans for reverse networks with no forward staging there (appended after the forward ones). */
export function reverseOnlyStagings(env: Environment): StagingPlan[] {
  return reverseGroups(env)
    .filter((g) => g.only)
    .map((g) => {
      const azCount = Math.max(...g.sites.map((s) => s.recovery.availabilityZones ?? DEFAULT_AZS));
      const tiers: Tier[] = ['staging', 'endpoints'];
      return {
        stack: { name: stackNames.staging(env.name, g.account, g.region), purpose: 'staging', account: accountRef(env, g.account), region: g.region, dependsOn: [] },
        sites: [],
        network: { cidr: g.cidr, azCount, subnets: layout(cidrOf(g.cidr), azCount, tiers), sourceRanges: [] },
        replication: effectiveReplication(env, g.sites[0]),
        // Recovered instances replicating back count against the source region's limit while they do.
        servers: g.sites.reduce((sum, s) => sum + s.recovery.staging.reduce((n, e) => n + e.servers, 0), 0),
        dnsClients: [],
        resolverAddresses: [],
        awsServiceZones: [],
        ec2Sources: [],
        targets: [],
      };
    });
}

type RecoveryStack = { kind: 'staging'; plan: StagingPlan } | { kind: 'target'; plan: TargetPlan };

function recoveryStacks(site: Site, stagings: readonly StagingPlan[], targets: readonly TargetPlan[]): RecoveryStack[] {
  const target = targets.find((t) => t.site === site.name);
  if (target) return [{ kind: 'target', plan: target }];
  return site.recovery.staging.map((entry) => ({
    kind: 'staging' as const,
    plan: stagings.find((s) => s.stack.account.alias === entry.account && s.stack.region === site.recovery.region && s.sites.includes(site.name))!,
  }));
}

const recoveryCidrs = (stack: RecoveryStack) => stack.plan.network.subnets.filter((s) => s.tier === 'recovery').map((s) => s.cidr);

const emptyFailback = (): { -readonly [K in keyof StackFailback]: StackFailback[K] extends readonly (infer T)[] ? T[] : StackFailback[K] } => ({
  reverse: [],
  onPremClients: [],
  sts: false,
  replicationRoles: [],
  failbackRole: false,
});

export interface FailbackResult {
  readonly stagings: StagingPlan[];
  readonly targets: TargetPlan[];
  readonly failbacks: FailbackPeeringPlan[];
}

/** Annotates staging and target plans with their failback pieces and plans the failback peerings. */
export function planFailback(env: Environment, sources: readonly SourcePlan[], stagingsIn: readonly StagingPlan[], targetsIn: readonly TargetPlan[]): FailbackResult {
  const groups = reverseGroups(env);
  const reverse = new Map<string, { sites: string[]; ranges: SourceRange[] }>();
  const perStack = new Map<string, ReturnType<typeof emptyFailback>>();
  const fb = (name: string) => {
    let f = perStack.get(name);
    if (!f) perStack.set(name, (f = emptyFailback()));
    return f;
  };
  type MutableSide = { -readonly [K in keyof FailbackSide]: K extends 'tiers' ? Tier[] : FailbackSide[K] };
  const peerings = new Map<string, { stack: FailbackPeeringPlan['stack']; sites: FailbackPeeringPlan['sites'][number][]; requester: MutableSide; accepter: MutableSide }>();
  /** Recovery VPC stack name -> source regions whose zone it already holds (one zone of a name per VPC). */
  const zonesIn = new Map<string, Set<string>>();
  const takeZone = (vpcStack: string, region: string) => {
    const held = zonesIn.get(vpcStack) ?? new Set<string>();
    zonesIn.set(vpcStack, held);
    if (held.has(region)) return false;
    held.add(region);
    return true;
  };
  const addTiers = (side: MutableSide, tiers: readonly Tier[]) => {
    for (const t of tiers) if (!side.tiers.includes(t)) side.tiers.push(t);
  };
  /** account id -> ids it must trust with DRSCrossAccountReplicationRole_<id>. */
  const neededRoles = new Map<string, Map<string, AccountRef>>();
  const failbackRoleAccounts = new Set<string>();
  const needRole = (account: AccountRef, trusted: AccountRef) => {
    const m = neededRoles.get(account.id) ?? new Map<string, AccountRef>();
    m.set(trusted.id, trusted);
    neededRoles.set(account.id, m);
  };

  for (const site of env.sites) {
    if (!failbackOn(env, site)) continue;
    const recovery = recoveryStacks(site, stagingsIn, targetsIn);
    if (site.source.type === 'onprem') {
      for (const r of recovery) {
        const f = fb(r.plan.stack.name);
        f.onPremClients.push(...site.source.cidrs.map((cidr) => ({ site: site.name, cidr })));
        failbackRoleAccounts.add(r.plan.stack.account.id);
      }
      continue;
    }
    const group = groups.find((g) => g.sites.includes(site))!;
    const reverseStack = stagingsIn.find((s) => s.stack.account.alias === group.account && s.stack.region === group.region)!;
    const sourceAccount = accountRef(env, site.source.account);
    const rev = reverse.get(reverseStack.stack.name) ?? { sites: [], ranges: [] };
    rev.sites.push(site.name);
    reverse.set(reverseStack.stack.name, rev);
    for (const r of recovery) {
      rev.ranges.push(...recoveryCidrs(r).map((cidr) => ({ site: site.name, cidr })));
      const f = fb(r.plan.stack.name);
      const dest: ReverseDestination = { site: site.name, cidr: group.cidr, region: group.region, accountId: sourceAccount.id, stack: reverseStack.stack.name };
      f.reverse.push(dest);
      const recoveryAccount = r.plan.stack.account;
      if (recoveryAccount.id !== sourceAccount.id) {
        // Recovered instances replicate into another account: they call STS (issue 14), and DRS
        // uses DRSCrossAccountReplicationRole_<other> in both accounts for failback (DRS guide,
        // "Failback and in-AWS right-sizing roles").
        f.sts = true;
        needRole(sourceAccount, recoveryAccount);
        needRole(recoveryAccount, sourceAccount);
      }
      const pair = [reverseStack.stack.name, r.plan.stack.name].sort().join(' ');
      let peering = peerings.get(pair);
      if (!peering) {
        const recoveryPart = r.kind === 'target' ? `${site.name}-target` : `${r.plan.stack.account.alias}-${r.plan.stack.region}`;
        const name = `${env.name}-failback-${recoveryPart}-${group.account}-${group.region}`;
        peering = {
          stack: {
            name,
            purpose: 'failback',
            account: reverseStack.stack.account,
            region: reverseStack.stack.region,
            peer: { account: recoveryAccount, region: r.plan.stack.region },
            dependsOn: [reverseStack.stack.name, r.plan.stack.name],
          },
          sites: [],
          requester: { stack: reverseStack.stack, kind: 'staging', cidr: group.cidr, tiers: [], shareZone: false },
          accepter: { stack: r.plan.stack, kind: r.kind, cidr: r.plan.network.cidr, tiers: [], shareZone: false },
        };
        peerings.set(pair, peering);
      }
      const recoverySide = peering.accepter.stack.name === r.plan.stack.name ? 'accepter' : 'requester';
      const [recoveryEnd, reverseEnd] = recoverySide === 'accepter' ? [peering.accepter, peering.requester] : [peering.requester, peering.accepter];
      if (!peering.sites.some((s) => s.site === site.name)) peering.sites.push({ site: site.name, recoverySide });
      addTiers(recoveryEnd, ['recovery']);
      addTiers(reverseEnd, ['staging', 'endpoints']);
      if (!reverseEnd.shareZone && takeZone(r.plan.stack.name, group.region)) reverseEnd.shareZone = true;
    }
  }

  // IAM is global: skip roles the forward direction already creates under the same name, and give
  // each remaining one to the stack that owns the account's roles (plan/ownership.ts: its
  // smallest-named forward staging stack, else reverse-only one, else target stack), never by
  // position in the file.
  const existing = new Set<string>([
    ...sources.flatMap((s) => (s.accountIdentity?.replicationRoles ?? []).map((t) => `${s.stack.account.id}/${t.id}`)),
    ...stagingsIn.flatMap((s) => (s.accountIdentity?.crossAccountSources ?? []).map((t) => `${s.stack.account.id}/${t.id}`)),
  ]);
  const stagingOwners = ownersByKey(stagingsIn, (s) => s.stack.account.id, (s) => s.sites.length > 0);
  const targetOwners = ownersByKey(targetsIn, (t) => t.stack.account.id);
  const ownerOf = (accountId: string) => stagingOwners.get(accountId) ?? targetOwners.get(accountId)!;
  for (const [accountId, trusted] of neededRoles) {
    for (const t of accountsById([...trusted.values()])) if (!existing.has(`${accountId}/${t.id}`)) fb(ownerOf(accountId)).replicationRoles.push(t);
  }
  for (const accountId of failbackRoleAccounts) fb(ownerOf(accountId)).failbackRole = true;

  const withFailback = <T extends { stack: { name: string } }>(plan: T): T => {
    const f = perStack.get(plan.stack.name);
    return f ? { ...plan, failback: { ...f, onPremClients: uniqueBy(f.onPremClients, (r) => r.cidr) } } : plan;
  };
  const stagings = stagingsIn.map((s) => {
    const rev = reverse.get(s.stack.name);
    const out = withFailback(s);
    return rev ? { ...out, reverse: { sites: rev.sites, ranges: uniqueBy(rev.ranges, (r) => r.cidr), only: s.sites.length === 0 } } : out;
  });
  return { stagings, targets: targetsIn.map(withFailback), failbacks: [...peerings.values()] };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
