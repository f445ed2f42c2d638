/**
 * The way home for on-prem sources: every route table of the VPC sends the on-prem ranges to a
 * transit gateway (one attachment per gateway, in the endpoint subnets) or to the VPC's virtual
 * private gateway (attachment plus route propagation, so BGP and static VPN routes both arrive).
 */
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Ec2TransitGatewayVpcAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment';
import { Route } from '@cdktf/provider-aws/lib/route';
import { VpnGatewayAttachment } from '@cdktf/provider-aws/lib/vpn-gateway-attachment';
import { VpnGatewayRoutePropagation } from '@cdktf/provider-aws/lib/vpn-gateway-route-propagation';
import type { OnPremRouting } from '../plan/types';
import type { PrivateVpc } from './private-vpc';

const cidrKey = (cidr: string) => cidr.replace(/[./]/g, '_');

export class OnPremRoutes extends Construct {
  readonly transitGatewayAttachments = new Map<string, Ec2TransitGatewayVpcAttachment>();
  readonly vpnGatewayAttachment?: VpnGatewayAttachment;

  /** `after`: created before the attachments, whose interfaces sit in the endpoint subnets (the resolver address reservations). */
  constructor(scope: Construct, id: string, props: { name: string; network: PrivateVpc; routing: OnPremRouting; after?: readonly ITerraformDependable[] }) {
    super(scope, id);
    const { network, routing } = props;
    for (const { transitGatewayId } of routing.transitGatewayRoutes) {
      if (this.transitGatewayAttachments.has(transitGatewayId)) continue;
      this.transitGatewayAttachments.set(
        transitGatewayId,
        new Ec2TransitGatewayVpcAttachment(this, transitGatewayId.replace(/-/g, '_'), {
          transitGatewayId,
          vpcId: network.vpc.id,
          subnetIds: network.subnets('endpoints').map((s) => s.id),
          dnsSupport: 'enable',
          tags: { Name: `${props.name}-${transitGatewayId}` },
          ...(props.after?.length ? { dependsOn: [...props.after] } : {}),
        }),
      );
    }
    if (routing.vpnGatewayId) {
      this.vpnGatewayAttachment = new VpnGatewayAttachment(this, 'vgw_attachment', { vpcId: network.vpc.id, vpnGatewayId: routing.vpnGatewayId });
    }
    for (const [tier, table] of network.routeTables) {
      if (this.vpnGatewayAttachment) {
        new VpnGatewayRoutePropagation(this, `${tier}_vgw_propagation`, {
          vpnGatewayId: routing.vpnGatewayId!,
          routeTableId: table.id,
          dependsOn: [this.vpnGatewayAttachment],
        });
      }
      for (const { cidr, transitGatewayId } of routing.transitGatewayRoutes) {
        new Route(this, `${tier}_to_${cidrKey(cidr)}`, {
          routeTableId: table.id,
          destinationCidrBlock: cidr,
          transitGatewayId,
          dependsOn: [this.transitGatewayAttachments.get(transitGatewayId)!],
        });
      }
    }
  }
}
