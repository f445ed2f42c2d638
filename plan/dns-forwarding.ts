/**
 * One DNS forwarding configuration per environment and region. Every staging VPC of a region
 * that serves on-prem sites has an inbound resolver at fixed addresses (net/layout.ts), and each
 * resolver answers for the same three zones (with its own VPC's endpoints, which serve every
 * account: their policies name no account, constructs/endpoint-policies.ts). On-prem DNS can
 * declare each zone once, so it forwards to all of the region's resolvers in one statement; BIND
 * and Windows DNS fail over between forwarders. Pure derivation from the staging plans.
 */
import type { RegionalDns, StagingPlan } from './types';

export function regionalDns(stagings: readonly StagingPlan[], region: string): RegionalDns | undefined {
  const withResolver = stagings
    .filter((s) => s.stack.region === region && s.resolverAddresses.length)
    .sort((a, b) => (a.stack.name < b.stack.name ? -1 : a.stack.name > b.stack.name ? 1 : 0));
  if (!withResolver.length) return undefined;
  return {
    region,
    addresses: withResolver.flatMap((s) => s.resolverAddresses),
    vpcCidrs: withResolver.map((s) => s.network.cidr),
    stagingStacks: withResolver.map((s) => s.stack.name),
  };
}

/** Each staging plan with its region's forwarding configuration (the same object for the whole region). */
export function withRegionalDns(stagings: readonly StagingPlan[]): StagingPlan[] {
  const byRegion = new Map<string, RegionalDns | undefined>();
  for (const s of stagings) if (!byRegion.has(s.stack.region)) byRegion.set(s.stack.region, regionalDns(stagings, s.stack.region));
  return stagings.map((s) => {
    const dns = byRegion.get(s.stack.region);
    return dns && s.resolverAddresses.length ? { ...s, regionalDns: dns } : s;
  });
}
