/**
 * A Route 53 Resolver inbound endpoint so on-prem DNS can forward the service, ec2 and vpce
 * names to the staging VPC: one address per endpoint subnet (Route 53 requires two or more, in
 * different AZs), plain DNS (Do53), and DNS only from the named on-prem resolvers.
 */
import { Construct } from 'constructs';
import { Ec2SubnetCidrReservation } from '@cdktf/provider-aws/lib/ec2-subnet-cidr-reservation';
import { Route53ResolverEndpoint } from '@cdktf/provider-aws/lib/route53-resolver-endpoint';
import { resolverAddress } from '../net/layout';
import { DNS_PORT } from '../catalog/network';
import { allowIn, securityGroup } from './firewall';
import { AZ_LETTERS, type PrivateVpc } from './private-vpc';

export interface InboundResolverProps {
  readonly name: string;
  readonly network: PrivateVpc;
  /** On-prem resolver addresses (/32) or ranges allowed to query. */
  readonly clients: readonly string[];
  /** Fixed addresses, one per endpoint subnet in AZ order (net/layout.ts resolverAddress). */
  readonly addresses: readonly string[];
}

export class InboundResolver extends Construct {
  readonly endpoint: Route53ResolverEndpoint;

  constructor(scope: Construct, id: string, props: InboundResolverProps) {
    super(scope, id);
    const group = securityGroup(this, 'resolver_sg', props.network.vpc.id, `${props.name}-inbound-resolver`, 'DNS from the on-prem resolvers only');
    const peers = props.clients.map((cidr) => ({ cidr }));
    allowIn(group, DNS_PORT, 'udp', peers, 'DNS queries forwarded by on-prem resolvers');
    allowIn(group, DNS_PORT, 'tcp', peers, 'DNS queries forwarded by on-prem resolvers (TCP)');
    this.endpoint = new Route53ResolverEndpoint(this, 'endpoint', {
      name: `${props.name}-inbound`,
      direction: 'INBOUND',
      resolverEndpointType: 'IPV4',
      protocols: ['Do53'],
      securityGroupIds: [group.id],
      ipAddress: props.network.subnets('endpoints').map((s, i) => ({ subnetId: s.id, ip: props.addresses[i] })),
      tags: { Name: `${props.name}-inbound` },
    });
  }
}

/**
 * Keeps the resolver's fixed address in every endpoint subnet of a staging VPC from the start
 * (an explicit reservation: AWS never hands it out by itself), so an on-prem site added later
 * still finds it free after endpoints and attachments took their addresses.
 *
 * AWS: a reservation "can include addresses that are already in use" and does not unassign them
 * (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-cidr-reservation.html), so every
 * resource that places a network interface in an endpoint subnet must be created after the
 * reservations: callers pass them as `after` (interface endpoints, transit gateway attachments).
 */
export function reserveResolverAddresses(scope: Construct, network: PrivateVpc): Ec2SubnetCidrReservation[] {
  const subnets = network.subnets('endpoints');
  return network.subnetCidrs('endpoints').map((cidr, i) => {
    return new Ec2SubnetCidrReservation(scope, `resolver_address_${AZ_LETTERS[i]}`, {
      subnetId: subnets[i].id,
      cidrBlock: `${resolverAddress(cidr)}/32`,
      reservationType: 'explicit',
      description: 'Route 53 Resolver inbound endpoint address (private-dr)',
    });
  });
}
