/**
 * A source VPC created for an AWS-hosted site: private subnets in two AZs (the CIDR's halves)
 * and one route table, which the peering stacks extend with routes to the staging VPCs.
 * Like the staging VPC it has no path to the internet.
 */
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { cidrOf, formatCidr, subnet } from '../net/cidr';
import { AZ_LETTERS } from './private-vpc';

export class SourceVpc extends Construct {
  readonly vpc: Vpc;
  readonly routeTable: RouteTable;
  readonly subnets: Subnet[];

  constructor(scope: Construct, id: string, props: { name: string; cidr: string }) {
    super(scope, id);
    this.vpc = new Vpc(this, 'vpc', { cidrBlock: props.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: props.name } });
    const zones = new DataAwsAvailabilityZones(this, 'zones', { filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }] });
    this.routeTable = new RouteTable(this, 'routes', { vpcId: this.vpc.id, tags: { Name: `${props.name}-servers` } });
    const cidr = cidrOf(props.cidr);
    this.subnets = [0, 1].map((az) => {
      const letter = AZ_LETTERS[az];
      const s = new Subnet(this, `servers_${letter}`, {
        vpcId: this.vpc.id,
        cidrBlock: formatCidr(subnet(cidr, cidr.prefix + 1, az)),
        availabilityZone: Fn.element(zones.names, az),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-servers-${letter}` },
      });
      new RouteTableAssociation(this, `servers_${letter}_routes`, { subnetId: s.id, routeTableId: this.routeTable.id });
      return s;
    });
  }
}
