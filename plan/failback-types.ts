/** Plan data for failback (issue 14): reverse replication of AWS sites and the on-prem failback client. */
import type { Tier } from '../net/layout';
import type { AccountRef, SourceRange, StackPlan } from './types';

/** A staging stack that also (or only) receives reverse replication: the source account and region of AWS sites. */
export interface ReverseStaging {
  /** Sites whose recovered instances replicate back here. */
  readonly sites: readonly string[];
  /** Recovery subnets that replicate here (TCP 1500 to the replication servers, 443 to the endpoints), by site. */
  readonly ranges: readonly SourceRange[];
  /** The VPC exists only for failback (no forward staging in this account and region). */
  readonly only: boolean;
}

/** Where recovered instances of one AWS site replicate back to. */
export interface ReverseDestination {
  readonly site: string;
  /** The reverse staging VPC (source account and region). */
  readonly cidr: string;
  readonly region: string;
  readonly accountId: string;
  /** The stack of the reverse staging network (its outputs name the endpoints). */
  readonly stack: string;
}

/** Failback pieces of one staging or target stack (recovery VPC and/or account-wide identity). */
export interface StackFailback {
  /** AWS sites recovering into this VPC: egress 1500/443 to their reverse staging networks. */
  readonly reverse: readonly ReverseDestination[];
  /** On-prem sites recovering into this VPC: the failback client connects to recovery instances on TCP 1500. */
  readonly onPremClients: readonly SourceRange[];
  /** Recovered instances fail back into another account: they call STS (interface endpoint here). */
  readonly sts: boolean;
  /** IAM is global: DRSCrossAccountReplicationRole_<id> this stack creates for failback across accounts. */
  readonly replicationRoles: readonly AccountRef[];
  /** This stack owns the account's failback-client role (on-prem failback). */
  readonly failbackRole: boolean;
}

export interface FailbackSide {
  readonly stack: StackPlan;
  readonly kind: 'staging' | 'target';
  readonly cidr: string;
  /** Route tables that get a route to the other side: recovery subnets, and a reverse network's staging and endpoint subnets. */
  readonly tiers: readonly Tier[];
  /** Associate this side's service zone (drs.<region>.amazonaws.com) with the other side's VPC. */
  readonly shareZone: boolean;
}

/**
 * One peering per pair of VPCs (AWS allows one between two VPCs, and routes must not be doubled):
 * usually the reverse staging VPC (requester) and a recovery VPC (accepter). When two sites recover
 * into each other's source account and region, the same pair serves both directions.
 */
export interface FailbackPeeringPlan {
  readonly stack: StackPlan;
  /** Per site, which side its recovered instances live on (the other side is its reverse network). */
  readonly sites: readonly { readonly site: string; readonly recoverySide: 'requester' | 'accepter' }[];
  /** The reverse staging VPC of the first site (source account and region). */
  readonly requester: FailbackSide;
  /** The recovery VPC of the first site (staging VPC with recovery subnets, or target VPC). */
  readonly accepter: FailbackSide;
}
