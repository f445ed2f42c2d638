/**
 * Plan-time checks of an adopted source VPC (source.vpc.id), in the stack that peers it, so the
 * plan says what to do before an apply fails half way (constructs/checks/check-block.ts):
 * - DNS support and DNS hostnames on: peering DNS resolution (allow_remote_vpc_dns_resolution)
 *   needs both on both VPCs ("Enable DNS resolution for a VPC peering connection", Amazon VPC
 *   peering guide), and the service's private hosted zone answers only in VPCs with DNS support;
 * - the declared cidr is one of the VPC's ranges (routes and security groups are built from it);
 * - each adopted route table belongs to that VPC (routes to the peering go into these tables).
 */
import type { Construct } from 'constructs';
import { checkBlock } from './check-block';

export interface AdoptedVpcChecksProps {
  readonly site: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly routeTableIds: readonly string[];
}

export const rtbKey = (id: string) => id.replace(/-/g, '_');

export function adoptedVpcChecks(scope: Construct, props: AdoptedVpcChecksProps): void {
  const { site, vpcId, cidr } = props;
  const where = `site "${site}" (sites[].source.vpc)`;
  checkBlock(scope, 'adopted_vpc', { type: 'aws_vpc', name: 'adopted', args: { id: vpcId } }, [
    {
      condition: 'data.aws_vpc.adopted.enable_dns_support && data.aws_vpc.adopted.enable_dns_hostnames',
      message:
        `The adopted VPC ${vpcId} of ${where} needs DNS support and DNS hostnames turned on for peering DNS resolution and the private hosted zone; ` +
        `the peering DNS options will fail until then. Turn them on (aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --enable-dns-support; then again with --enable-dns-hostnames) and plan again.`,
    },
    {
      condition: `contains([for a in data.aws_vpc.adopted.cidr_block_associations : a.cidr_block], "${cidr}")`,
      message: `The adopted VPC ${vpcId} of ${where} has no range ${cidr}: set source.vpc.cidr to one of the VPC's CIDR blocks, or fix source.vpc.id.`,
    },
  ]);
  for (const rtb of props.routeTableIds) {
    const key = rtbKey(rtb);
    checkBlock(scope, `adopted_route_table_${key}`, { type: 'aws_route_table', name: `adopted_${key}`, args: { route_table_id: rtb } }, [
      {
        condition: `data.aws_route_table.adopted_${key}.vpc_id == "${vpcId}"`,
        message: `The route table ${rtb} in source.vpc.routeTableIds of ${where} belongs to another VPC, not to ${vpcId}, so routes to the staging VPC there reach nothing: list only route tables of ${vpcId}.`,
      },
    ]);
  }
}
