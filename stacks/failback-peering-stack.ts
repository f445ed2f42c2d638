/**
 * Failback path between a reverse staging VPC (source account and region; requester) and one
 * recovery VPC (staging VPC with recovery subnets, or target VPC; accepter, "peer" provider).
 * Like the forward peering stacks it reads both sides through remote state, so the VPC stacks
 * never depend on each other. It routes both ways (recovery subnets <-> the reverse network's
 * staging and endpoint subnets), associates the reverse network's zone drs.<source region>.amazonaws.com
 * with the recovery VPC (authorized by the zone's owner when the accounts differ), so recovered
 * instances keep the service's default name, and prints the reverse-replication and failback
 * commands with both endpoints' names.
 */
import type { Construct } from 'constructs';
import { reverseReplicationCommands } from '../constructs/failback/commands';
import { terraformLiteral } from '../constructs/policy';
import { associateZone } from '../constructs/service-zone';
import { VpcPeering } from '../constructs/vpc-peering';
import type { FailbackPeeringPlan, FailbackSide } from '../plan/failback-types';
import type { EnvContext } from '../plan/types';
import { remoteState } from './backend';
import { DrStack } from './dr-stack';
import { routeTableOutput } from './outputs';

export class FailbackPeeringStack extends DrStack {
  constructor(scope: Construct, readonly failback: FailbackPeeringPlan, env: EnvContext) {
    super(scope, failback.stack, env);
    const { requester, accepter } = failback;
    const requesterState = remoteState(this, 'reverse_state', env.backend, env.name, requester.stack.name);
    const accepterState = remoteState(this, 'recovery_state', env.backend, env.name, accepter.stack.name);
    const requesterVpcId = requesterState.getString('vpc_id');
    const accepterVpcId = accepterState.getString('vpc_id');
    const sameAccount = requester.stack.account.id === accepter.stack.account.id;
    const tables = (side: FailbackSide, state: typeof requesterState) => Object.fromEntries(side.tiers.map((tier) => [tier, state.getString(routeTableOutput(tier))]));

    const peering = new VpcPeering(this, 'peering', {
      name: failback.stack.name,
      requester: { vpcId: requesterVpcId, cidr: requester.cidr, routeTables: tables(requester, requesterState) },
      accepter: {
        vpcId: accepterVpcId,
        cidr: accepter.cidr,
        routeTables: tables(accepter, accepterState),
        accountId: accepter.stack.account.id,
        region: accepter.stack.region,
        sameAccount,
      },
      accepterProvider: this.peerProvider!,
    });

    // Each side's zone, where its plan says so, on the other side's VPC (the zone's owner authorizes).
    if (requester.shareZone) {
      associateZone(this, 'service_zone', {
        zoneId: requesterState.getString('service_zone_id'),
        vpcId: accepterVpcId,
        vpcRegion: accepter.stack.region,
        crossAccount: !sameAccount,
        vpcProvider: this.peerProvider!,
      });
    }
    if (accepter.shareZone) {
      associateZone(this, 'back_zone', {
        zoneId: accepterState.getString('service_zone_id'),
        vpcId: requesterVpcId,
        vpcRegion: requester.stack.region,
        crossAccount: !sameAccount,
        zoneProvider: this.peerProvider!,
      });
    }

    this.output('peering_connection_id', peering.connection.id, 'The failback VPC peering connection');
    const dns = (state: typeof requesterState) => state.getString('service_endpoint_dns_name');
    const commands = Object.fromEntries(
      failback.sites.map(({ site, recoverySide }) => {
        const [recovery, reverse] = recoverySide === 'accepter' ? [accepter, requester] : [requester, accepter];
        const [recoveryState, reverseState] = recoverySide === 'accepter' ? [accepterState, requesterState] : [requesterState, accepterState];
        return [
          site,
          terraformLiteral(
            reverseReplicationCommands({
              site,
              recoveryRegion: recovery.stack.region,
              recoveryEndpointDns: dns(recoveryState),
              sourceRegion: reverse.stack.region,
              reverseEndpointDns: dns(reverseState),
            }),
          ),
        ];
      }),
    );
    this.output('failback_commands', commands, 'Per site: start reversed replication, then fail back by launching in the source region');
  }
}
