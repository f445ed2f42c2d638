/**
 * Cross-region peering between a source VPC (requester, default provider) and a staging or
 * target VPC (accepter, the "peer" provider), with routes on both sides and remote DNS
 * resolution each side sets for itself (cross-account options must be set by each owner).
 * Security groups cannot reference groups across regions, so rules elsewhere use CIDRs.
 */
import { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route } from '@cdktf/provider-aws/lib/route';
import { VpcPeeringConnection } from '@cdktf/provider-aws/lib/vpc-peering-connection';
import { VpcPeeringConnectionAccepterA } from '@cdktf/provider-aws/lib/vpc-peering-connection-accepter';
import { VpcPeeringConnectionOptions } from '@cdktf/provider-aws/lib/vpc-peering-connection-options';

export interface PeeringSide {
  readonly vpcId: string;
  readonly cidr: string;
  /** Route tables by a stable name, e.g. { servers: id } or { staging: id, recovery: id }. */
  readonly routeTables: Readonly<Record<string, string>>;
}

export interface VpcPeeringProps {
  readonly name: string;
  readonly requester: PeeringSide;
  readonly accepter: PeeringSide & { readonly accountId: string; readonly region: string; readonly sameAccount: boolean };
  readonly accepterProvider: AwsProvider;
}

const key = (cidr: string) => cidr.replace(/[./]/g, '_');

export class VpcPeering extends Construct {
  readonly connection: VpcPeeringConnection;
  readonly accepter: VpcPeeringConnectionAccepterA;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    const { requester, accepter } = props;
    this.connection = new VpcPeeringConnection(this, 'connection', {
      vpcId: requester.vpcId,
      peerVpcId: accepter.vpcId,
      peerRegion: accepter.region,
      ...(accepter.sameAccount ? {} : { peerOwnerId: accepter.accountId }),
      autoAccept: false,
      tags: { Name: props.name, Side: 'requester' },
    });
    this.accepter = new VpcPeeringConnectionAccepterA(this, 'accepter', {
      provider: props.accepterProvider,
      vpcPeeringConnectionId: this.connection.id,
      autoAccept: true,
      tags: { Name: props.name, Side: 'accepter' },
    });
    new VpcPeeringConnectionOptions(this, 'requester_dns', {
      vpcPeeringConnectionId: this.accepter.id,
      requester: { allowRemoteVpcDnsResolution: true },
    });
    new VpcPeeringConnectionOptions(this, 'accepter_dns', {
      provider: props.accepterProvider,
      vpcPeeringConnectionId: this.accepter.id,
      accepter: { allowRemoteVpcDnsResolution: true },
    });
    for (const [name, routeTableId] of Object.entries(requester.routeTables)) {
      new Route(this, `${name}_to_${key(accepter.cidr)}`, {
        routeTableId,
        destinationCidrBlock: accepter.cidr,
        vpcPeeringConnectionId: this.accepter.id,
      });
    }
    for (const [name, routeTableId] of Object.entries(accepter.routeTables)) {
      new Route(this, `${name}_to_${key(requester.cidr)}`, {
        provider: props.accepterProvider,
        routeTableId,
        destinationCidrBlock: requester.cidr,
        vpcPeeringConnectionId: this.accepter.id,
      });
    }
  }
}
