/**
 * A Route 53 Resolver inbound endpoint so on-prem DNS can forward the service, ec2 and vpce
 * names to the staging VPC: one address per endpoint subnet (Route 53 requires two or more, in
 * different AZs), plain DNS (Do53), and DNS only from the named on-prem resolvers.
 */
import { Construct } from 'constructs';
import { Route53ResolverEndpoint } from '@cdktf/provider-aws/lib/route53-resolver-endpoint';
import { DNS_PORT } from '../catalog/network';
import { allowIn, securityGroup } from './firewall';
import type { PrivateVpc } from './private-vpc';

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
