/**
 * Rules and ownership that keep a valid file from failing at apply: global IAM names, one VPN
 * gateway per VPC, one zone per adopted VPC, unique stack names across files, name lengths.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { planEnvironment } from '../plan/plan';
import { stackNameClashes } from '../plan/stack-names-unique';
import { accepted, edited, problemsOf, targetEnv, validEnv, type Json } from './support/env';
import { SCENARIOS, output, resources, synthFile, tempDir } from './support/synth';

function synthJson(env: Json) {
  const file = path.join(tempDir('private-dr-review-'), `${env.name}.yaml`);
  fs.writeFileSync(file, stringify(env));
  return synthFile(file);
}

/** Every (account, IAM role name) across all stacks of one synthesis. */
function roleOwners(stacks: ReturnType<typeof synthFile>['stacks']): string[] {
  return Object.values(stacks).flatMap((s) => resources(s, 'aws_iam_role').map((r) => `${s.provider.aws.find((p) => !p.alias)!.allowed_account_ids[0]} ${r.name}`));
}

describe('IAM is global: each role name exists once per account', () => {
  const files = [path.resolve(__dirname, '..', 'envs', 'example.yaml'), ...fs.readdirSync(SCENARIOS).map((f) => path.join(SCENARIOS, f))];
  it.each(files)('%s', (file) => {
    const owners = roleOwners(synthFile(file).stacks);
    expect(owners).toEqual([...new Set(owners)]);
  });

  it('when two accounts replicate into each other', () => {
    const env = edited(validEnv(), (e) => {
      e.name = 'swap';
      e.sites[1] = {
        name: 'reverse',
        source: { type: 'aws', account: 'staging-a', region: 'us-east-1', vpc: { cidr: '172.20.0.0/16' } },
        recovery: { region: 'us-west-2', staging: [{ account: 'workloads', cidr: '10.5.0.0/16', servers: 10 }] },
      };
    });
    const { stacks } = synthJson(env);
    const owners = roleOwners(stacks);
    expect(owners).toEqual([...new Set(owners)]);
    expect(owners).toContain('222222222222 DRSCrossAccountReplicationRole_111111111111');
    expect(owners).toContain('111111111111 DRSCrossAccountReplicationRole_222222222222');
  });

  it('creates the DRS service roles where any region of the account initializes DRS', () => {
    const env = edited(validEnv(), (e) => {
      e.sites[1].recovery.replication = { initializeService: true };
    });
    const plan = planEnvironment(accepted(env));
    const first = plan.stagings.find((s) => s.stack.region === 'eu-west-2')!;
    expect(first.accountIdentity?.initializeService).toBe(true);
    expect(plan.stagings.find((s) => s.stack.region === 'us-east-1')!.accountIdentity).toBeUndefined();
  });
});

describe('rules found in review', () => {
  it('refuses a VPN gateway for a site with several staging VPCs or a target', () => {
    const env = edited(targetEnv(), (e) => {
      e.sites[0] = { ...e.sites[0], source: { type: 'onprem', cidrs: ['192.168.0.0/16'], vpnGatewayId: 'vgw-0123456789abcdef0' } };
      e.sites.pop();
    });
    expect(problemsOf(env)).toEqual([
      { path: 'sites[0].source.vpnGatewayId', message: 'a virtual private gateway attaches to one VPC, but this site needs 3 (its staging and target VPCs); use transitGatewayId' },
    ]);
  });

  it('refuses one VPN gateway for two sites in different staging VPCs', () => {
    const env = edited(validEnv(), (e) => {
      e.sites[0] = { name: 'lyon', source: { type: 'onprem', cidrs: ['172.20.0.0/16'], vpnGatewayId: 'vgw-0123456789abcdef0' }, recovery: e.sites[0].recovery };
      e.sites[1].source = { type: 'onprem', cidrs: ['192.168.0.0/16'], vpnGatewayId: 'vgw-0123456789abcdef0' };
      e.sites[1].recovery.staging[0].account = 'staging-b';
    });
    expect(problemsOf(env)).toEqual([
      { path: 'sites[1].source.vpnGatewayId', message: 'vgw-0123456789abcdef0 is already attached for sites[0] to another staging VPC; a virtual private gateway attaches to one VPC: use transitGatewayId' },
    ]);
  });

  it('refuses the same adopted VPC in two sites', () => {
    const adopt = { id: 'vpc-0abc12345def67890', cidr: '172.16.0.0/16', routeTableIds: ['rtb-0abc12345def67890'] };
    const env = edited(validEnv(), (e) => {
      e.sites[0].source.vpc = adopt;
      e.sites[1] = { name: 'dublin-2', source: { ...e.sites[0].source, vpc: adopt }, recovery: { region: 'us-east-1', staging: [{ account: 'staging-b', cidr: '10.1.0.0/16', servers: 5 }] } };
    });
    expect(problemsOf(env)).toEqual([
      { path: 'sites[1].source.vpc.id', message: 'vpc-0abc12345def67890 is already the source VPC of sites[0]; describe each source VPC once, with all of its staging accounts' },
    ]);
  });

  it('refuses a role ARN of another account', () => {
    const env = edited(validEnv(), (e) => (e.accounts.workloads.roleArn = 'arn:aws:iam::999999999999:role/terraform'));
    expect(problemsOf(env)).toEqual([
      { path: 'accounts.workloads.roleArn', message: 'is a role in account 999999999999, not in 111111111111 (accounts.workloads.id); use a role of that account' },
    ]);
  });

  it('refuses names that make IAM names longer than 64 characters', () => {
    const env = edited(validEnv(), (e) => (e.sites[0].name = 'a-very-long-site-name-that-keeps-going-and-going-on'));
    expect(problemsOf(env)).toEqual([
      { path: 'sites[0].name', message: 'makes the instance profile name test-a-very-long-site-name-that-keeps-going-and-going-on-drs-source longer than 64 characters; shorten the site name (or the environment name) by 3' },
    ]);
  });

  it('refuses initializeService with mgn', () => {
    const env = edited(validEnv(), (e) => {
      e.service = 'mgn';
      e.replication = { initializeService: true };
    });
    expect(problemsOf(env)).toEqual([
      { path: 'replication.initializeService', message: 'is DRS-only; with service: mgn the staging stacks output the aws mgn initialize-service command instead: remove it' },
    ]);
  });

  it('refuses sts principals other than assumed roles', () => {
    const env = edited(validEnv(), (e) => (e.agentInstall.principals = ['arn:aws:sts::111111111111:role/x']));
    expect(problemsOf(env)).toEqual([
      { path: 'agentInstall.principals[0]', message: 'must be an IAM principal ARN such as arn:aws:iam::111111111111:role/DRInstallers' },
    ]);
    expect(accepted(edited(validEnv(), (e) => (e.agentInstall.principals = ['arn:aws:sts::111111111111:assumed-role/DR/alice'])))).toBeDefined();
  });

  it('finds stack names two environments would share', () => {
    const a = planEnvironment(accepted(edited(validEnv(), (e) => { e.name = 'prod'; e.sites[0].name = 'eu-a'; })));
    const b = planEnvironment(accepted(edited(validEnv(), (e) => { e.name = 'prod-eu'; e.sites[0].name = 'a'; })));
    const errors = stackNameClashes([{ file: 'prod.yaml', plan: a }, { file: 'prod-eu.yaml', plan: b }]);
    expect(errors.map((e) => [e.file, e.problems])).toEqual([
      [
        'prod-eu.yaml',
        ['prod-eu-a-source', 'prod-eu-a-peering-staging-a'].map((stack) => ({
          path: 'name',
          message: `the stack ${stack} would also be a stack of environment "prod"; rename this environment or the site so that stack names stay unique`,
        })),
      ],
    ]);
    expect(stackNameClashes([{ file: 'prod.yaml', plan: a }])).toEqual([]);
  });
});

describe('outputs found in review', () => {
  it('gives a target VPC routed through a transit gateway its attachment output', () => {
    const env = edited(targetEnv(), (e) => {
      e.sites[0].source = { type: 'onprem', cidrs: ['192.168.0.0/16'], transitGatewayId: 'tgw-0123456789abcdef0' };
      e.sites.pop();
    });
    const { stacks } = synthJson(env);
    expect(output(stacks['test-dublin-target'], 'on_prem_attachments')).toEqual({
      'tgw-0123456789abcdef0': '${aws_ec2_transit_gateway_vpc_attachment.on_prem_tgw_0123456789abcdef0.id}',
    });
  });

  it('never gives MGN installs --account-id (a DRS flag)', () => {
    const { stacks } = synthFile(path.join(SCENARIOS, 'mgn.yaml'));
    const outputs = stacks['migrate-staging-landing-us-west-2'].output ?? {};
    const commands = (text: string) => text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    for (const k of Object.keys(outputs).filter((k) => k.startsWith('agent_install_'))) expect(commands(outputs[k].value)).not.toContain('--account-id');
  });
});
