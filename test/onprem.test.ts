/** Issue: on-prem sites, routed home and resolving the private endpoints through an inbound resolver. */
import { output, resource, resources, scenario, synthFile } from './support/synth';

describe('an on-prem site through a transit gateway', () => {
  const { stacks } = synthFile(scenario('onprem-tgw'));
  const s = stacks['tgw-staging-staging-eu-west-3'];

  it('has no source VPC and no peering', () => {
    expect(Object.keys(stacks)).toEqual(['tgw-staging-staging-eu-west-3']);
  });

  it('attaches the staging VPC to the transit gateway and routes every on-prem range home from every route table', () => {
    expect(resource(s, 'aws_ec2_transit_gateway_vpc_attachment', 'on_prem_tgw_0123456789abcdef0')).toMatchObject({
      transit_gateway_id: 'tgw-0123456789abcdef0',
      vpc_id: '${aws_vpc.network_vpc.id}',
      subnet_ids: ['${aws_subnet.network_endpoints_a.id}', '${aws_subnet.network_endpoints_b.id}', '${aws_subnet.network_endpoints_c.id}'],
    });
    const routes = resources(s, 'aws_route').map((r) => `${r.route_table_id} -> ${r.destination_cidr_block} via ${r.transit_gateway_id}`).sort();
    const tables = ['staging', 'recovery', 'endpoints'];
    expect(routes).toEqual(
      tables.flatMap((t) => ['192.168.0.0/16', '172.24.0.0/14'].map((c) => `\${aws_route_table.network_${t}_routes.id} -> ${c} via tgw-0123456789abcdef0`)).sort(),
    );
    expect(output(s, 'on_prem_attachments')).toEqual({ 'tgw-0123456789abcdef0': '${aws_ec2_transit_gateway_vpc_attachment.on_prem_tgw_0123456789abcdef0.id}' });
  });

  it('runs an inbound resolver on fixed addresses in three AZs, answering only the named on-prem resolvers', () => {
    const endpoint = resource(s, 'aws_route53_resolver_endpoint', 'inbound_resolver_endpoint');
    expect(endpoint).toMatchObject({ direction: 'INBOUND', protocols: ['Do53'], security_group_ids: ['${aws_security_group.inbound_resolver_resolver_sg.id}'] });
    expect(endpoint.ip_address).toEqual([
      { subnet_id: '${aws_subnet.network_endpoints_a.id}', ip: '10.1.192.4' },
      { subnet_id: '${aws_subnet.network_endpoints_b.id}', ip: '10.1.200.4' },
      { subnet_id: '${aws_subnet.network_endpoints_c.id}', ip: '10.1.208.4' },
    ]);
    const dns = resources(s, 'aws_vpc_security_group_ingress_rule')
      .filter((r) => r.security_group_id.includes('resolver'))
      .map((r) => `${r.ip_protocol} ${r.from_port} ${r.cidr_ipv4}`)
      .sort();
    expect(dns).toEqual(['tcp 53 192.168.10.10/32', 'tcp 53 192.168.10.11/32', 'udp 53 192.168.10.10/32', 'udp 53 192.168.10.11/32']);
    expect(resources(s, 'aws_ec2_subnet_cidr_reservation').map((r) => [r.subnet_id, r.cidr_block, r.reservation_type])).toEqual([
      ['${aws_subnet.network_endpoints_a.id}', '10.1.192.4/32', 'explicit'],
      ['${aws_subnet.network_endpoints_b.id}', '10.1.200.4/32', 'explicit'],
      ['${aws_subnet.network_endpoints_c.id}', '10.1.208.4/32', 'explicit'],
    ]);
  });

  it('admits 443 and 1500 from every on-prem range', () => {
    const ingress = resources(s, 'aws_vpc_security_group_ingress_rule').map((r) => `${r.from_port} ${r.cidr_ipv4}`);
    expect(ingress).toEqual(expect.arrayContaining(['443 192.168.0.0/16', '443 172.24.0.0/14', '1500 192.168.0.0/16', '1500 172.24.0.0/14']));
  });

  it('tells the DNS team what to forward where, for BIND and Windows DNS Server', () => {
    expect(output(s, 'inbound_resolver_addresses')).toEqual(['10.1.192.4', '10.1.200.4', '10.1.208.4']);
    expect(output(s, 'dns_forward_zones')).toEqual(['drs.eu-west-3.amazonaws.com', 'ec2.eu-west-3.amazonaws.com', 'eu-west-3.vpce.amazonaws.com']);
    const bind: string = output(s, 'dns_forwarders_bind');
    expect(bind.split('\n').filter((l) => !l.startsWith('//'))).toEqual([
      'zone "drs.eu-west-3.amazonaws.com" { type forward; forward only; forwarders { 10.1.192.4; 10.1.200.4; 10.1.208.4; }; };',
      'zone "ec2.eu-west-3.amazonaws.com" { type forward; forward only; forwarders { 10.1.192.4; 10.1.200.4; 10.1.208.4; }; };',
      'zone "eu-west-3.vpce.amazonaws.com" { type forward; forward only; forwarders { 10.1.192.4; 10.1.200.4; 10.1.208.4; }; };',
      '',
    ]);
    // Finding 3: without this clause an isolated BIND answers SERVFAIL (proven live in operator-tools.test.ts).
    expect(output(s, 'dns_forwarders_bind_options')).toBe('validate-except { "drs.eu-west-3.amazonaws.com"; "ec2.eu-west-3.amazonaws.com"; "eu-west-3.vpce.amazonaws.com"; };');
    expect(bind).toContain(`//      ${output(s, 'dns_forwarders_bind_options')}`);
  });

  it('Windows DNS: the operator picks standalone or AD-integrated; -ReplicationScope only in the AD variant (finding 4)', () => {
    const ps: string = output(s, 'dns_forwarders_windows');
    expect(ps).toContain("param([Parameter(Mandatory = $true)][ValidateSet('Standalone', 'Domain', 'Forest')][string]$Scope)");
    expect(ps).toContain("foreach ($zone in @('drs.eu-west-3.amazonaws.com', 'ec2.eu-west-3.amazonaws.com', 'eu-west-3.vpce.amazonaws.com')) {");
    expect(ps).toContain("  if ($Scope -eq 'Standalone') { Add-DnsServerConditionalForwarderZone -Name $zone -MasterServers 10.1.192.4,10.1.200.4,10.1.208.4 }");
    expect(ps).toContain('  else { Add-DnsServerConditionalForwarderZone -Name $zone -MasterServers 10.1.192.4,10.1.200.4,10.1.208.4 -ReplicationScope $Scope }');
    expect(ps).not.toMatch(/"Forest"/);
  });
});

describe('an on-prem site through a virtual private gateway', () => {
  const { stacks } = synthFile(scenario('onprem-vgw'));
  const s = stacks['vgw-staging-staging-eu-west-1'];

  it('attaches the gateway and propagates its routes to every route table', () => {
    expect(resource(s, 'aws_vpn_gateway_attachment', 'on_prem_vgw_attachment')).toEqual({ vpc_id: '${aws_vpc.network_vpc.id}', vpn_gateway_id: 'vgw-0123456789abcdef0' });
    expect(resources(s, 'aws_vpn_gateway_route_propagation').map((r) => r.route_table_id).sort()).toEqual(
      ['staging', 'recovery', 'endpoints'].map((t) => `\${aws_route_table.network_${t}_routes.id}`).sort(),
    );
    expect(s.resource.aws_route).toBeUndefined();
  });

  it('lets every on-prem address query DNS when no resolvers are named', () => {
    const dns = resources(s, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 53).map((r) => `${r.ip_protocol} ${r.cidr_ipv4}`).sort();
    expect(dns).toEqual(['tcp 192.168.64.0/18', 'udp 192.168.64.0/18']);
  });

  it('carves a /22 staging VPC down to /27 endpoint subnets', () => {
    expect(resources(s, 'aws_subnet').map((x) => x.cidr_block).sort()).toEqual(
      ['10.3.0.0/25', '10.3.0.128/25', '10.3.1.128/25', '10.3.2.0/25', '10.3.3.0/27', '10.3.3.32/27'].sort(),
    );
  });
});

describe('an environment with an aws and an onprem site sharing a staging network', () => {
  const { stacks } = synthFile(scenario('mixed'));
  const s = stacks['mixed-staging-staging-eu-west-2'];

  it('admits both sites and routes the on-prem range to the transit gateway', () => {
    const ingress = resources(s, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 1500 && r.security_group_id === '${aws_security_group.replication_replication_sg.id}').map((r) => r.cidr_ipv4).sort();
    expect(ingress).toEqual(['172.16.0.0/16', '192.168.0.0/16']);
    expect(resources(s, 'aws_route').map((r) => r.destination_cidr_block)).toEqual(['192.168.0.0/16', '192.168.0.0/16', '192.168.0.0/16']);
    expect(s.resource.aws_route53_resolver_endpoint).toBeDefined();
    expect(stacks['mixed-dublin-peering-staging']).toBeDefined();
  });
});
