/** Issue: the staging network from an environment file, read from the synthesized Terraform JSON. */
import fs from 'node:fs';
import path from 'node:path';
import { output, policy, resource, resources, scenario, synthFile } from './support/synth';

describe('a cross-region site in one account', () => {
  const { stacks } = synthFile(scenario('same-account'));

  it('makes one source, one staging and one peering stack, named predictably', () => {
    // Failback (on by default) adds the reverse staging network in the source region and its peering.
    expect(Object.keys(stacks)).toEqual(['same-dublin-peering-main', 'same-dublin-source', 'same-failback-main-eu-west-2-main-eu-west-1', 'same-staging-main-eu-west-1', 'same-staging-main-eu-west-2']);
  });

  it('pins every provider to its account and region and tags by default', () => {
    const staging = stacks['same-staging-main-eu-west-2'];
    expect(staging.provider.aws).toEqual([
      { allowed_account_ids: ['111111111111'], region: 'eu-west-2', default_tags: [{ tags: { Owner: 'platform' } }] },
    ]);
    expect(staging.terraform.required_version).toBe('>= 1.10.0');
    expect(staging.terraform.required_providers.aws).toEqual({ source: 'aws', version: '6.25.0' });
  });

  it('builds a staging VPC with DNS on, subnets in two AZs, and no path to the internet', () => {
    const s = stacks['same-staging-main-eu-west-2'];
    expect(resource(s, 'aws_vpc', 'network_vpc')).toMatchObject({ cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
    const subnets = resources(s, 'aws_subnet');
    expect(subnets.map((x) => [x.tags.Name, x.cidr_block]).sort()).toEqual([
      ['same-drs-staging-staging-a', '10.0.0.0/19'],
      ['same-drs-staging-staging-b', '10.0.32.0/19'],
      ['same-drs-staging-recovery-a', '10.0.96.0/19'],
      ['same-drs-staging-recovery-b', '10.0.128.0/19'],
      ['same-drs-staging-endpoints-a', '10.0.192.0/21'],
      ['same-drs-staging-endpoints-b', '10.0.200.0/21'],
    ].sort());
    expect(subnets.every((x) => x.map_public_ip_on_launch === false)).toBe(true);
    expect(subnets.map((x) => x.availability_zone)).toContain('${element(data.aws_availability_zones.network_zones.names, 1)}');
    for (const stack of Object.values(stacks)) {
      for (const type of ['aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_egress_only_internet_gateway']) expect(stack.resource[type]).toBeUndefined();
    }
  });

  it('creates the service, ec2, s3 interface and s3 gateway endpoints', () => {
    const s = stacks['same-staging-main-eu-west-2'];
    expect(resource(s, 'aws_vpc_endpoint', 'endpoints_drs')).toMatchObject({ service_name: 'com.amazonaws.eu-west-2.drs', vpc_endpoint_type: 'Interface', private_dns_enabled: false });
    expect(resource(s, 'aws_vpc_endpoint', 'endpoints_ec2')).toMatchObject({ service_name: 'com.amazonaws.eu-west-2.ec2', vpc_endpoint_type: 'Interface', private_dns_enabled: true });
    expect(resource(s, 'aws_vpc_endpoint', 'endpoints_s3_interface')).toMatchObject({
      service_name: 'com.amazonaws.eu-west-2.s3',
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: false,
      depends_on: expect.arrayContaining(['aws_vpc_endpoint.endpoints_s3_gateway']),
    });
    const gateway = resource(s, 'aws_vpc_endpoint', 'endpoints_s3_gateway');
    expect(gateway).toMatchObject({ vpc_endpoint_type: 'Gateway' });
    // The recovery route table has its own S3 gateway endpoint (issue 13, test/launch.test.ts).
    expect(gateway.route_table_ids).toEqual(['${aws_route_table.network_staging_routes.id}', '${aws_route_table.network_endpoints_routes.id}']);
    expect(resource(s, 'aws_vpc_endpoint', 'endpoints_drs').subnet_ids).toEqual(['${aws_subnet.network_endpoints_a.id}', '${aws_subnet.network_endpoints_b.id}']);
  });

  it('publishes drs.<region>.amazonaws.com as a private hosted zone aliased to the endpoint', () => {
    const s = stacks['same-staging-main-eu-west-2'];
    expect(resource(s, 'aws_route53_zone', 'service_zone_zone')).toMatchObject({
      name: 'drs.eu-west-2.amazonaws.com',
      vpc: [{ vpc_id: '${aws_vpc.network_vpc.id}', vpc_region: 'eu-west-2' }],
      lifecycle: { ignore_changes: ['vpc'] },
    });
    expect(resource(s, 'aws_route53_record', 'service_zone_api')).toMatchObject({
      name: 'drs.eu-west-2.amazonaws.com',
      type: 'A',
      alias: { name: '${aws_vpc_endpoint.endpoints_drs.dns_entry[0].dns_name}', zone_id: '${aws_vpc_endpoint.endpoints_drs.dns_entry[0].hosted_zone_id}', evaluate_target_health: false },
    });
    // Same account: the source VPC is associated without an authorization.
    const peering = stacks['same-dublin-peering-main'];
    expect(resource(peering, 'aws_route53_zone_association', 'service_zone_association')).toEqual({
      zone_id: '${data.terraform_remote_state.peer_state.outputs.service_zone_id}',
      vpc_id: '${data.terraform_remote_state.source_state.outputs.vpc_id}',
      vpc_region: 'eu-west-1',
    });
    expect(peering.resource.aws_route53_vpc_association_authorization).toBeUndefined();
  });

  it('admits HTTPS to the endpoints from the source VPC and server subnets, and 1500 from the source only', () => {
    const s = stacks['same-staging-main-eu-west-2'];
    const ingress = resources(s, 'aws_vpc_security_group_ingress_rule');
    const rule = (sg: string) => ingress.filter((r) => r.security_group_id === `\${aws_security_group.${sg}.id}`).map((r) => `${r.ip_protocol}/${r.from_port}-${r.to_port} ${r.cidr_ipv4}`);
    expect(rule('endpoints_endpoints_sg').sort()).toEqual(['tcp/443-443 172.16.0.0/16', 'tcp/443-443 10.0.0.0/19', 'tcp/443-443 10.0.32.0/19', 'tcp/443-443 10.0.96.0/19', 'tcp/443-443 10.0.128.0/19'].sort());
    expect(rule('replication_replication_sg')).toEqual(['tcp/1500-1500 172.16.0.0/16']);
    const egress = resources(s, 'aws_vpc_security_group_egress_rule').filter((r) => r.security_group_id === '${aws_security_group.replication_replication_sg.id}');
    expect(egress.map((r) => [r.from_port, r.referenced_security_group_id ?? r.prefix_list_id])).toEqual([
      [443, '${aws_security_group.endpoints_endpoints_sg.id}'],
      [443, '${aws_vpc_endpoint.endpoints_s3_gateway.prefix_list_id}'],
    ]);
    for (const stack of Object.values(stacks)) {
      for (const r of resources(stack, 'aws_vpc_security_group_ingress_rule')) expect(['0.0.0.0/0', '::/0']).not.toContain(r.cidr_ipv4 ?? r.cidr_ipv6);
      for (const g of resources(stack, 'aws_security_group')) expect(g.ingress ?? []).toEqual([]);
    }
  });

  it('configures the DRS replication template for a private data path', () => {
    const t = resource(stacks['same-staging-main-eu-west-2'], 'aws_drs_replication_configuration_template', 'replication_template');
    expect(t).toMatchObject({
      staging_area_subnet_id: '${aws_subnet.network_staging_a.id}',
      replication_servers_security_groups_ids: ['${aws_security_group.replication_replication_sg.id}'],
      associate_default_security_group: false,
      data_plane_routing: 'PRIVATE_IP',
      create_public_ip: false,
      replication_server_instance_type: 't3.small',
      default_large_staging_disk_type: 'GP3',
      bandwidth_throttling: 0,
      use_dedicated_replication_server: false,
      ebs_encryption: 'DEFAULT',
    });
    expect(t.ebs_encryption_key_arn).toBeUndefined();
    expect(t.pit_policy).toEqual([
      { enabled: true, interval: 10, retention_duration: 60, rule_id: 1, units: 'MINUTE' },
      { enabled: true, interval: 1, retention_duration: 24, rule_id: 2, units: 'HOUR' },
      { enabled: true, interval: 1, retention_duration: 7, rule_id: 3, units: 'DAY' },
    ]);
  });

  it('peers the source VPC with the staging VPC across regions, with routes and DNS on both sides', () => {
    const p = stacks['same-dublin-peering-main'];
    expect(p.provider.aws.map((x) => [x.alias ?? 'default', x.region, x.allowed_account_ids])).toEqual([
      ['default', 'eu-west-1', ['111111111111']],
      ['peer', 'eu-west-2', ['111111111111']],
    ]);
    const connection = resource(p, 'aws_vpc_peering_connection', 'peering_connection');
    expect(connection).toMatchObject({ peer_region: 'eu-west-2', auto_accept: false, vpc_id: '${data.terraform_remote_state.source_state.outputs.vpc_id}', peer_vpc_id: '${data.terraform_remote_state.peer_state.outputs.vpc_id}' });
    expect(connection.peer_owner_id).toBeUndefined();
    expect(resource(p, 'aws_vpc_peering_connection_accepter', 'peering_accepter')).toMatchObject({ provider: 'aws.peer', auto_accept: true });
    const routes = resources(p, 'aws_route').map((r) => [r.provider ?? 'aws', r.route_table_id, r.destination_cidr_block]);
    expect(routes).toEqual([
      ['aws.peer', '${data.terraform_remote_state.peer_state.outputs.route_table_id_endpoints}', '172.16.0.0/16'],
      ['aws.peer', '${data.terraform_remote_state.peer_state.outputs.route_table_id_recovery}', '172.16.0.0/16'],
      ['aws', '${data.terraform_remote_state.source_state.outputs.route_table_id_servers}', '10.0.0.0/16'],
      ['aws.peer', '${data.terraform_remote_state.peer_state.outputs.route_table_id_staging}', '172.16.0.0/16'],
    ]);
    expect(resources(p, 'aws_vpc_peering_connection_options')).toEqual([
      { provider: 'aws.peer', accepter: { allow_remote_vpc_dns_resolution: true }, vpc_peering_connection_id: '${aws_vpc_peering_connection_accepter.peering_accepter.id}' },
      { requester: { allow_remote_vpc_dns_resolution: true }, vpc_peering_connection_id: '${aws_vpc_peering_connection_accepter.peering_accepter.id}' },
    ]);
  });

  it('creates the source VPC and exposes what the peering stack reads', () => {
    const src = stacks['same-dublin-source'];
    expect(resource(src, 'aws_vpc', 'source_vpc')).toMatchObject({ cidr_block: '172.16.0.0/16' });
    expect(resources(src, 'aws_subnet').map((x) => x.cidr_block)).toEqual(['172.16.0.0/17', '172.16.128.0/17']);
    expect(Object.keys(src.output ?? {})).toEqual(expect.arrayContaining(['vpc_id', 'route_table_id_servers', 'source_instance_profile']));
    const staging = stacks['same-staging-main-eu-west-2'];
    for (const name of ['vpc_id', 'route_table_id_staging', 'route_table_id_recovery', 'route_table_id_endpoints', 'service_zone_id', 'endpoint_ids', 'service_endpoint_dns_name', 's3_endpoint_dns_name']) {
      expect(output(staging, name)).toBeDefined();
    }
  });

  it('gives the endpoints least-privilege policies', () => {
    const s = stacks['same-staging-main-eu-west-2'];
    const gateway = policy(resource(s, 'aws_vpc_endpoint', 'endpoints_s3_gateway').policy);
    expect(gateway.Statement).toEqual([
      {
        Sid: 'ReadDRSBuckets',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: [
          'arn:aws:s3:::aws-drs-clients-eu-west-2/*',
          'arn:aws:s3:::aws-drs-clients-hashes-eu-west-2/*',
          'arn:aws:s3:::aws-drs-internal-eu-west-2/*',
          'arn:aws:s3:::aws-drs-internal-hashes-eu-west-2/*',
          'arn:aws:s3:::aws-elastic-disaster-recovery-eu-west-2/*',
          'arn:aws:s3:::aws-elastic-disaster-recovery-hashes-eu-west-2/*',
          'arn:aws:s3:::al2023-repos-eu-west-2-de612dc2/*',
        ],
      },
    ]);
    expect(policy(resource(s, 'aws_vpc_endpoint', 'endpoints_s3_interface').policy)).toEqual(gateway);
    expect(policy(resource(s, 'aws_vpc_endpoint', 'endpoints_drs').policy).Statement).toEqual([
      { Sid: 'DRSApi', Effect: 'Allow', Principal: '*', Action: 'drs:*', Resource: '*' },
      { Sid: 'AgentSession', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-2:*:*/POST/CreateSessionForDrs' },
    ]);
  });
});

describe('a staging account that differs from the source account', () => {
  const { stacks } = synthFile(scenario('cross-account'));
  const peering = stacks['xacct-dublin-peering-staging'];

  it('requests peering with peer_owner_id and accepts it in the staging account', () => {
    expect(resource(peering, 'aws_vpc_peering_connection', 'peering_connection')).toMatchObject({ peer_owner_id: '222222222222', peer_region: 'eu-west-2' });
    expect(peering.provider.aws.map((p) => [p.alias ?? 'default', p.allowed_account_ids[0], p.assume_role?.[0]?.role_arn])).toEqual([
      ['default', '111111111111', 'arn:aws:iam::111111111111:role/terraform'],
      ['peer', '222222222222', undefined],
    ]);
  });

  it('authorizes the zone association in the staging account before associating from the source account', () => {
    expect(resource(peering, 'aws_route53_vpc_association_authorization', 'service_zone_authorization')).toMatchObject({ provider: 'aws.peer', vpc_region: 'eu-west-1' });
    expect(resource(peering, 'aws_route53_zone_association', 'service_zone_association').depends_on).toEqual(['aws_route53_vpc_association_authorization.service_zone_authorization']);
  });
});

describe('an adopted source VPC', () => {
  const { stacks, plan } = synthFile(scenario('adopted-vpc'));

  it('creates no source VPC and routes every adopted route table', () => {
    const source = stacks['adopted-frankfurt-source'];
    expect(source.resource.aws_vpc).toBeUndefined();
    const p = stacks['adopted-frankfurt-peering-staging'];
    expect(p.data?.terraform_remote_state?.source_state).toBeUndefined();
    expect(resource(p, 'aws_vpc_peering_connection', 'peering_connection').vpc_id).toBe('vpc-0abc12345def67890');
    const requesterRoutes = resources(p, 'aws_route').filter((r) => !r.provider).map((r) => [r.route_table_id, r.destination_cidr_block]);
    expect(requesterRoutes).toEqual([
      ['rtb-0aaa1111bbbb22223', '10.4.0.0/20'],
      ['rtb-0ccc3333dddd44445', '10.4.0.0/20'],
    ]);
    expect(plan.stacks.find((s) => s.name === 'adopted-frankfurt-peering-staging')?.dependsOn).toEqual(['adopted-staging-staging-eu-west-3']);
  });
});

describe('an MGN environment', () => {
  const { stacks } = synthFile(scenario('mgn'));
  const s = stacks['migrate-staging-landing-us-west-2'];

  it('uses the mgn endpoint and zone, no DRS template, and outputs the MGN commands instead', () => {
    expect(resource(s, 'aws_vpc_endpoint', 'endpoints_mgn')).toMatchObject({ service_name: 'com.amazonaws.us-west-2.mgn', private_dns_enabled: false });
    expect(resource(s, 'aws_route53_zone', 'service_zone_zone').name).toBe('mgn.us-west-2.amazonaws.com');
    expect(s.resource.aws_drs_replication_configuration_template).toBeUndefined();
    const commands: string = output(s, 'mgn_replication_settings_commands');
    expect(commands).toContain('aws mgn initialize-service --region us-west-2');
    expect(commands).toContain(
      [
        'aws mgn create-replication-configuration-template --region us-west-2 \\',
        '  --staging-area-subnet-id ${aws_subnet.network_staging_a.id} \\',
        '  --no-associate-default-security-group \\',
        '  --replication-servers-security-groups-ids ${aws_security_group.replication_replication_sg.id} \\',
        '  --replication-server-instance-type t3.small \\',
        '  --no-use-dedicated-replication-server \\',
        '  --default-large-staging-disk-type GP3 \\',
        '  --ebs-encryption CUSTOM --ebs-encryption-key-arn ${aws_kms_key.replication_key_key.arn} \\',
        '  --bandwidth-throttling 0 \\',
        '  --data-plane-routing PRIVATE_IP \\',
        '  --no-create-public-ip \\',
        '  --staging-area-tags \'{"Environment":"migrate","private-dr:staging":"migrate-staging-landing-us-west-2"}\'',
      ].join('\n'),
    );
    expect(policy(resource(s, 'aws_vpc_endpoint', 'endpoints_s3_gateway').policy).Statement[0].Resource).toContain('arn:aws:s3:::aws-application-migration-service-us-west-2/*');
  });
});

describe('determinism', () => {
  it('synthesizes the same file byte-identically twice', () => {
    const a = synthFile(path.resolve(__dirname, '..', 'envs', 'example.yaml'));
    const b = synthFile(path.resolve(__dirname, '..', 'envs', 'example.yaml'));
    const files = (dir: string) => fs.readdirSync(path.join(dir, 'stacks')).map((s) => path.join('stacks', s, 'cdk.tf.json')).concat('manifest.json');
    expect(files(a.outdir)).toEqual(files(b.outdir));
    for (const f of files(a.outdir)) expect(fs.readFileSync(path.join(a.outdir, f))).toEqual(fs.readFileSync(path.join(b.outdir, f)));
  });
});
