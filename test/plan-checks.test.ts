/**
 * Issue 15 (4, 5): plan-time checks, as Terraform check blocks with a scoped data source, so a
 * plan tells the reviewer what to fix before an apply fails half way:
 * - an adopted source VPC has DNS support and hostnames on and the declared range, and its listed
 *   route tables belong to it;
 * - a transit gateway of another account auto-accepts attachments or the network team accepts
 *   ours (the provider treats pendingAcceptance as done, #10025), and the attachment is available;
 *   the output transit_gateway_acceptance tells the network team what to run.
 * `npm run check:terraform` runs Terraform itself over these blocks (test/terraform-check.test.ts).
 */
import { output, scenario, synthFile, type TfJson } from './support/synth';

const checks = (stack: TfJson) => (stack as any).check as Record<string, { data: Record<string, Record<string, any>>; assert: { condition: string; error_message: string }[] }>;

describe('an adopted source VPC', () => {
  const { stacks } = synthFile(scenario('adopted-vpc'));
  const peering = stacks['adopted-frankfurt-peering-staging'];

  it('is checked for DNS support, DNS hostnames and the declared range where it is peered', () => {
    const vpc = checks(peering).adopted_vpc;
    expect(vpc.data).toEqual({ aws_vpc: { adopted: { id: 'vpc-0abc12345def67890' } } });
    expect(vpc.assert).toEqual([
      {
        condition: '${data.aws_vpc.adopted.enable_dns_support && data.aws_vpc.adopted.enable_dns_hostnames}',
        error_message: expect.stringContaining('aws ec2 modify-vpc-attribute --vpc-id vpc-0abc12345def67890 --enable-dns-support'),
      },
      {
        condition: '${contains([for a in data.aws_vpc.adopted.cidr_block_associations : a.cidr_block], "172.20.0.0/16")}',
        error_message: expect.stringContaining('has no range 172.20.0.0/16: set source.vpc.cidr'),
      },
    ]);
  });

  it('has each listed route table checked to belong to it', () => {
    for (const rtb of ['rtb-0aaa1111bbbb22223', 'rtb-0ccc3333dddd44445']) {
      const key = rtb.replace(/-/g, '_');
      expect(checks(peering)[`adopted_route_table_${key}`]).toEqual({
        data: { aws_route_table: { [`adopted_${key}`]: { route_table_id: rtb } } },
        assert: [
          {
            condition: `\${data.aws_route_table.adopted_${key}.vpc_id == "vpc-0abc12345def67890"}`,
            error_message: expect.stringMatching(new RegExp(`^The route table ${rtb} in source.vpc.routeTableIds of site "frankfurt" .* belongs to another VPC, not to vpc-0abc12345def67890`)),
          },
        ],
      });
    }
  });

  it('stacks without an adopted VPC have no such checks', () => {
    const { stacks: created } = synthFile(scenario('cross-account'));
    for (const stack of Object.values(created)) expect(Object.keys(checks(stack) ?? {}).filter((k) => k.startsWith('adopted'))).toEqual([]);
  });
});

describe('a transit gateway', () => {
  const { stacks } = synthFile(scenario('onprem-tgw'));
  const s = stacks['tgw-staging-staging-eu-west-3'];
  const key = 'tgw_0123456789abcdef0';

  it('owned by another account must auto-accept, or the plan says the network team accepts', () => {
    expect(checks(s)[`transit_gateway_${key}`]).toEqual({
      data: { aws_ec2_transit_gateway: { [key]: { id: 'tgw-0123456789abcdef0' } } },
      assert: [
        {
          condition: `\${data.aws_ec2_transit_gateway.${key}.owner_id == "222222222222" || data.aws_ec2_transit_gateway.${key}.auto_accept_shared_attachments == "enable"}`,
          error_message: expect.stringContaining('the network team must accept it'),
        },
      ],
    });
  });

  it('attachment must be available, else the plan says who accepts it and to apply again', () => {
    expect(checks(s)[`transit_gateway_attachment_${key}`]).toEqual({
      data: {
        aws_ec2_transit_gateway_vpc_attachments: {
          [key]: {
            filter: [
              { name: 'transit-gateway-attachment-id', values: [`\${aws_ec2_transit_gateway_vpc_attachment.on_prem_${key}.id}`] },
              { name: 'state', values: ['available'] },
            ],
          },
        },
      },
      assert: [{ condition: `\${length(data.aws_ec2_transit_gateway_vpc_attachments.${key}.ids) == 1}`, error_message: expect.stringContaining('then apply this stack again') }],
    });
  });

  it('gets an output for the network team with the exact acceptance command', () => {
    expect(output(s, 'transit_gateway_acceptance')).toEqual({
      'tgw-0123456789abcdef0': {
        attachment_id: `\${aws_ec2_transit_gateway_vpc_attachment.on_prem_${key}.id}`,
        vpc_id: `\${aws_ec2_transit_gateway_vpc_attachment.on_prem_${key}.vpc_id}`,
        account_id: '222222222222',
        region: 'eu-west-3',
        accept_command: `aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id \${aws_ec2_transit_gateway_vpc_attachment.on_prem_${key}.id} --region eu-west-3`,
      },
    });
  });
});
