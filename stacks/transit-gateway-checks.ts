/**
 * Transit gateways the file names (source.transitGatewayId) may belong to another account, shared
 * through AWS RAM. Then the RAM share must be accepted before the attachment can be created (the
 * gateway is not visible to the account until then), and the owner must accept the attachment
 * unless the gateway auto-accepts shared attachments ("Transit gateway attachments to a VPC" and
 * "Sharing a transit gateway", Amazon VPC Transit Gateways guide). The provider treats an
 * attachment in pendingAcceptance as created (hashicorp/terraform-provider-aws#10025), so routes
 * through it then fail with InvalidTransitGatewayID.NotFound.
 *
 * Per gateway, in every stack that attaches to it: a check block on the gateway (visible and
 * available; shared without auto-accept means the network team accepts), a check block on the
 * attachment (available, else exactly what to run), and the output `transit_gateway_acceptance`
 * for the network team.
 */
import { checkBlock } from '../constructs/checks/check-block';
import type { OnPremRoutes } from '../constructs/on-prem-routes';
import type { DrStack } from './dr-stack';

export const tgwKey = (id: string) => id.replace(/-/g, '_');

export function acceptCommand(attachmentId: string, region: string): string {
  return `aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id ${attachmentId} --region ${region}`;
}

export function transitGatewayChecks(stack: DrStack, routes: OnPremRoutes): void {
  const { account, region } = stack.plan;
  const acceptance: Record<string, unknown> = {};
  for (const [tgw, attachment] of routes.transitGatewayAttachments) {
    const key = tgwKey(tgw);
    // Terraform evaluates a check's error_message without the scoped data source, so messages are plain text.
    // A gateway the account cannot see (not shared, or the RAM share not accepted) fails the
    // scoped read itself: Terraform warns "no matching EC2 Transit Gateway found".
    const gw = `data.aws_ec2_transit_gateway.${key}`;
    checkBlock(stack, `transit_gateway_${key}`, { type: 'aws_ec2_transit_gateway', name: key, args: { id: tgw } }, [
      {
        condition: `${gw}.owner_id == "${account.id}" || ${gw}.auto_accept_shared_attachments == "enable"`,
        message:
          `The transit gateway ${tgw} belongs to another account and does not auto-accept shared attachments: after this apply creates the attachment, the network team must accept it ` +
          `(see output transit_gateway_acceptance: aws ec2 accept-transit-gateway-vpc-attachment ... --region ${region}, with the owner's credentials); ` +
          'routes through it fail with InvalidTransitGatewayID.NotFound until then, so apply this stack again afterwards.',
      },
    ]);
    // The attachment data source has no state attribute (hashicorp/aws 6.25): the plural one filters by state.
    const att = `data.aws_ec2_transit_gateway_vpc_attachments.${key}`;
    checkBlock(
      stack,
      `transit_gateway_attachment_${key}`,
      {
        type: 'aws_ec2_transit_gateway_vpc_attachments',
        name: key,
        args: { filter: [{ name: 'transit-gateway-attachment-id', values: [attachment.id] }, { name: 'state', values: ['available'] }] },
      },
      [
        {
          condition: `length(${att}.ids) == 1`,
          message:
            `The attachment of this VPC to ${tgw} is not available yet: if it is pendingAcceptance, the owner of ${tgw} accepts it ` +
            `(output transit_gateway_acceptance: aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id <id> --region ${region}); then apply this stack again so its routes are created.`,
        },
      ],
    );
    acceptance[tgw] = {
      attachment_id: attachment.id,
      vpc_id: attachment.vpcId,
      account_id: account.id,
      region,
      accept_command: acceptCommand(attachment.id, region),
    };
  }
  if (Object.keys(acceptance).length) {
    stack.output(
      'transit_gateway_acceptance',
      acceptance,
      'For the network team that owns each transit gateway: before the first apply, share it with this account through AWS RAM (and have the share accepted); after it, accept the attachment with accept_command unless the gateway auto-accepts shared attachments',
    );
  }
}
