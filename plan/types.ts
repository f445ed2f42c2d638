/** What the stacks are built from: plain data derived from a validated environment. */
import type { DrService } from '../catalog/services';
import type { Backend, Environment, Replication } from '../config/schema';
import type { SubnetPlan, Tier } from '../net/layout';
import type { LaunchContext } from './launch';
import type { FailbackPeeringPlan, StackFailback, ReverseStaging } from './failback-types';

export interface AccountRef {
  readonly alias: string;
  readonly id: string;
  readonly roleArn?: string;
}

export type StackPurpose = 'source' | 'staging' | 'target' | 'peering' | 'failback';

export interface StackPlan {
  /** Terraform working directory and state key: cdktf.out/stacks/<name>, <keyPrefix>/<name>.tfstate. */
  readonly name: string;
  readonly purpose: StackPurpose;
  readonly account: AccountRef;
  readonly region: string;
  /** Peering stacks also act in the peer's account and region. */
  readonly peer?: { readonly account: AccountRef; readonly region: string };
  /** Stacks whose outputs this one reads; they are applied first. */
  readonly dependsOn: readonly string[];
}

/** Shared by every stack of one environment. */
export interface EnvContext {
  readonly name: string;
  readonly service: DrService;
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: Backend;
  readonly agentInstall: Environment['agentInstall'];
  /** Launch defaults and which stacks own them (plan/launch.ts). */
  readonly launch: LaunchContext;
}

export interface OnPremRouting {
  /** Each on-prem range of a transit-gateway site, with its site's gateway. */
  readonly transitGatewayRoutes: readonly { readonly cidr: string; readonly transitGatewayId: string }[];
  /** Ranges of VPN-gateway sites arrive by route propagation. */
  readonly vpnGatewayId?: string;
  /** Every on-prem range. */
  readonly cidrs: readonly string[];
}

export interface SourceRange {
  readonly site: string;
  readonly cidr: string;
}

export interface NetworkPlan {
  readonly cidr: string;
  readonly azCount: number;
  readonly subnets: readonly SubnetPlan[];
  /** Every range whose servers reach this VPC, by site. */
  readonly sourceRanges: readonly SourceRange[];
  readonly onPrem?: OnPremRouting;
}

/** Every inbound resolver of an environment's staging VPCs in one region, in stack-name order. */
export interface RegionalDns {
  readonly region: string;
  readonly addresses: readonly string[];
  readonly vpcCidrs: readonly string[];
  readonly stagingStacks: readonly string[];
}

export interface StagingPlan {
  readonly stack: StackPlan;
  readonly sites: readonly string[];
  readonly network: NetworkPlan;
  readonly replication: Replication;
  readonly servers: number;
  /** Addresses on premises that may query the inbound resolver; none means no resolver. */
  readonly dnsClients: readonly string[];
  /** The inbound resolver's addresses, one per endpoint subnet (empty without on-prem sites). */
  readonly resolverAddresses: readonly string[];
  /** The region's one on-prem DNS forwarding configuration (plan/dns-forwarding.ts); set when this VPC has a resolver. */
  readonly regionalDns?: RegionalDns;
  /**
   * AWS sites recovering here, and the staging VPC whose service zone their source VPC uses: the one
   * whose peering associates it (PeeringPlan.associateServiceZone; a VPC holds one zone of a name), so
   * `<service>.<region>.amazonaws.com` resolves there for their servers, not necessarily here.
   */
  readonly awsServiceZones: readonly { readonly site: string; readonly cidr: string; readonly peeringStack: string }[];
  /** AWS-hosted sites replicating here from EC2, and the account their instances run in. */
  readonly ec2Sources: readonly { readonly site: string; readonly accountId: string }[];
  /** An existing DRS replication template of this account and region to import (accounts.<alias>.replicationTemplateIds). */
  readonly existingTemplateId?: string;
  /** Target accounts that recover from this staging account and region (their statements in the key policy). */
  readonly targets: readonly AccountRef[];
  /** Reverse replication lands here (failback of AWS sites from this source account and region): plan/failback.ts. */
  readonly reverse?: ReverseStaging;
  /** Failback resources of the recovery VPC in this stack (recovery subnets): plan/failback.ts. */
  readonly failback?: StackFailback;
  /**
   * IAM is global: the account's smallest-named staging stack (plan/ownership.ts) owns its roles (the agent-installation role
   * and one DRSStagingAccountRole_<id> per target of any region); later ones depend on it.
   */
  readonly accountIdentity?: {
    readonly targets: readonly AccountRef[];
    readonly crossAccountSources: readonly AccountRef[];
    /** Some region of this account initializes DRS: the six service roles are created here. */
    readonly initializeService: boolean;
  };
}

export interface SourcePlan {
  readonly stack: StackPlan;
  readonly site: string;
  readonly cidr: string;
  /** Adopted VPCs are referenced, not created. */
  readonly adopted?: { readonly vpcId: string; readonly routeTableIds: readonly string[] };
  /** Staging accounts other than the source account: EC2 agents install with --account-id. */
  readonly crossAccountStaging: readonly AccountRef[];
  /** Some staging of this site is in the source account (an instance profile can register there with any service). */
  readonly sameAccountStaging: boolean;
  /** The staging stacks this site replicates into, whose agent_install_* outputs install its servers. */
  readonly stagingStacks: readonly string[];
  /**
   * IAM is global: the source account's smallest-named source stack (plan/ownership.ts) owns the roles that let its EC2
   * instances replicate into other accounts (for every site of that account).
   */
  readonly accountIdentity?: {
    readonly stagingAccounts: readonly AccountRef[];
    /**
     * Staging accounts that get DRSCrossAccountReplicationRole_<id> from this stack: all but those
     * this account's own staging stack already trusts the same way (the role name is the same).
     */
    readonly replicationRoles: readonly AccountRef[];
  };
}

export interface TargetPlan {
  readonly stack: StackPlan;
  readonly site: string;
  readonly network: NetworkPlan;
  readonly stagingAccounts: readonly AccountRef[];
  /** Failback resources of the target VPC: plan/failback.ts. */
  readonly failback?: StackFailback;
  /**
   * replication.initializeService: DRS is initialized here too (recoveries and their launch
   * defaults need it); `serviceRoles` when this stack creates the account's six service roles.
   */
  readonly initialize?: { readonly serviceRoles: boolean };
}

export interface PeeringPlan {
  readonly stack: StackPlan;
  readonly site: string;
  readonly source: SourcePlan;
  readonly peer: { readonly kind: 'staging' | 'target'; readonly stack: StackPlan; readonly cidr: string; readonly tiers: readonly Tier[] };
  /** The staging VPC of the site's alphabetically first staging alias (plan/ownership.ts) publishes the service's private hosted zone to the source VPC. */
  readonly associateServiceZone: boolean;
}

export interface EnvironmentPlan {
  readonly env: EnvContext;
  readonly sources: readonly SourcePlan[];
  readonly stagings: readonly StagingPlan[];
  readonly targets: readonly TargetPlan[];
  readonly peerings: readonly PeeringPlan[];
  /** Peerings between recovery VPCs and reverse staging VPCs (failback). */
  readonly failbacks: readonly FailbackPeeringPlan[];
  /** Every stack in deploy order: each after the stacks it depends on. */
  readonly stacks: readonly StackPlan[];
}
