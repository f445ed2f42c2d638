/**
 * A VPC with no path to the internet: DNS on (endpoints and private hosted zones need it), no
 * internet gateway, NAT or public addresses, subnets carved by net/layout.ts, one route table per
 * tier. Routes to sources are added by whoever knows the way (peering, on-prem routing).
 */
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import type { SubnetPlan, Tier } from '../net/layout';

export const AZ_LETTERS = ['a', 'b', 'c'] as const;

export interface PrivateVpcProps {
  /** Name tag prefix, e.g. "example-staging-staging-a". */
  readonly name: string;
  readonly cidr: string;
  readonly subnets: readonly SubnetPlan[];
}

export class PrivateVpc extends Construct {
  readonly vpc: Vpc;
  readonly tiers: readonly Tier[];
  private readonly subnetsByTier = new Map<Tier, Subnet[]>();
  private readonly plans = new Map<Tier, SubnetPlan[]>();
  readonly routeTables = new Map<Tier, RouteTable>();

  constructor(scope: Construct, id: string, props: PrivateVpcProps) {
    super(scope, id);
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    const vpcId = this.vpc.id;
    // Only zones every account has by default; Local and Wavelength zones cannot host endpoints.
    // No state filter: a zone briefly impaired must not shift the list and replace subnets.
    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });

    const zoneNames = zones.names;
    for (const plan of props.subnets) {
      const letter = AZ_LETTERS[plan.az];
      const subnet = new Subnet(this, `${plan.tier}_${letter}`, {
        vpcId,
        cidrBlock: plan.cidr,
        availabilityZone: Fn.element(zoneNames, plan.az),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-${plan.tier}-${letter}`, Tier: plan.tier },
      });
      let table = this.routeTables.get(plan.tier);
      if (!table) {
        table = new RouteTable(this, `${plan.tier}_routes`, { vpcId, tags: { Name: `${props.name}-${plan.tier}` } });
        this.routeTables.set(plan.tier, table);
      }
      new RouteTableAssociation(this, `${plan.tier}_${letter}_routes`, { subnetId: subnet.id, routeTableId: table.id });
      this.subnetsByTier.set(plan.tier, [...(this.subnetsByTier.get(plan.tier) ?? []), subnet]);
      this.plans.set(plan.tier, [...(this.plans.get(plan.tier) ?? []), plan]);
    }
    this.tiers = [...this.routeTables.keys()];
  }

  subnets(tier: Tier): Subnet[] {
    return this.subnetsByTier.get(tier) ?? [];
  }

  subnetCidrs(tier: Tier): string[] {
    return (this.plans.get(tier) ?? []).map((p) => p.cidr);
  }

  routeTableIds(): string[] {
    return [...this.routeTables.values()].map((t) => t.id);
  }
}
