/**
 * The subnet plan of a private VPC, carved deterministically from its CIDR (prefix p):
 *
 *   eighths (p+3):  0-2 staging a,b,c | 3-5 recovery a,b,c | 6 endpoints block | 7 spare
 *   endpoints block split in quarters (p+5): endpoints a,b,c | spare
 *
 * Staging subnets hold replication (and conversion) servers, recovery subnets the instances DRS
 * launches, endpoint subnets the interface endpoints and resolver addresses. Each tier keeps its
 * slot for a third AZ, so going from 2 to 3 AZs adds subnets without moving existing ones.
 * A /16 gives /19 staging and recovery subnets and /21 endpoint subnets; the smallest VPC is the
 * one whose endpoint subnets are still /28, AWS's smallest subnet: a /23.
 */
import { SUBNET_MAX_PREFIX, VPC_MIN_PREFIX, RESERVED_ADDRESSES_PER_SUBNET } from '../catalog/network';
import { Cidr, cidrOf, formatCidr, formatIp, size, subnet } from './cidr';

export const MAX_AZS = 3;
const TIER_BITS = 3;
const ENDPOINT_BITS = 5;
export const LAYOUT_MAX_VPC_PREFIX = SUBNET_MAX_PREFIX - ENDPOINT_BITS; // 23
export const LAYOUT_MIN_VPC_PREFIX = VPC_MIN_PREFIX;

export type Tier = 'staging' | 'recovery' | 'endpoints';

export interface SubnetPlan {
  readonly tier: Tier;
  /** 0-based AZ slot: a, b, c. */
  readonly az: number;
  readonly cidr: string;
}

export function tierCidr(vpc: Cidr, tier: Tier, az: number): Cidr {
  if (az < 0 || az >= MAX_AZS) throw new RangeError(`AZ slot ${az} is outside 0..${MAX_AZS - 1}`);
  if (vpc.prefix > LAYOUT_MAX_VPC_PREFIX) {
    throw new RangeError(`${formatCidr(vpc)} is smaller than a /${LAYOUT_MAX_VPC_PREFIX}`);
  }
  switch (tier) {
    case 'staging':
      return subnet(vpc, vpc.prefix + TIER_BITS, az);
    case 'recovery':
      return subnet(vpc, vpc.prefix + TIER_BITS, MAX_AZS + az);
    case 'endpoints':
      return subnet(subnet(vpc, vpc.prefix + TIER_BITS, 2 * MAX_AZS), vpc.prefix + ENDPOINT_BITS, az);
  }
}

export function layout(vpc: Cidr, azCount: number, tiers: readonly Tier[]): SubnetPlan[] {
  return tiers.flatMap((tier) =>
    Array.from({ length: azCount }, (_, az) => ({ tier, az, cidr: formatCidr(tierCidr(vpc, tier, az)) })),
  );
}

/** Addresses a tier's subnet leaves for instances after AWS's five reserved ones. */
export function usableAddresses(vpc: Cidr, tier: Tier): number {
  return size(tierCidr(vpc, tier, 0)) - RESERVED_ADDRESSES_PER_SUBNET;
}

/**
 * The fixed address of the inbound resolver in an endpoint subnet: the first one AWS does not
 * reserve (.0-.3 are). Fixed, so on-prem forwarder settings are known before apply and never
 * change; the resolver is created before anything else takes an address in those subnets.
 */
export function resolverAddress(subnetCidr: string): string {
  const c = cidrOf(subnetCidr);
  return formatIp(c.base + 4);
}
