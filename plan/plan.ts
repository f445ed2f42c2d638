/**
 * From a validated environment to the plan of every stack: pure functions, no constructs.
 * Lists follow the file's order, so the same file always gives the same plan; what one stack owns for
 * others (account roles, the zone association) follows stable keys instead (ownership.ts).
 */
import { SERVICES } from '../catalog/services';
import { effectiveReplication, sourceCidrs, stagingGroups, type StagingGroup } from '../config/effective';
import type { Environment, Site } from '../config/schema';
import { cidrOf } from '../net/cidr';
import { layout, resolverAddress, type Tier } from '../net/layout';
import { stackNames } from './names';
import { deployOrder } from './deploy-order';
import { withRegionalDns } from './dns-forwarding';
import { launchContext } from './launch';
import { accountsById, ownersByKey, zoneStagingAlias } from './ownership';
import { planFailback, reverseOnlyStagings } from './failback';
import type {
  AccountRef,
  EnvContext,
  EnvironmentPlan,
  NetworkPlan,
  OnPremRouting,
  PeeringPlan,
  SourcePlan,
  StackPlan,
  StagingPlan,
  TargetPlan,
} from './types';

export const DEFAULT_AZ_COUNT = 2;

const tiersOf = (network: NetworkPlan): Tier[] => unique(network.subnets.map((s) => s.tier));

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

function accountRef(env: Environment, alias: string): AccountRef {
  // Own properties only: an alias such as "constructor" must never resolve to Object.prototype.
  const account = Object.hasOwn(env.accounts, alias) ? env.accounts[alias] : undefined;
  if (!account) throw new Error(`account alias "${alias}" is not defined under accounts (validation should have refused this file)`);
  return { alias, id: account.id, ...(account.roleArn ? { roleArn: account.roleArn } : {}) };
}

function onPremRouting(sites: readonly Site[]): OnPremRouting | undefined {
  const onprem = sites.flatMap((s) => (s.source.type === 'onprem' ? [s.source] : []));
  if (!onprem.length) return undefined;
  const vgw = onprem.find((s) => s.vpnGatewayId)?.vpnGatewayId;
  return {
    transitGatewayRoutes: onprem.flatMap((s) => (s.transitGatewayId ? s.cidrs.map((cidr) => ({ cidr, transitGatewayId: s.transitGatewayId! })) : [])),
    ...(vgw ? { vpnGatewayId: vgw } : {}),
    cidrs: unique(onprem.flatMap((s) => s.cidrs)),
  };
}

function network(cidr: string, sites: readonly Site[], tiers: readonly Tier[]): NetworkPlan {
  const azCount = Math.max(...sites.map((s) => s.recovery.availabilityZones ?? DEFAULT_AZ_COUNT));
  const onPrem = onPremRouting(sites);
  return {
    cidr,
    azCount,
    subnets: layout(cidrOf(cidr), azCount, tiers),
    sourceRanges: sites.flatMap((site) => unique(sourceCidrs(site)).map((c) => ({ site: site.name, cidr: c }))),
    ...(onPrem ? { onPrem } : {}),
  };
}

function dnsClients(sites: readonly Site[]): string[] {
  return unique(
    sites.flatMap((s) => (s.source.type !== 'onprem' ? [] : s.source.dnsServers?.map((ip) => `${ip}/32`) ?? s.source.cidrs)),
  );
}

function stagingPlan(env: Environment, group: StagingGroup): StagingPlan {
  const sites = unique(group.members.map((m) => m.site));
  const tiers: Tier[] = sites.some((s) => s.recovery.target === undefined) ? ['staging', 'recovery', 'endpoints'] : ['staging', 'endpoints'];
  const net = network(group.members[0].entry.cidr, sites, tiers);
  const clients = dnsClients(sites);
  const existingTemplateId = (env.accounts[group.account].replicationTemplateIds as Readonly<Record<string, string>> | undefined)?.[group.region];
  return {
    stack: {
      name: stackNames.staging(env.name, group.account, group.region),
      purpose: 'staging',
      account: accountRef(env, group.account),
      region: group.region,
      dependsOn: [],
    },
    sites: sites.map((s) => s.name),
    network: net,
    replication: effectiveReplication(env, sites[0]),
    servers: group.members.reduce((sum, m) => sum + m.entry.servers, 0),
    dnsClients: clients,
    resolverAddresses: clients.length ? net.subnets.filter((s) => s.tier === 'endpoints').map((s) => resolverAddress(s.cidr)) : [],
    awsServiceZones: [],
    ec2Sources: sites.flatMap((s) => (s.source.type === 'aws' ? [{ site: s.name, accountId: accountRef(env, s.source.account).id }] : [])),
    ...(existingTemplateId ? { existingTemplateId } : {}),
    targets: accountsById(sites.flatMap((s) => (s.recovery.target ? [accountRef(env, s.recovery.target)] : []))),
  };
}

/** Gives each account's owning staging stack (plan/ownership.ts) its IAM roles and orders the account's other stacks after it. */
function withStagingIdentity(plans: StagingPlan[], sources: readonly SourcePlan[]): StagingPlan[] {
  // Forward staging stacks own before reverse-only ones: turning failback on or off never moves
  // an account's roles between states.
  const owners = ownersByKey(plans, (p) => p.stack.account.alias, (p) => p.sites.length > 0);
  return plans.map((plan) => {
    const alias = plan.stack.account.alias;
    const owner = owners.get(alias)!;
    if (owner !== plan.stack.name) return { ...plan, stack: { ...plan.stack, dependsOn: [owner] } };
    const targets = plans.filter((p) => p.stack.account.alias === alias).flatMap((p) => p.targets);
    const crossAccountSources = sources.filter((s) => s.crossAccountStaging.some((a) => a.alias === alias)).map((s) => s.stack.account);
    const initializeService = plans.some((p) => p.stack.account.alias === alias && p.replication.initializeService);
    return {
      ...plan,
      accountIdentity: { targets: accountsById(targets), crossAccountSources: accountsById(crossAccountSources), initializeService },
    };
  });
}

/** Gives each source account's owning source stack (plan/ownership.ts) the account's cross-account roles. */
function withSourceIdentity(sources: SourcePlan[]): SourcePlan[] {
  const owners = ownersByKey(sources, (p) => p.stack.account.alias);
  return sources.map((plan) => {
    const alias = plan.stack.account.alias;
    if (owners.get(alias) !== plan.stack.name) return plan;
    const staging = sources.filter((s) => s.stack.account.alias === alias).flatMap((s) => s.crossAccountStaging);
    const stagingAccounts = accountsById(staging);
    return staging.length ? { ...plan, accountIdentity: { stagingAccounts, replicationRoles: stagingAccounts } } : plan;
  });
}

/** Drops replication roles that the same account's staging stack creates under the same name. */
function withoutDuplicateReplicationRoles(sources: SourcePlan[], stagings: readonly StagingPlan[]): SourcePlan[] {
  return sources.map((plan) => {
    const identity = plan.accountIdentity;
    if (!identity) return plan;
    const ownStaging = stagings.find((s) => s.stack.account.id === plan.stack.account.id && s.accountIdentity)?.accountIdentity;
    const replicationRoles = identity.replicationRoles.filter((t) => !ownStaging?.crossAccountSources.some((a) => a.id === t.id));
    return { ...plan, accountIdentity: { ...identity, replicationRoles } };
  });
}

function sourcePlan(env: Environment, site: Site): SourcePlan | undefined {
  if (site.source.type !== 'aws') return undefined;
  const { account, region, vpc } = site.source;
  const ref = accountRef(env, account);
  return {
    stack: { name: stackNames.source(env.name, site.name), purpose: 'source', account: ref, region, dependsOn: [] },
    site: site.name,
    cidr: vpc.cidr,
    ...(vpc.id ? { adopted: { vpcId: vpc.id, routeTableIds: vpc.routeTableIds ?? [] } } : {}),
    crossAccountStaging: site.recovery.staging.map((s) => accountRef(env, s.account)).filter((a) => a.id !== ref.id),
    sameAccountStaging: site.recovery.staging.some((s) => accountRef(env, s.account).id === ref.id),
    stagingStacks: unique(site.recovery.staging.map((s) => stackNames.staging(env.name, s.account, site.recovery.region))),
  };
}

function targetPlan(env: Environment, site: Site): TargetPlan | undefined {
  const { target, targetCidr, region } = site.recovery;
  if (!target || !targetCidr) return undefined;
  return {
    stack: { name: stackNames.target(env.name, site.name), purpose: 'target', account: accountRef(env, target), region, dependsOn: [] },
    site: site.name,
    network: network(targetCidr, [site], ['recovery', 'endpoints']),
    stagingAccounts: site.recovery.staging.map((s) => accountRef(env, s.account)),
  };
}

function peeringPlan(env: Environment, source: SourcePlan, peer: PeeringPlan['peer'], associateServiceZone: boolean): PeeringPlan {
  return {
    stack: {
      name: stackNames.peering(env.name, source.site, peer.stack.account.alias),
      purpose: 'peering',
      account: source.stack.account,
      region: source.stack.region,
      peer: { account: peer.stack.account, region: peer.stack.region },
      dependsOn: [...(source.adopted ? [] : [source.stack.name]), peer.stack.name],
    },
    site: source.site,
    source,
    peer,
    associateServiceZone,
  };
}

/**
 * replication.initializeService reaches target accounts too: DRS must be initialized where
 * recoveries launch. IAM is global, so the six service roles are created once per account, by the
 * first of: the account's forward staging stack that creates them, its smallest-named initializing
 * target stack, its reverse-only staging stack (failback). In that order, turning failback on or
 * off never moves them; every other initializing stack of the account waits for the owner.
 */
function withServiceRoleOwners(env: Environment, stagings: readonly StagingPlan[], targets: readonly TargetPlan[]): { stagings: StagingPlan[]; targets: TargetPlan[] } {
  const initializes = (t: TargetPlan) => env.service === 'drs' && effectiveReplication(env, env.sites.find((s) => s.name === t.site)!).initializeService;
  const forward = new Map(stagings.filter((s) => s.sites.length && s.accountIdentity?.initializeService).map((s) => [s.stack.account.id, s.stack.name]));
  const targetOwners = ownersByKey(targets.filter(initializes), (t) => t.stack.account.id);
  const after = (stack: StackPlan, owner: string): StackPlan => ({ ...stack, dependsOn: [...stack.dependsOn, owner] });
  const outTargets = targets.map((t) => {
    if (!initializes(t)) return t;
    const id = t.stack.account.id;
    const owner = forward.get(id) ?? targetOwners.get(id)!;
    return owner === t.stack.name ? { ...t, initialize: { serviceRoles: true } } : { ...t, stack: after(t.stack, owner), initialize: { serviceRoles: false } };
  });
  const outStagings = stagings.map((s) => {
    const id = s.stack.account.id;
    const targetOwner = targetOwners.get(id);
    if (s.sites.length || !s.accountIdentity?.initializeService || forward.has(id) || !targetOwner) return s;
    return { ...s, stack: after(s.stack, targetOwner), accountIdentity: { ...s.accountIdentity, initializeService: false } };
  });
  return { stagings: outStagings, targets: outTargets };
}

export function planEnvironment(env: Environment): EnvironmentPlan {
  const sourcesWithRoles = withSourceIdentity(env.sites.flatMap((site) => sourcePlan(env, site) ?? []));
  const forward = withStagingIdentity([...stagingGroups(env.sites).map((g) => stagingPlan(env, g)), ...reverseOnlyStagings(env)], sourcesWithRoles);
  const sources = withoutDuplicateReplicationRoles(sourcesWithRoles, forward);
  const failback = planFailback(env, sources, forward, env.sites.flatMap((site) => targetPlan(env, site) ?? []));
  const { failbacks } = failback;
  const owned = withServiceRoleOwners(env, failback.stagings, failback.targets);
  const stagings = withRegionalDns(owned.stagings);
  const targets = owned.targets;
  const context: EnvContext = {
    name: env.name,
    service: SERVICES[env.service],
    tags: env.tags,
    backend: env.backend,
    agentInstall: env.agentInstall,
    launch: launchContext(env.launch, stagings, targets),
  };
  const peerings: PeeringPlan[] = [];
  for (const source of sources) {
    const site = env.sites.find((s) => s.name === source.site)!;
    const zoneAlias = zoneStagingAlias(site.recovery.staging.map((e) => e.account));
    site.recovery.staging.forEach((entry) => {
      const staging = stagings.find((s) => s.stack.account.alias === entry.account && s.stack.region === site.recovery.region)!;
      const peer = { kind: 'staging' as const, stack: staging.stack, cidr: entry.cidr, tiers: tiersOf(staging.network) };
      peerings.push(peeringPlan(env, source, peer, entry.account === zoneAlias));
    });
    const target = targets.find((t) => t.site === site.name);
    if (target) peerings.push(peeringPlan(env, source, { kind: 'target', stack: target.stack, cidr: target.network.cidr, tiers: tiersOf(target.network) }, false));
  }
  const withZones = withAwsServiceZones(stagings, peerings);
  const stacks: StackPlan[] = deployOrder([...sources, ...withZones, ...targets, ...peerings, ...failbacks].map((p) => p.stack));
  return { env: context, sources, stagings: withZones, targets, peerings, failbacks, stacks };
}

/** Each staging plan with the zone-sharing peering of each AWS site recovering into it (the peerings decide). */
function withAwsServiceZones(stagings: readonly StagingPlan[], peerings: readonly PeeringPlan[]): StagingPlan[] {
  return stagings.map((s) => {
    const zones = peerings
      .filter((p) => p.associateServiceZone && s.sites.includes(p.site) && p.peer.stack.region === s.stack.region)
      .map((p) => ({ site: p.site, cidr: p.peer.cidr, peeringStack: p.stack.name }));
    return zones.length ? { ...s, awsServiceZones: zones } : s;
  });
}
