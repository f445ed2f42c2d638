/** Outputs every private VPC stack publishes: ids reviewers need and other stacks read by name. */
import type { OnPremRoutes } from '../constructs/on-prem-routes';
import type { PrivateVpc } from '../constructs/private-vpc';
import type { ServiceEndpoints } from '../constructs/service-endpoints';
import type { DrStack } from './dr-stack';
import { transitGatewayChecks } from './transit-gateway-checks';

export function routeTableOutput(tier: string): string {
  return `route_table_id_${tier}`;
}

export function networkOutputs(stack: DrStack, network: PrivateVpc, endpoints: ServiceEndpoints): void {
  stack.output('vpc_id', network.vpc.id, 'The private VPC');
  for (const [tier, table] of network.routeTables) {
    stack.output(routeTableOutput(tier), table.id, `Route table of the ${tier} subnets`);
    stack.output(`subnet_ids_${tier}`, network.subnets(tier).map((s) => s.id), `The ${tier} subnets, one per AZ`);
  }
  stack.output('endpoint_ids', {
    service: endpoints.service.id,
    ec2: endpoints.ec2.id,
    s3_gateway: endpoints.s3Gateway.id,
    ...(endpoints.s3Interface ? { s3_interface: endpoints.s3Interface.id } : {}),
  }, 'VPC endpoint ids by purpose');
  stack.output('service_endpoint_dns_name', endpoints.service.dnsEntry.get(0).dnsName, 'Regional DNS name of the service interface endpoint');
  if (endpoints.s3Interface) stack.output('s3_endpoint_dns_name', endpoints.s3Interface.dnsEntry.get(0).dnsName, 'Regional DNS name of the S3 interface endpoint (*.vpce-...)');
}

/** What the network team that owns the transit gateways must do for this VPC. */
export function onPremOutputs(stack: DrStack, routes: OnPremRoutes, vpcCidr: string): void {
  if (!routes.transitGatewayAttachments.size) return;
  transitGatewayChecks(stack, routes);
  stack.output(
    'on_prem_attachments',
    Object.fromEntries([...routes.transitGatewayAttachments].map(([tgw, a]) => [tgw, a.id])),
    `Transit gateway attachments: the network team associates each with a TGW route table that reaches on-prem and propagates ${vpcCidr} to the on-prem route table (accept the attachment first if the gateway is shared from another account)`,
  );
}
