/**
 * Issue 15 (3): the inbound resolver's fixed address of each endpoint subnet is reserved, but AWS
 * does not unassign addresses a reservation covers, so every resource that places a network
 * interface in an endpoint subnet must be created after the reservations. Read from the
 * dependency graph of the synthesized JSON, for every resource that names an endpoint subnet.
 */
import { scenario, synthFile, type TfJson } from './support/synth';

/** Resources that name an endpoint subnet without taking an address there of their own choosing. */
const NO_INTERFACE = new Set(['aws_ec2_subnet_cidr_reservation', 'aws_route_table_association', 'aws_route53_resolver_endpoint']);

function dependencies(stack: TfJson, address: string, seen = new Set<string>()): Set<string> {
  const [type, name] = address.split('.');
  for (const dep of (stack.resource[type]?.[name]?.depends_on ?? []) as string[]) {
    if (!seen.has(dep)) {
      seen.add(dep);
      dependencies(stack, dep, seen);
    }
  }
  return seen;
}

function interfacesInEndpointSubnets(stack: TfJson): string[] {
  return Object.entries(stack.resource).flatMap(([type, byName]) =>
    NO_INTERFACE.has(type) ? [] : Object.entries(byName).filter(([, body]) => /aws_subnet\.network_endpoints_/.test(JSON.stringify(body))).map(([name]) => `${type}.${name}`),
  );
}

describe.each(['onprem-tgw', 'mixed', 'same-account'])('staging stacks of %s', (name) => {
  const { stacks, plan } = synthFile(scenario(name));

  it.each(plan.stagings.map((s) => s.stack.name))('%s creates every interface in an endpoint subnet after the resolver address reservations', (stackName) => {
    const stack = stacks[stackName];
    const reservations = Object.keys(stack.resource.aws_ec2_subnet_cidr_reservation ?? {}).map((n) => `aws_ec2_subnet_cidr_reservation.${n}`);
    expect(reservations.length).toBeGreaterThanOrEqual(2);
    const interfaces = interfacesInEndpointSubnets(stack);
    expect(interfaces).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_vpc_endpoint\./)]));
    for (const address of interfaces) {
      const deps = dependencies(stack, address);
      const missing = reservations.filter((r) => !deps.has(r));
      expect({ address, missing }).toEqual({ address, missing: [] });
    }
  });
});

it('the transit gateway attachment is among the ordered interfaces', () => {
  const { stacks } = synthFile(scenario('onprem-tgw'));
  const stack = stacks['tgw-staging-staging-eu-west-3'];
  expect(interfacesInEndpointSubnets(stack)).toContain('aws_ec2_transit_gateway_vpc_attachment.on_prem_tgw_0123456789abcdef0');
  expect(stack.resource.aws_ec2_transit_gateway_vpc_attachment.on_prem_tgw_0123456789abcdef0.depends_on).toEqual([
    'aws_ec2_subnet_cidr_reservation.resolver_address_a',
    'aws_ec2_subnet_cidr_reservation.resolver_address_b',
    'aws_ec2_subnet_cidr_reservation.resolver_address_c',
  ]);
});
