/** Issue 14: failback both ways, read from the synthesized Terraform JSON. */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { deriveReverseCidr, DERIVED_POOL } from '../plan/failback';
import { cidrOf, formatCidr, overlaps, contains } from '../net/cidr';
import { replicationRoleTrust } from '../constructs/identity/cross-account';
import { output, policy, resource, resources, scenario, synthFile, type Synthesized, type TfJson, tempDir } from './support/synth';
import { accepted, edited, problemsOf, validEnv } from './support/env';

const ingress = (stack: TfJson, sg: string, port: number) =>
  resources(stack, 'aws_vpc_security_group_ingress_rule')
    .filter((r) => r.security_group_id === `\${aws_security_group.${sg}.id}` && r.from_port === port)
    .map((r) => r.cidr_ipv4)
    .sort();
const egress = (stack: TfJson, sg: string) =>
  resources(stack, 'aws_vpc_security_group_egress_rule')
    .filter((r) => r.security_group_id === `\${aws_security_group.${sg}.id}`)
    .map((r) => `${r.from_port} ${r.cidr_ipv4 ?? r.referenced_security_group_id ?? r.prefix_list_id}`)
    .sort();
const routes = (stack: TfJson) => resources(stack, 'aws_route').map((r) => `${r.provider ?? 'aws'} ${r.route_table_id.replace(/.*outputs\./, '').replace(/}$/, '')} -> ${r.destination_cidr_block}`).sort();
const roleNames = (stack: TfJson) => resources(stack, 'aws_iam_role').map((r) => `${r.path}${r.name}`);

/** IAM is global: no role name twice in one account, whichever stacks create them. */
function expectUniqueRoles(s: Synthesized) {
  const byAccount = new Map<string, string[]>();
  for (const [name, stack] of Object.entries(s.stacks)) {
    const account: string = stack.provider.aws.find((p: any) => !p.alias)!.allowed_account_ids[0];
    byAccount.set(account, [...(byAccount.get(account) ?? []), ...roleNames(stack).map((r) => `${r} (${name})`)]);
  }
  for (const [account, roles] of byAccount) {
    const names = roles.map((r) => r.replace(/ \(.*$/, ''));
    expect({ account, duplicates: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ account, duplicates: [] });
  }
}

function synthObject(env: unknown): Synthesized {
  const dir = tempDir('private-dr-failback-');
  const file = path.join(dir, 'env.yaml');
  fs.writeFileSync(file, YAML.stringify(env));
  return synthFile(file);
}

describe('a same-account cross-region site', () => {
  const s = synthFile(scenario('same-account'));
  const reverse = s.stacks['same-staging-main-eu-west-1'];
  const recovery = s.stacks['same-staging-main-eu-west-2'];
  const failback = s.stacks['same-failback-main-eu-west-2-main-eu-west-1'];
  const reverseCidr = resource(reverse, 'aws_vpc', 'network_vpc').cidr_block;

  it('builds reverse staging in the source account and region: its own small VPC from 100.64.0.0/10', () => {
    expect(reverse.provider.aws[0]).toMatchObject({ region: 'eu-west-1', allowed_account_ids: ['111111111111'] });
    expect(contains(cidrOf(DERIVED_POOL), cidrOf(reverseCidr))).toBe(true);
    expect(cidrOf(reverseCidr).prefix).toBe(22);
    expect(resources(reverse, 'aws_subnet').map((x) => x.tags.Tier).sort()).toEqual(['endpoints', 'endpoints', 'staging', 'staging']);
    expect(resources(reverse, 'aws_vpc_endpoint').map((e) => `${e.service_name} ${e.vpc_endpoint_type}`).sort()).toEqual([
      'com.amazonaws.eu-west-1.drs Interface',
      'com.amazonaws.eu-west-1.ec2 Interface',
      'com.amazonaws.eu-west-1.s3 Gateway',
      'com.amazonaws.eu-west-1.s3 Interface',
    ]);
    expect(resource(reverse, 'aws_route53_zone', 'service_zone_zone').name).toBe('drs.eu-west-1.amazonaws.com');
    const template = resources(reverse, 'aws_drs_replication_configuration_template');
    expect(template).toHaveLength(1);
    expect(template[0]).toMatchObject({ staging_area_subnet_id: '${aws_subnet.network_staging_a.id}', create_public_ip: false, data_plane_routing: 'PRIVATE_IP' });
    expect(reverse.resource.aws_internet_gateway).toBeUndefined();
  });

  it('admits TCP 1500 to the reverse replication servers and 443 to the endpoints from the recovery subnets only', () => {
    const recoverySubnets = resources(recovery, 'aws_subnet').filter((x) => x.tags.Tier === 'recovery').map((x) => x.cidr_block).sort();
    expect(recoverySubnets).toEqual(['10.0.128.0/19', '10.0.96.0/19']);
    expect(ingress(reverse, 'replication_replication_sg', 1500)).toEqual(recoverySubnets);
    const own = resources(reverse, 'aws_subnet').filter((x) => x.tags.Tier === 'staging').map((x) => x.cidr_block);
    expect(ingress(reverse, 'endpoints_endpoints_sg', 443)).toEqual([...recoverySubnets, ...own].sort());
  });

  it('lets recovered instances out on 1500 and 443 to the reverse network, and 443 to their own endpoints', () => {
    expect(egress(recovery, 'failback_recovery_sg')).toEqual(
      [`1500 ${reverseCidr}`, `443 ${reverseCidr}`, '443 ${aws_security_group.endpoints_endpoints_sg.id}', '443 ${aws_vpc_endpoint.endpoints_s3_gateway.prefix_list_id}'].sort(),
    );
    expect(ingress(recovery, 'failback_recovery_sg', 1500)).toEqual([]);
    expect(output(recovery, 'failback_security_group_id')).toBe('${aws_security_group.failback_recovery_sg.id}');
    expect(resources(recovery, 'aws_vpc_endpoint').some((e) => e.service_name.endsWith('.sts'))).toBe(false);
  });

  it('peers the two VPCs with routes both ways and associates drs.eu-west-1.amazonaws.com with the recovery VPC', () => {
    expect(failback.provider.aws.map((p: any) => [p.alias ?? 'aws', p.region])).toEqual([['aws', 'eu-west-1'], ['peer', 'eu-west-2']]);
    expect(routes(failback)).toEqual(
      [`aws route_table_id_endpoints -> 10.0.0.0/16`, `aws route_table_id_staging -> 10.0.0.0/16`, `aws.peer route_table_id_recovery -> ${reverseCidr}`].sort(),
    );
    expect(resource(failback, 'aws_route53_zone_association', 'service_zone_association')).toMatchObject({
      provider: 'aws.peer',
      zone_id: '${data.terraform_remote_state.reverse_state.outputs.service_zone_id}',
      vpc_id: '${data.terraform_remote_state.recovery_state.outputs.vpc_id}',
      vpc_region: 'eu-west-2',
    });
    expect(failback.resource.aws_route53_vpc_association_authorization).toBeUndefined();
    expect(s.plan.failbacks[0].stack.dependsOn).toEqual(['same-staging-main-eu-west-1', 'same-staging-main-eu-west-2']);
  });

  it('outputs the reverse-replication and failback commands with both endpoints filled in', () => {
    expect(output(failback, 'failback_commands').dublin).toContain(
      'aws drs reverse-replication --recovery-instance-id "$RECOVERY_INSTANCE_ID" --region eu-west-2 --endpoint-url https://${data.terraform_remote_state.recovery_state.outputs.service_endpoint_dns_name}',
    );
    expect(output(failback, 'failback_commands').dublin).toContain(
      'aws drs start-recovery --source-servers sourceServerID="$REVERSED_SOURCE_SERVER_ID" --region eu-west-1 --endpoint-url https://${data.terraform_remote_state.reverse_state.outputs.service_endpoint_dns_name}',
    );
  });
});

describe('a site whose staging account differs from the source account', () => {
  const s = synthFile(scenario('cross-account'));
  const staging = s.stacks['xacct-staging-staging-eu-west-2'];
  const failback = s.stacks['xacct-failback-staging-eu-west-2-workloads-eu-west-1'];

  it('authorizes the zone association in the zone owner’s account and associates it in the recovery account', () => {
    const auth = resource(failback, 'aws_route53_vpc_association_authorization', 'service_zone_authorization');
    expect(auth.provider).toBeUndefined();
    expect(auth).toMatchObject({ vpc_region: 'eu-west-2', vpc_id: '${data.terraform_remote_state.recovery_state.outputs.vpc_id}' });
    expect(resource(failback, 'aws_route53_zone_association', 'service_zone_association')).toMatchObject({ provider: 'aws.peer', depends_on: ['aws_route53_vpc_association_authorization.service_zone_authorization'] });
    expect(resource(failback, 'aws_vpc_peering_connection', 'peering_connection').peer_owner_id).toBe('222222222222');
  });

  it('creates STS endpoints where cross-account calls happen: the recovery VPC and the source VPC', () => {
    expect(resource(staging, 'aws_vpc_endpoint', 'failback_sts')).toMatchObject({
      service_name: 'com.amazonaws.eu-west-2.sts',
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      security_group_ids: ['${aws_security_group.endpoints_endpoints_sg.id}'],
    });
    const source = s.stacks['xacct-dublin-source'];
    expect(resource(source, 'aws_vpc_endpoint', 'sts_endpoint')).toMatchObject({ service_name: 'com.amazonaws.eu-west-1.sts', private_dns_enabled: true });
    expect(ingress(source, 'sts_endpoint_sg', 443)).toEqual(['172.16.0.0/16']);
  });

  it('relies on the forward DRSCrossAccountReplicationRole pair for failback and never creates a role twice', () => {
    expect(roleNames(s.stacks['xacct-dublin-source'])).toContain('/service-role/DRSCrossAccountReplicationRole_222222222222');
    expect(roleNames(staging)).toContain('/service-role/DRSCrossAccountReplicationRole_111111111111');
    for (const stack of Object.values(s.stacks)) expect(Object.keys(stack.resource.aws_iam_role ?? {}).filter((k) => k.startsWith('failback_replication_role'))).toEqual([]);
    expectUniqueRoles(s);
  });
});

describe('a multi-staging site with a target account', () => {
  const s = synthFile(scenario('multi-staging'));
  const target = s.stacks['big-dublin-target'];
  const reverse = s.stacks['big-staging-workloads-eu-west-1'];
  const failback = s.stacks['big-failback-dublin-target-workloads-eu-west-1'];

  it('peers the target VPC (not the staging VPCs, which hold no recovery subnets) with the reverse network', () => {
    expect(s.plan.failbacks.map((f) => f.stack.name)).toEqual(['big-failback-dublin-target-workloads-eu-west-1']);
    expect(failback.provider.aws.map((p: any) => p.allowed_account_ids[0])).toEqual(['111111111111', '333333333333']);
    expect(routes(failback).filter((r) => r.startsWith('aws.peer'))).toEqual([`aws.peer route_table_id_recovery -> ${resource(reverse, 'aws_vpc', 'network_vpc').cidr_block}`]);
    expect(resource(failback, 'aws_route53_vpc_association_authorization', 'service_zone_authorization')).toBeDefined();
    for (const name of ['big-staging-staging-a-eu-west-2', 'big-staging-staging-b-eu-west-2']) expect(s.stacks[name].resource.aws_security_group.failback_recovery_sg).toBeUndefined();
  });

  it('gives both accounts DRSCrossAccountReplicationRole for the other (DRS failback roles), once each', () => {
    const inTarget = resource(target, 'aws_iam_role', 'failback_replication_role_111111111111');
    expect(inTarget).toMatchObject({ name: 'DRSCrossAccountReplicationRole_111111111111', path: '/service-role/' });
    expect(policy(inTarget.assume_role_policy)).toEqual(replicationRoleTrust('111111111111'));
    expect(resource(reverse, 'aws_iam_role', 'failback_replication_role_333333333333').name).toBe('DRSCrossAccountReplicationRole_333333333333');
    expect(resources(target, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toContain('arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryCrossAccountReplicationPolicy');
    expectUniqueRoles(s);
  });

  it('puts an STS endpoint and the failback security group in the target VPC', () => {
    expect(resource(target, 'aws_vpc_endpoint', 'failback_sts').service_name).toBe('com.amazonaws.eu-west-2.sts');
    expect(egress(target, 'failback_recovery_sg')).toContain(`1500 ${resource(reverse, 'aws_vpc', 'network_vpc').cidr_block}`);
    expect(ingress(reverse, 'replication_replication_sg', 1500)).toEqual(resources(target, 'aws_subnet').filter((x) => x.tags.Tier === 'recovery').map((x) => x.cidr_block).sort());
  });
});

describe('an on-prem site: the Failback Client path', () => {
  const s = synthFile(scenario('onprem-tgw'));
  const staging = s.stacks['tgw-staging-staging-eu-west-3'];

  it('opens exactly TCP 1500 from the on-prem ranges to recovery instances, which leave on 443 only', () => {
    expect(ingress(staging, 'failback_recovery_sg', 1500)).toEqual(['172.24.0.0/14', '192.168.0.0/16']);
    expect(resources(staging, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === '${aws_security_group.failback_recovery_sg.id}')).toHaveLength(2);
    expect(egress(staging, 'failback_recovery_sg')).toEqual(['443 ${aws_security_group.endpoints_endpoints_sg.id}', '443 ${aws_vpc_endpoint.endpoints_s3_gateway.prefix_list_id}']);
    // The recovery subnets already route home through the transit gateway.
    const home = resources(staging, 'aws_route').filter((r) => r.route_table_id === '${aws_route_table.network_recovery_routes.id}').map((r) => r.destination_cidr_block).sort();
    expect(home).toEqual(['172.24.0.0/14', '192.168.0.0/16']);
    expect(s.plan.failbacks).toEqual([]);
    expect(Object.keys(s.stacks)).toEqual(['tgw-staging-staging-eu-west-3']);
  });

  it('creates the failback-client role like the agent-installation role', () => {
    const role = resource(staging, 'aws_iam_role', 'failback_client_role');
    expect(role).toMatchObject({ name: 'tgw-drs-failback-client', path: '/private-dr/', max_session_duration: 3600 });
    expect(policy(role.assume_role_policy).Statement[0].Principal).toEqual({ AWS: ['arn:aws:iam::111111111111:role/DRInstallers'] });
    expect(resource(staging, 'aws_iam_role_policy_attachment', 'failback_client_role_policy').policy_arn).toBe('arn:aws:iam::aws:policy/AWSElasticDisasterRecoveryFailbackInstallationPolicy');
  });

  it('outputs the failback client commands with the endpoint, region and credentials', () => {
    const text: string = output(staging, 'failback_client_commands');
    expect(text).toContain('aws sts assume-role --region eu-west-3 --role-arn arn:aws:iam::222222222222:role/private-dr/tgw-drs-failback-client --role-session-name drs-failback-client --duration-seconds 3600');
    expect(text).toContain("'https://aws-elastic-disaster-recovery-eu-west-3.bucket.${replace(aws_vpc_endpoint.endpoints_s3_interface.dns_entry[0].dns_name, \"*.\", \"\")}/latest/failback_livecd/aws-failback-livecd-64bit.iso'");
    expect(text).toContain('region eu-west-3; the three values from step 1; custom endpoint ${aws_vpc_endpoint.endpoints_drs.dns_entry[0].dns_name}');
    expect(text).toContain('aws drs start-failback-launch --recovery-instance-ids "$RECOVERY_INSTANCE_ID" --region eu-west-3 --endpoint-url https://${aws_vpc_endpoint.endpoints_drs.dns_entry[0].dns_name}');
  });
});

describe('an account and region that is both forward and reverse staging', () => {
  const s = synthFile(scenario('failback-shared'));

  it('shares one network and one replication template per account and region', () => {
    const stagingStacks = Object.keys(s.stacks).filter((n) => n.startsWith('both-staging-'));
    expect(stagingStacks).toEqual(['both-staging-main-eu-west-1', 'both-staging-main-eu-west-2']);
    for (const name of stagingStacks) {
      expect(resources(s.stacks[name], 'aws_drs_replication_configuration_template')).toHaveLength(1);
      expect(resources(s.stacks[name], 'aws_vpc')).toHaveLength(1);
    }
    expect(resource(s.stacks['both-staging-main-eu-west-1'], 'aws_vpc', 'network_vpc').cidr_block).toBe('10.1.0.0/16');
  });

  it('admits the forward source and the other site’s recovery subnets on 1500', () => {
    expect(ingress(s.stacks['both-staging-main-eu-west-1'], 'replication_replication_sg', 1500)).toEqual(['10.0.128.0/19', '10.0.96.0/19', '172.17.0.0/16']);
    expect(ingress(s.stacks['both-staging-main-eu-west-2'], 'replication_replication_sg', 1500)).toEqual(['10.1.128.0/19', '10.1.96.0/19', '172.16.0.0/16']);
  });

  it('peers the pair once, serving both directions, with each zone associated with the other VPC', () => {
    expect(s.plan.failbacks).toHaveLength(1);
    const f = s.stacks['both-failback-main-eu-west-2-main-eu-west-1'];
    expect(resources(f, 'aws_vpc_peering_connection')).toHaveLength(1);
    expect(routes(f)).toEqual(
      ['endpoints', 'recovery', 'staging'].flatMap((t) => [`aws route_table_id_${t} -> 10.0.0.0/16`, `aws.peer route_table_id_${t} -> 10.1.0.0/16`]).sort(),
    );
    expect(resource(f, 'aws_route53_zone_association', 'service_zone_association')).toMatchObject({ provider: 'aws.peer', vpc_region: 'eu-west-2' });
    expect(resource(f, 'aws_route53_zone_association', 'back_zone_association')).toMatchObject({ vpc_region: 'eu-west-1', zone_id: '${data.terraform_remote_state.recovery_state.outputs.service_zone_id}' });
    const commands = output(f, 'failback_commands');
    expect(commands.dublin).toContain('--region eu-west-2 --endpoint-url https://${data.terraform_remote_state.recovery_state.outputs.service_endpoint_dns_name}');
    expect(commands.london).toContain('aws drs reverse-replication --recovery-instance-id "$RECOVERY_INSTANCE_ID" --region eu-west-1 --endpoint-url https://${data.terraform_remote_state.reverse_state.outputs.service_endpoint_dns_name}');
    expect(commands.london).toContain('--region eu-west-2 --endpoint-url https://${data.terraform_remote_state.recovery_state.outputs.service_endpoint_dns_name}');
  });
});

describe('failback: false removes exactly the failback resources', () => {
  const addresses = (s: Synthesized) =>
    new Map(Object.entries(s.stacks).flatMap(([stack, tf]) => Object.entries(tf.resource).flatMap(([type, rs]) => Object.entries(rs).map(([name, body]) => [`${stack} ${type}.${name}`, JSON.stringify({ ...body, '//': undefined })] as const))));
  for (const name of ['same-account', 'cross-account', 'multi-staging', 'onprem-tgw', 'mixed', 'failback-shared', 'adopted-vpc']) {
    it(name, () => {
      const raw = YAML.parse(fs.readFileSync(scenario(name), 'utf8'));
      const on = synthFile(scenario(name));
      const off = synthObject(edited(raw, (e) => e.sites.forEach((site: any) => (site.recovery.failback = false))));
      expect(off.plan.failbacks).toEqual([]);
      const a = addresses(on);
      const b = addresses(off);
      // Nothing else changes: every resource without failback is there, identical, with failback on,
      // but for the failback group that recovered instances' launch template also attaches.
      const withoutFailbackGroup = (body?: string) => body?.replace(/,"\$\{aws_security_group\.failback_recovery_sg\.id\}"/g, '');
      for (const [address, body] of b) expect([address, withoutFailbackGroup(a.get(address))]).toEqual([address, body]);
      // What failback adds: its stacks, the failback constructs, and the reverse sources' SG rules.
      const reverseRanges = new Set(on.plan.stagings.flatMap((st) => (st.reverse?.ranges ?? []).map((r) => `${st.stack.name} ${r.cidr.replace(/[./]/g, '_')}`)));
      const offStacks = new Set(Object.keys(off.stacks));
      const extra = [...a.keys()].filter((k) => !b.has(k));
      for (const address of extra) {
        const [stack, res] = address.split(' ');
        const isRule = /_sg_in_tcp(443|1500)_(.+)$/.exec(res);
        const ok = !offStacks.has(stack) || res.split('.')[1].startsWith('failback_') || (isRule !== null && reverseRanges.has(`${stack} ${isRule[2]}`));
        expect([address, ok]).toEqual([address, true]);
      }
      expect(extra.length).toBeGreaterThan(0);
    });
  }
});

describe('recovery.failbackCidr and the reverse network', () => {
  const pinned = edited(validEnv(), (e) => (e.sites[0].recovery.failbackCidr = '10.200.0.0/22'));

  it('uses a pinned range for the reverse staging VPC', () => {
    const s = synthObject(pinned);
    expect(resource(s.stacks['test-staging-workloads-eu-west-1'], 'aws_vpc', 'network_vpc').cidr_block).toBe('10.200.0.0/22');
  });

  it('refuses ranges that cannot work, naming the field and the fix', () => {
    const messages = (env: unknown) => problemsOf(env).map((p) => `${p.path}: ${p.message}`);
    expect(messages(edited(validEnv(), (e) => (e.sites[1].recovery.failbackCidr = '10.200.0.0/22')))).toEqual([
      'sites[1].recovery.failbackCidr: only AWS-hosted sites replicate back into a reverse staging VPC; remove failbackCidr (on-prem sites fail back with the Failback Client)',
    ]);
    expect(messages(edited(pinned, (e) => (e.sites[0].recovery.failback = false)))).toEqual(['sites[0].recovery.failbackCidr: failback is false for this site; remove failbackCidr or turn failback on']);
    expect(messages(edited(validEnv(), (e) => (e.sites[0].recovery.failbackCidr = '10.200.0.0/26')))[0]).toMatch(/needs a prefix from \/16 to \/23/);
    expect(messages(edited(validEnv(), (e) => (e.sites[0].recovery.failbackCidr = '10.0.0.0/20')))).toEqual([
      'sites[0].recovery.failbackCidr: 10.0.0.0/20 (the reverse staging VPC of "workloads" in eu-west-1, where recovered instances replicate back) overlaps the staging VPC of "staging-a" in eu-west-2 10.0.0.0/16; both are routed in one recovery VPC, so change one range, or set recovery.failback: false for the sites involved',
    ]);
    const shared = edited(validEnv(), (e) => {
      e.sites[0].recovery.failbackCidr = '10.200.0.0/22';
      e.sites.push({ name: 'back', source: { type: 'aws', account: 'staging-a', region: 'eu-west-2', vpc: { cidr: '172.20.0.0/16' } }, recovery: { region: 'eu-west-1', staging: [{ account: 'workloads', cidr: '10.5.0.0/16', servers: 10 }] } });
    });
    expect(messages(shared)).toEqual([
      'sites[0].recovery.failbackCidr: reverse replication shares the staging network of "workloads" in eu-west-1 (10.5.0.0/16, sites[2].recovery.staging[0].cidr): one replication template per account and region; remove failbackCidr or set it to 10.5.0.0/16',
    ]);
    const twoPins = edited(pinned, (e) => e.sites.push({ ...structuredClone(e.sites[0]), name: 'cork', source: { ...e.sites[0].source, vpc: { cidr: '172.18.0.0/16' } }, recovery: { ...e.sites[0].recovery, failbackCidr: '10.201.0.0/22', staging: [{ account: 'staging-b', cidr: '10.3.0.0/16', servers: 5 }] } }));
    expect(messages(twoPins)).toEqual([
      'sites[2].recovery.failbackCidr: sites[0].recovery.failbackCidr already sets the reverse staging VPC of "workloads" in eu-west-1 to 10.200.0.0/22; sites of one source account and region share it, so use the same value',
    ]);
  });

  it('derives a /22 of 100.64.0.0/10 that overlaps nothing taken, and the same one for the same account and region', () => {
    const pool = cidrOf(DERIVED_POOL);
    const anyCidr = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 28 })).map(([ip, p]) => formatCidr({ base: p === 0 ? 0 : ((ip >>> (32 - p)) << (32 - p)) >>> 0, prefix: p }));
    fc.assert(
      fc.property(fc.array(anyCidr.filter((c) => !contains(cidrOf(c), pool)), { maxLength: 30 }), fc.constantFrom('eu-west-1', 'us-east-1'), (taken, region) => {
        const got = deriveReverseCidr('111111111111', region, taken);
        expect(contains(pool, cidrOf(got))).toBe(true);
        expect(cidrOf(got).prefix).toBe(22);
        for (const t of taken) expect(overlaps(cidrOf(t), cidrOf(got))).toBe(false);
        expect(deriveReverseCidr('111111111111', region, taken)).toBe(got);
      }),
      { numRuns: 200 },
    );
  });
});

describe('npm run diagram shows the failback path', () => {
  it('draws the failback peering, reverse replication and the Failback Client', () => {
    const { planDiagram } = require('../plan/diagram') as typeof import('../plan/diagram');
    const text = planDiagram(synthFile(scenario('multi-staging')).plan);
    expect(text).toContain('tgt_dublin <-->|"failback peering"| stg_workloads_eu_west_1');
    expect(text).toContain('tgt_dublin -.->|"failback: reverse replication TCP 1500"| stg_workloads_eu_west_1');
    expect(text).toMatch(/stg_workloads_eu_west_1\["staging VPC 100\.\d+\.\d+\.0\/22<br\/>failback of: dublin<br\/>/);
    const onprem = planDiagram(synthFile(scenario('mixed')).plan);
    expect(onprem).toContain('onp_london_dc -.->|"failback client TCP 1500"| stg_staging_eu_west_2');
    expect(onprem).toContain('stg_staging_eu_west_2 <-->|"failback peering"| stg_workloads_eu_west_1');
  });
});

describe('ranges routed together through a reverse staging network', () => {
  it('refuses two recovery VPCs of the same range peered with one reverse network, and a recovery VPC overlapping its forward sources', () => {
    const messages = (env: unknown) => problemsOf(env).map((p) => `${p.path}: ${p.message}`);
    const twin = edited(validEnv(), (e) =>
      e.sites.push({ name: 'cork', source: { type: 'aws', account: 'workloads', region: 'eu-west-1', vpc: { cidr: '172.18.0.0/16' } }, recovery: { region: 'us-east-1', staging: [{ account: 'staging-b', cidr: '10.0.0.0/16', servers: 5 }] } }),
    );
    expect(messages(twin)).toEqual([
      'sites[0].recovery.failback: failback peers the staging VPC of "staging-b" in us-east-1 10.0.0.0/16 with the reverse staging VPC of "workloads" in eu-west-1, which already routes the staging VPC of "staging-a" in eu-west-2 10.0.0.0/16; ranges routed together must not overlap: change one, or set recovery.failback: false for the sites involved',
    ]);
    expect(accepted(edited(twin, (e) => (e.sites[2].recovery.failback = false))).sites).toHaveLength(3);
    const shared = edited(validEnv(), (e) =>
      e.sites.push({ name: 'back', source: { type: 'aws', account: 'staging-a', region: 'eu-west-2', vpc: { cidr: '10.0.0.0/16' } }, recovery: { region: 'eu-west-1', staging: [{ account: 'workloads', cidr: '10.5.0.0/16', servers: 10 }] } }),
    );
    expect(messages(shared).some((m) => m.includes('with the reverse staging network 10.5.0.0/16, which already routes the source range 10.0.0.0/16 of site "back"'))).toBe(true);
  });
});

describe('on-prem failback without the S3 interface endpoint (onprem-vgw: s3InterfaceEndpoint false)', () => {
  const s = synthFile(scenario('onprem-vgw'));
  const withClient = Object.values(s.stacks).filter((st) => st.output?.failback_client_commands);

  it('gives no download from a public S3 name, and says how to get the Failback Client', () => {
    expect(withClient.length).toBeGreaterThan(0);
    for (const st of withClient) {
      const text: string = output(st, 'failback_client_commands');
      expect(text).not.toMatch(/amazonaws\.com\/latest\/failback_livecd/);
      expect(text).not.toMatch(/^curl /m);
      expect(text).toContain('no S3 interface endpoint (replication.s3InterfaceEndpoint: false)');
      expect(text).toContain('s3://aws-elastic-disaster-recovery-');
    }
  });
});
