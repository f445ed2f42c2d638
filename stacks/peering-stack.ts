/**
 * Connects an AWS-hosted site's source VPC with one staging (or target) VPC. It is its own stack
 * so the source and staging stacks never depend on each other: both are applied first (in any
 * order), and this one reads their outputs through remote state. The site's first staging VPC
 * also shares its private hosted zone for the service name with the source VPC.
 */
import type { Construct } from 'constructs';
import { associateZone } from '../constructs/service-zone';
import { VpcPeering } from '../constructs/vpc-peering';
import { adoptedVpcChecks } from '../constructs/checks/adopted-vpc';
import type { EnvContext, PeeringPlan } from '../plan/types';
import { remoteState } from './backend';
import { DrStack } from './dr-stack';
import { routeTableOutput } from './outputs';
import { SOURCE_ROUTE_TABLE_OUTPUT } from './source-stack';

export class PeeringStack extends DrStack {
  constructor(scope: Construct, readonly peering: PeeringPlan, env: EnvContext) {
    super(scope, peering.stack, env);
    const { source, peer } = peering;
    const peerState = remoteState(this, 'peer_state', env.backend, env.name, peer.stack.name);
    const sourceState = source.adopted ? undefined : remoteState(this, 'source_state', env.backend, env.name, source.stack.name);
    const sourceVpcId = source.adopted?.vpcId ?? sourceState!.getString('vpc_id');
    if (source.adopted) {
      adoptedVpcChecks(this, { site: source.site, vpcId: source.adopted.vpcId, cidr: source.cidr, routeTableIds: source.adopted.routeTableIds });
    }
    const sourceRouteTables = source.adopted
      ? Object.fromEntries(source.adopted.routeTableIds.map((id) => [id.replace(/-/g, '_'), id]))
      : { servers: sourceState!.getString(SOURCE_ROUTE_TABLE_OUTPUT) };

    const vpcPeering = new VpcPeering(this, 'peering', {
      name: peering.stack.name,
      requester: { vpcId: sourceVpcId, cidr: source.cidr, routeTables: sourceRouteTables },
      accepter: {
        vpcId: peerState.getString('vpc_id'),
        cidr: peer.cidr,
        routeTables: Object.fromEntries(peer.tiers.map((tier) => [tier, peerState.getString(routeTableOutput(tier))])),
        accountId: peer.stack.account.id,
        region: peer.stack.region,
        sameAccount: peer.stack.account.id === source.stack.account.id,
      },
      accepterProvider: this.peerProvider!,
    });

    if (peering.associateServiceZone) {
      associateZone(this, 'service_zone', {
        zoneId: peerState.getString('service_zone_id'),
        vpcId: sourceVpcId,
        vpcRegion: source.stack.region,
        crossAccount: peer.stack.account.id !== source.stack.account.id,
        zoneProvider: this.peerProvider!,
      });
    }
    this.output('peering_connection_id', vpcPeering.connection.id, 'The VPC peering connection');
  }
}
