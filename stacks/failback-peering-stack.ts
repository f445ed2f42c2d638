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
import { Route53VpcAssociationAuthorization } from '@cdktf/provider-aws/lib/route53-vpc-association-authorization';
import { Route53ZoneAssociation } from '@cdktf/provider-aws/lib/route53-zone-association';
import { reverseReplicationCommands } from '../constructs/failback/commands';
import { terraformLiteral } from '../constructs/policy';
import { VpcPeering } from '../constructs/vpc-peering';
import type { FailbackPeeringPlan } from '../plan/failback-types';
import type { EnvContext } from '../plan/types';
import { remoteState } from './backend';
import { DrStack } from './dr-stack';
import { routeTableOutput } from './outputs';

export class FailbackPeeringStack extends DrStack {
  constructor(scope: Construct, readonly failback: FailbackPeeringPlan, env: EnvContext) {
    super(scope, failback.stack, env);
    const { reverse, recovery } = failback;
    const reverseState = remoteState(this, 'reverse_state', env.backend, env.name, reverse.stack.name);
    const recoveryState = remoteState(this, 'recovery_state', env.backend, env.name, recovery.stack.name);
    const recoveryVpcId = recoveryState.getString('vpc_id');
    const sameAccount = reverse.stack.account.id === recovery.stack.account.id;

    const peering = new VpcPeering(this, 'peering', {
      name: failback.stack.name,
      requester: {
        vpcId: reverseState.getString('vpc_id'),
        cidr: reverse.cidr,
        routeTables: Object.fromEntries(reverse.tiers.map((tier) => [tier, reverseState.getString(routeTableOutput(tier))])),
      },
      accepter: {
        vpcId: recoveryVpcId,
        cidr: recovery.cidr,
        routeTables: Object.fromEntries(recovery.tiers.map((tier) => [tier, recoveryState.getString(routeTableOutput(tier))])),
        accountId: recovery.stack.account.id,
        region: recovery.stack.region,
        sameAccount,
      },
      accepterProvider: this.peerProvider!,
    });

    if (failback.associateZone) {
      const zoneId = reverseState.getString('service_zone_id');
      // The zone's owner authorizes, the VPC's owner associates (Route 53 developer guide,
      // "Associating an Amazon VPC and a private hosted zone that you created with different AWS accounts").
      const authorization = sameAccount
        ? undefined
        : new Route53VpcAssociationAuthorization(this, 'service_zone_authorization', { zoneId, vpcId: recoveryVpcId, vpcRegion: recovery.stack.region });
      new Route53ZoneAssociation(this, 'service_zone_association', {
        provider: this.peerProvider,
        zoneId,
        vpcId: recoveryVpcId,
        vpcRegion: recovery.stack.region,
        ...(authorization ? { dependsOn: [authorization] } : {}),
      });
    }

    this.output('peering_connection_id', peering.connection.id, 'The failback VPC peering connection');
    const commands = Object.fromEntries(
      failback.sites.map((site) => [
        site,
        terraformLiteral(
          reverseReplicationCommands({
            site,
            recoveryRegion: recovery.stack.region,
            recoveryEndpointDns: recoveryState.getString('service_endpoint_dns_name'),
            sourceRegion: reverse.stack.region,
            reverseEndpointDns: reverseState.getString('service_endpoint_dns_name'),
          }),
        ),
      ]),
    );
    this.output('failback_commands', commands, 'Per site: start reversed replication, then fail back by launching in the source region');
  }
}
