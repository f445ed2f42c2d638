/**
 * Every reason the contract (shared/spec/environment-file.md, "What a file must be refused for")
 * and config/rules/ give for refusing a file, each with the exact problem a user sees: the path
 * of the offending field and what would be valid. Then the commands: a refused file exits 1,
 * prints its problems without a stack trace and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { App } from 'cdktf';
import { stringify } from 'yaml';
import { loadEnvironments, parseYaml } from '../config/load';
import { REGION_NAMES } from '../catalog/regions';
import { planEnvironment } from '../plan/plan';
import { buildStacks } from '../stacks/build';
import { accepted, edited, problemsOf, targetEnv, validEnv, type Json } from './support/env';
import { tempDir } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const tmp = () => tempDir('private-dr-validation-');

/** validEnv() with the on-prem site recovering into the AWS site's staging network (staging-a in eu-west-2). */
const shared = (edit: (e: Json) => void = () => {}) =>
  edited(validEnv(), (e) => {
    e.sites[1].recovery.region = 'eu-west-2';
    e.sites[1].recovery.staging[0].cidr = '10.0.0.0/16';
    edit(e);
  });

describe('the builders', () => {
  it('give valid environments', () => {
    expect(accepted(validEnv()).name).toBe('test');
    expect(accepted(targetEnv()).sites[0].recovery.target).toBe('recovery');
    expect(accepted(shared()).sites).toHaveLength(2);
  });
});

describe('overlapping CIDRs', () => {
  it('refuses a staging VPC overlapping the source VPC of its site', () => {
    const problems = problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].cidr = '172.16.0.0/16')));
    expect(problems).toEqual([
      {
        path: 'sites[0].recovery.staging[0].cidr',
        message: '172.16.0.0/16 overlaps the source VPC of site "dublin" 172.16.0.0/16 (sites[0].source.vpc.cidr); ranges routed together must not overlap',
      },
    ]);
  });

  it('refuses a staging VPC overlapping an on-prem range of its site', () => {
    const problems = problemsOf(edited(validEnv(), (e) => (e.sites[1].recovery.staging[0].cidr = '192.168.0.0/20')));
    expect(problems).toEqual([
      {
        path: 'sites[1].recovery.staging[0].cidr',
        message: '192.168.0.0/20 overlaps the on-prem range of site "paris-dc" 192.168.0.0/16 (sites[1].source.cidrs[0]); ranges routed together must not overlap',
      },
    ]);
  });

  it('refuses two staging VPCs of one site that overlap', () => {
    const problems = problemsOf(edited(targetEnv(), (e) => (e.sites[0].recovery.staging[1].cidr = '10.0.0.0/17')));
    expect(problems).toEqual([
      {
        path: 'sites[0].recovery.staging[1].cidr',
        message: '10.0.0.0/17 overlaps the staging VPC of "staging-a" 10.0.0.0/16 (sites[0].recovery.staging[0].cidr); ranges routed together must not overlap',
      },
    ]);
  });

  it('refuses on-prem ranges of one site that overlap each other', () => {
    const problems = problemsOf(edited(validEnv(), (e) => (e.sites[1].source.cidrs = ['192.168.0.0/16', '192.168.4.0/24'])));
    expect(problems).toEqual([
      {
        path: 'sites[1].source.cidrs[1]',
        message: '192.168.4.0/24 overlaps the on-prem range of site "paris-dc" 192.168.0.0/16 (sites[1].source.cidrs[0]); ranges routed together must not overlap',
      },
    ]);
  });

  it('refuses overlapping source ranges of two sites that share a staging network', () => {
    const problems = problemsOf(shared((e) => (e.sites[1].source.cidrs = ['172.16.5.0/24'])));
    expect(problems).toEqual([
      {
        path: 'sites[1].source.cidrs[0]',
        message: '172.16.5.0/24 overlaps the source VPC of site "dublin" 172.16.0.0/16 (sites[0].source.vpc.cidr); both sites share the staging network of "staging-a" in eu-west-2, so their source ranges must not overlap',
      },
    ]);
  });

  it('accepts overlapping source ranges of sites that share no staging network', () => {
    accepted(edited(validEnv(), (e) => (e.sites[1].source.cidrs = ['172.16.0.0/16'])));
  });

  it('refuses a targetCidr overlapping the site\'s other ranges', () => {
    const problems = problemsOf(edited(targetEnv(), (e) => (e.sites[0].recovery.targetCidr = '10.2.0.0/20')));
    expect(problems).toEqual([
      {
        path: 'sites[0].recovery.targetCidr',
        message: '10.2.0.0/20 overlaps the staging VPC of "staging-b" 10.2.0.0/16 (sites[0].recovery.staging[1].cidr); ranges routed together must not overlap',
      },
    ]);
    expect(problemsOf(edited(targetEnv(), (e) => (e.sites[0].recovery.targetCidr = '172.16.0.0/16')))).toEqual([
      {
        path: 'sites[0].recovery.targetCidr',
        message: '172.16.0.0/16 overlaps the source VPC of site "dublin" 172.16.0.0/16 (sites[0].source.vpc.cidr); ranges routed together must not overlap',
      },
    ]);
  });
});

describe('CIDR syntax and sizes', () => {
  it('refuses host bits, with the network address that was probably meant', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].cidr = '10.0.0.1/16')))).toEqual([
      { path: 'sites[0].recovery.staging[0].cidr', message: '"10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[1].source.cidrs = ['192.168.1.0/16'])))).toContainEqual({
      path: 'sites[1].source.cidrs[0]',
      message: '"192.168.1.0/16" has host bits set; did you mean 192.168.0.0/16?',
    });
  });

  it('refuses an octet over 255 and a text that is no CIDR', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].cidr = '10.0.0.300/16')))).toEqual([
      { path: 'sites[0].recovery.staging[0].cidr', message: '"10.0.0.300/16" is not an IPv4 CIDR such as 10.0.0.0/16' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.vpc.cidr = '172.16.0.0')))).toEqual([
      { path: 'sites[0].source.vpc.cidr', message: 'must be an IPv4 CIDR such as 10.0.0.0/16' },
    ]);
  });

  it('refuses a staging VPC too small to carve its subnets, naming the minimum prefix', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].cidr = '10.0.0.0/24')))).toEqual([
      {
        path: 'sites[0].recovery.staging[0].cidr',
        message: '10.0.0.0/24: a staging VPC is too small to carve its staging, recovery and endpoint subnets in up to 3 AZs; the minimum is a /23 (use a prefix from /16 to /23)',
      },
    ]);
    accepted(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].cidr = '10.0.0.0/23')));
  });

  it('refuses a target VPC too small to carve its subnets', () => {
    expect(problemsOf(edited(targetEnv(), (e) => (e.sites[0].recovery.targetCidr = '10.9.0.0/25')))).toEqual([
      {
        path: 'sites[0].recovery.targetCidr',
        message: '10.9.0.0/25: a target VPC is too small to carve its staging, recovery and endpoint subnets in up to 3 AZs; the minimum is a /23 (use a prefix from /16 to /23)',
      },
    ]);
  });

  it('refuses VPCs larger than AWS allows', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].cidr = '10.0.0.0/8')))).toEqual([
      { path: 'sites[0].recovery.staging[0].cidr', message: '10.0.0.0/8 is larger than AWS allows for a VPC; use a prefix from /16 to /23' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.vpc.cidr = '172.0.0.0/8')))).toEqual([
      { path: 'sites[0].source.vpc.cidr', message: '172.0.0.0/8 is larger than AWS allows for a VPC; use a prefix from /16 to /27' },
    ]);
  });

  it('refuses a source VPC smaller than AWS allows, and a created one too small to split in two subnets', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.vpc.cidr = '172.16.0.0/28')))).toEqual([
      { path: 'sites[0].source.vpc.cidr', message: "172.16.0.0/28: a source VPC created here is split into two subnets in two AZs, and AWS's smallest subnet is a /28 (use a prefix from /16 to /27)" },
    ]);
    const adopt = (cidr: string) =>
      edited(validEnv(), (e) => {
        e.sites[0].source.vpc = { id: 'vpc-0abc12345def67890', cidr, routeTableIds: ['rtb-0abc12345def67890'] };
      });
    expect(accepted(adopt('172.16.0.0/28')).sites[0].source).toMatchObject({ vpc: { cidr: '172.16.0.0/28' } });
    expect(problemsOf(adopt('172.16.0.0/29'))).toEqual([
      { path: 'sites[0].source.vpc.cidr', message: '172.16.0.0/29: AWS allows VPCs up to /28 (use a prefix from /16 to /28)' },
    ]);
  });
});

describe('sites sharing a staging account and region', () => {
  it('refuses different cidrs for the shared staging VPC', () => {
    expect(problemsOf(shared((e) => (e.sites[1].recovery.staging[0].cidr = '10.1.0.0/16')))).toEqual([
      {
        path: 'sites[1].recovery.staging[0].cidr',
        message: '10.1.0.0/16 differs from 10.0.0.0/16 that site "dublin" gives the same staging account "staging-a" in eu-west-2; sites sharing a staging account and region share one staging VPC, so use 10.0.0.0/16',
      },
    ]);
  });

  it('refuses replication settings that disagree', () => {
    expect(problemsOf(shared((e) => (e.sites[1].recovery.replication = { pitRetentionDays: 9 })))).toEqual([
      {
        path: 'sites[1].recovery.replication.pitRetentionDays',
        message: '9 disagrees with 7 of site "dublin", which shares the staging account "staging-a" in eu-west-2 (one replication template per account and region); make them equal',
      },
    ]);
  });

  it('accepts a per-site override that agrees with the shared settings', () => {
    accepted(shared((e) => (e.sites[1].recovery.replication = { pitRetentionDays: 7, stagingDiskType: 'GP3' })));
  });

  it('refuses more servers, summed, than the service allows', () => {
    const env = shared((e) => {
      e.sites[0].recovery.staging[0].servers = 200;
      e.sites[1].recovery.staging[0].servers = 150;
    });
    expect(problemsOf(env)).toEqual([
      {
        path: 'sites[1].recovery.staging[0].servers',
        message: 'sites sharing staging account "staging-a" in eu-west-2 add up to 350 servers (dublin 200, paris-dc 150), over the drs limit of 300; these sites need at least 2 staging accounts there',
      },
    ]);
  });

  it('refuses two different virtual private gateways for one staging VPC', () => {
    const env = validEnv();
    env.sites[1].source = { type: 'onprem', cidrs: ['192.168.0.0/16'], vpnGatewayId: 'vgw-0123456789abcdef0' };
    env.sites.push({
      name: 'lyon-dc',
      source: { type: 'onprem', cidrs: ['192.169.0.0/16'], vpnGatewayId: 'vgw-0123456789abcdef1' },
      recovery: { region: 'us-east-1', staging: [{ account: 'staging-a', cidr: '10.1.0.0/16', servers: 1 }] },
    });
    expect(problemsOf(env)).toEqual([
      {
        path: 'sites[2].source.vpnGatewayId',
        message: 'vgw-0123456789abcdef1 differs from vgw-0123456789abcdef0 of site "paris-dc", which shares the staging VPC of "staging-a" in us-east-1; a VPC attaches to one virtual private gateway, so use the same one or a transit gateway',
      },
    ]);
    env.sites[2].source.vpnGatewayId = 'vgw-0123456789abcdef0';
    accepted(env);
  });

  it('refuses dedicated replication servers that do not fit the staging subnet', () => {
    const env = edited(validEnv(), (e) => {
      e.replication = { dedicatedServers: true };
      e.sites[0].recovery.staging[0].cidr = '10.0.0.0/23';
      e.sites[0].recovery.staging[0].servers = 60;
    });
    expect(problemsOf(env)).toEqual([
      {
        path: 'sites[0].recovery.staging[0].cidr',
        message: '10.0.0.0/23 leaves 59 addresses in its staging subnet, fewer than the 60 dedicated replication servers planned; use a larger staging VPC',
      },
    ]);
    env.sites[0].recovery.staging[0].servers = 59;
    accepted(env);
  });
});

describe('regions', () => {
  it('refuses recovery.region equal to source.region', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.region = 'eu-west-1')))).toEqual([
      { path: 'sites[0].recovery.region', message: 'must differ from source.region (eu-west-1); DR recovers into another region' },
    ]);
  });

  it('refuses a region that is not an AWS commercial region, listing the valid ones', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.region = 'cn-north-1')))).toEqual([
      { path: 'sites[0].recovery.region', message: `"cn-north-1" is not an AWS commercial region; use one of: ${REGION_NAMES.join(', ')}` },
    ]);
  });

  it('refuses more availability zones than the region gives new accounts', () => {
    const env = edited(validEnv(), (e) => {
      e.sites[0].recovery.region = 'us-west-1';
      e.sites[0].recovery.availabilityZones = 3;
    });
    expect(problemsOf(env)).toEqual([
      { path: 'sites[0].recovery.availabilityZones', message: 'us-west-1 gives new accounts 2 availability zones; use at most 2' },
    ]);
  });

  it('refuses an availability zone count other than 2 or 3', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.availabilityZones = 4)))).toEqual([
      { path: 'sites[0].recovery.availabilityZones', message: 'must be 2 or 3' },
    ]);
  });
});

describe('accounts', () => {
  it('refuses an account id that is not 12 digits, and an unquoted one', () => {
    const message = 'must be a 12-digit AWS account id, quoted in YAML ("012345678901")';
    expect(problemsOf(edited(validEnv(), (e) => (e.accounts.workloads.id = '12345')))).toEqual([{ path: 'accounts.workloads.id', message }]);
    expect(problemsOf(edited(validEnv(), (e) => (e.accounts.workloads.id = 111111111111)))).toEqual([{ path: 'accounts.workloads.id', message }]);
  });

  it('refuses an alias that accounts does not define, wherever it is used', () => {
    const defined = 'defined: workloads, staging-a, staging-b, recovery';
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.account = 'nope')))).toEqual([
      { path: 'sites[0].source.account', message: `account alias "nope" is not defined under accounts; ${defined}` },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[1].recovery.staging[0].account = 'stagin-a')))).toEqual([
      { path: 'sites[1].recovery.staging[0].account', message: `account alias "stagin-a" is not defined under accounts; ${defined}` },
    ]);
    expect(problemsOf(edited(targetEnv(), (e) => (e.sites[0].recovery.target = 'recover')))).toEqual([
      { path: 'sites[0].recovery.target', message: `account alias "recover" is not defined under accounts; ${defined}` },
    ]);
  });

  it('refuses two aliases for one account id', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.accounts['staging-b'].id = '222222222222')))).toEqual([
      { path: 'accounts.staging-b.id', message: '222222222222 is already the id of "staging-a"; give each account one alias' },
    ]);
  });

  it('refuses a backend bucket name shorter than S3 allows', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.backend = { type: 's3', bucket: 'b', region: 'eu-west-1' })))).toEqual([
      { path: 'backend.bucket', message: 'must be 3 to 63 characters long (S3 bucket naming rules)' },
    ]);
  });

  it('refuses a role ARN that is not an IAM role', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.accounts.workloads.roleArn = 'arn:aws:iam::111111111111:user/terraform')))).toEqual([
      { path: 'accounts.workloads.roleArn', message: 'must be an IAM role ARN: arn:aws:iam::<12 digits>:role/<name>' },
    ]);
  });

  it('refuses an account alias that is not a name', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.accounts.Staging_C = { id: '555555555555' })))).toEqual([
      { path: 'accounts.Staging_C', message: 'an account alias must match [a-z][a-z0-9-]* (lower case, digits, dashes; starts with a letter)' },
    ]);
  });
});

describe('servers', () => {
  it('refuses more servers in one staging account than drs allows, with the accounts needed', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].servers = 700)))).toEqual([
      {
        path: 'sites[0].recovery.staging[0].servers',
        message: '700 servers exceed the drs limit of 300 replicating servers per account and region; spread them over at least 3 staging accounts',
      },
    ]);
    accepted(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].servers = 300)));
  });

  it('uses the mgn limit of 150 for mgn', () => {
    expect(problemsOf(edited(validEnv(), (e) => ((e.service = 'mgn'), (e.sites[0].recovery.staging[0].servers = 151))))).toEqual([
      {
        path: 'sites[0].recovery.staging[0].servers',
        message: '151 servers exceed the mgn limit of 150 replicating servers per account and region; spread them over at least 2 staging accounts',
      },
    ]);
  });

  it('refuses zero and non-numeric server counts', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].servers = 0)))).toEqual([
      { path: 'sites[0].recovery.staging[0].servers', message: 'must be at least 1' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].servers = '3')))).toEqual([
      { path: 'sites[0].recovery.staging[0].servers', message: 'must be the number of replicating source servers planned in this account' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => delete e.sites[0].recovery.staging[0].servers))).toEqual([
      { path: 'sites[0].recovery.staging[0].servers', message: 'is required (a number)' },
    ]);
  });

  it('refuses a staging account listed twice in one site, once', () => {
    const env = edited(validEnv(), (e) => e.sites[0].recovery.staging.push({ account: 'staging-a', cidr: '10.5.0.0/16', servers: 3 }));
    expect(problemsOf(env)).toEqual([
      { path: 'sites[0].recovery.staging[1].account', message: '"staging-a" is already staging[0] of this site; list each staging account once and add up its servers' },
    ]);
  });
});

describe('target accounts', () => {
  it('refuses a target while replication.encryption is default', () => {
    expect(problemsOf(edited(targetEnv(), (e) => delete e.replication))).toEqual([
      { path: 'sites[0].recovery.target', message: 'needs replication.encryption: cmk; with the default EBS key the target account cannot read the staging snapshots' },
    ]);
  });

  it('accepts a per-site cmk override for the target', () => {
    accepted(edited(targetEnv(), (e) => {
      delete e.replication;
      e.sites[0].recovery.replication = { encryption: 'cmk' };
    }));
  });

  it('refuses target without targetCidr', () => {
    expect(problemsOf(edited(targetEnv(), (e) => delete e.sites[0].recovery.targetCidr))).toEqual([
      { path: 'sites[0].recovery.targetCidr', message: 'is required with target: the CIDR of the private recovery VPC in the target account, e.g. 10.9.0.0/16' },
    ]);
  });

  it('refuses targetCidr without target', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.targetCidr = '10.9.0.0/16')))).toEqual([
      { path: 'sites[0].recovery.targetCidr', message: 'only applies with target: name the target account, or remove targetCidr' },
    ]);
  });

  it('refuses a target that is also a staging account of the site', () => {
    expect(problemsOf(edited(targetEnv(), (e) => (e.sites[0].recovery.target = 'staging-a')))).toEqual([
      {
        path: 'sites[0].recovery.target',
        message: '"staging-a" is also a staging account of this site; the target must be a separate account that recovers from the staging accounts',
      },
    ]);
  });

  it('refuses a target with mgn', () => {
    expect(problemsOf(edited(targetEnv(), (e) => (e.service = 'mgn')))).toEqual([
      { path: 'sites[0].recovery.target', message: 'target accounts are a DRS feature (trusted staging accounts); remove target or use service: drs' },
    ]);
  });
});

describe('sources', () => {
  const gateways = 'an onprem source needs exactly one of transitGatewayId or vpnGatewayId';

  it('refuses onprem without cidrs, or with an empty list', () => {
    expect(problemsOf(edited(validEnv(), (e) => delete e.sites[1].source.cidrs))).toEqual([{ path: 'sites[1].source.cidrs', message: 'is required (a list)' }]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[1].source.cidrs = [])))).toEqual([
      { path: 'sites[1].source.cidrs', message: 'needs at least one CIDR where the source servers live' },
    ]);
  });

  it('refuses onprem with both or neither of transitGatewayId / vpnGatewayId', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[1].source.vpnGatewayId = 'vgw-0123456789abcdef0')))).toEqual([
      { path: 'sites[1].source', message: `${gateways} (found both): it is how staging VPCs route back on premises` },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => delete e.sites[1].source.transitGatewayId))).toEqual([
      { path: 'sites[1].source', message: `${gateways} (found neither): it is how staging VPCs route back on premises` },
    ]);
  });

  it('refuses DNS servers outside the on-prem ranges', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[1].source.dnsServers = ['192.168.10.10', '10.200.0.1'])))).toEqual([
      {
        path: 'sites[1].source.dnsServers[1]',
        message: '10.200.0.1 is outside source.cidrs (192.168.0.0/16); answers could not route back to it: add its range to cidrs',
      },
    ]);
  });

  it('refuses aws without account, region or vpc.cidr', () => {
    expect(problemsOf(edited(validEnv(), (e) => delete e.sites[0].source.account))).toEqual([{ path: 'sites[0].source.account', message: 'is required (a string)' }]);
    expect(problemsOf(edited(validEnv(), (e) => delete e.sites[0].source.region))).toEqual([
      { path: 'sites[0].source.region', message: `is required (one of: ${REGION_NAMES.join(', ')})` },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => delete e.sites[0].source.vpc.cidr))).toEqual([{ path: 'sites[0].source.vpc.cidr', message: 'is required (a string)' }]);
    expect(problemsOf(edited(validEnv(), (e) => delete e.sites[0].source.vpc))).toEqual([{ path: 'sites[0].source.vpc', message: 'is required (a mapping)' }]);
  });

  it('refuses an adopted vpc.id without routeTableIds', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.vpc.id = 'vpc-0abc12345def67890')))).toEqual([
      {
        path: 'sites[0].source.vpc.routeTableIds',
        message: 'is required with vpc.id: list the route tables of vpc-0abc12345def67890 that must route to the staging VPCs',
      },
    ]);
  });

  it('refuses routeTableIds without vpc.id', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.vpc.routeTableIds = ['rtb-0abc12345def67890'])))).toEqual([
      { path: 'sites[0].source.vpc.routeTableIds', message: 'only applies to an adopted VPC: add vpc.id, or remove routeTableIds to create the VPC' },
    ]);
  });

  it('refuses a source type that is neither aws nor onprem, or none', () => {
    const message = 'source.type must be one of: aws, onprem';
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.type = 'azure')))).toEqual([{ path: 'sites[0].source.type', message }]);
    expect(problemsOf(edited(validEnv(), (e) => delete e.sites[0].source.type))).toEqual([{ path: 'sites[0].source.type', message }]);
  });
});

describe('names, identity and other fields', () => {
  it('refuses duplicate site names', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[1].name = 'dublin')))).toEqual([
      { path: 'sites[1].name', message: '"dublin" is already the name of sites[0]; site names must be unique' },
    ]);
  });

  it('refuses a name that cannot prefix stack names, and a bad file name stem without name:', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.name = 'Prod')))).toEqual([
      { path: 'name', message: 'name must match [a-z][a-z0-9-]* (lower case, digits, dashes; starts with a letter)' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => delete e.name), 'My_Env')).toEqual([
      { path: 'name', message: 'the file name "My_Env" is not a valid environment name ([a-z][a-z0-9-]*); add name: to the file or rename it' },
    ]);
    expect(accepted(edited(validEnv(), (e) => delete e.name), 'prod-eu').name).toBe('prod-eu');
  });

  it('refuses an agentInstall principal that is not an IAM ARN', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.agentInstall.principals = [e.agentInstall.principals[0], 'DRInstallers'])))).toEqual([
      { path: 'agentInstall.principals[1]', message: 'must be an IAM principal ARN such as arn:aws:iam::111111111111:role/DRInstallers' },
    ]);
  });

  it('refuses a missing agentInstall, no principals and sessions outside 900..43200 s', () => {
    expect(problemsOf(edited(validEnv(), (e) => delete e.agentInstall))).toEqual([{ path: 'agentInstall', message: 'is required (a mapping)' }]);
    expect(problemsOf(edited(validEnv(), (e) => (e.agentInstall.principals = [])))).toEqual([
      { path: 'agentInstall.principals', message: 'needs at least one IAM principal allowed to assume the agent-installation role' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.agentInstall.sessionSeconds = 60)))).toEqual([
      { path: 'agentInstall.sessionSeconds', message: 'must be 900..43200 seconds' },
    ]);
  });

  it('refuses an s3 backend without bucket and region, and an unknown backend type', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.backend = { type: 's3' })))).toEqual([
      { path: 'backend.bucket', message: 'is required (a string)' },
      { path: 'backend.region', message: `is required (one of: ${REGION_NAMES.join(', ')})` },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.backend = { type: 'gcs' })))).toEqual([
      { path: 'backend.type', message: 'backend.type must be one of: local, s3, remote' },
    ]);
  });

  it('refuses replication values out of range', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.replication = { pitRetentionDays: 0, stagingDiskType: 'gp3', encryption: 'kms' })))).toEqual([
      { path: 'replication.stagingDiskType', message: 'must be one of: GP2, GP3, ST1, AUTO' },
      { path: 'replication.encryption', message: 'must be one of: default, cmk' },
      { path: 'replication.pitRetentionDays', message: 'must be 1..365' },
    ]);
  });

  it('refuses a document that is not a mapping, and wrong types', () => {
    expect(problemsOf('hello')).toEqual([{ path: '', message: "the file must be a mapping of the environment's fields (name, accounts, sites, ...), not a string; is this the right file?" }]);
    expect(problemsOf(null)).toEqual([{ path: '', message: "the file must be a mapping of the environment's fields (name, accounts, sites, ...), not empty; is this the right file?" }]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites = 'dublin')))).toEqual([{ path: 'sites', message: 'must be a list, not string "dublin"' }]);
    expect(problemsOf({})).toEqual([
      { path: 'accounts', message: 'is required (a mapping)' },
      { path: 'sites', message: 'is required (a list)' },
      { path: 'agentInstall', message: 'is required (a mapping)' },
    ]);
  });
});

describe('unknown keys', () => {
  it('refuses an unknown top-level key, listing the valid keys', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.replicaton = { encryption: 'cmk' })))).toEqual([
      { path: 'replicaton', message: 'unknown key "replicaton"; valid keys here: $schema, name, service, tags, backend, accounts, sites, replication, agentInstall, launch' },
    ]);
  });

  it('refuses unknown nested keys, listing the valid keys of that place', () => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].severs = 3)))).toEqual([
      { path: 'sites[0].recovery.staging[0].severs', message: 'unknown key "severs"; valid keys here: account, cidr, servers' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[1].source.account = 'workloads')))).toEqual([
      { path: 'sites[1].source.account', message: 'unknown key "account"; valid keys here: type, cidrs, dnsServers, transitGatewayId, vpnGatewayId' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.vpc.ID = 'vpc-0abc12345def67890')))).toEqual([
      { path: 'sites[0].source.vpc.ID', message: 'unknown key "ID"; valid keys here: cidr, id, routeTableIds' },
    ]);
    expect(problemsOf(edited(validEnv(), (e) => (e.backend = { type: 's3', bucket: 'bucket', region: 'eu-west-1', key: 'x' })))).toEqual([
      { path: 'backend.key', message: 'unknown key "key"; valid keys here: type, bucket, region, keyPrefix, roleArn' },
    ]);
  });

  it('refuses every unknown key of one mapping', () => {
    expect(problemsOf(edited(validEnv(), (e) => Object.assign(e.agentInstall, { session: 1, endpoint: true })))).toEqual([
      { path: 'agentInstall.session', message: 'unknown key "session"; valid keys here: principals, sessionSeconds, s3InterfaceEndpoint' },
      { path: 'agentInstall.endpoint', message: 'unknown key "endpoint"; valid keys here: principals, sessionSeconds, s3InterfaceEndpoint' },
    ]);
  });
});

describe('all problems at once', () => {
  it('reports three mistakes in the file shape as three problems', () => {
    const env = edited(validEnv(), (e) => {
      e.replicaton = {};
      e.accounts.workloads.id = '1';
      e.sites[0].recovery.staging[0].servers = 0;
    });
    expect(problemsOf(env)).toEqual([
      { path: 'accounts.workloads.id', message: 'must be a 12-digit AWS account id, quoted in YAML ("012345678901")' },
      { path: 'sites[0].recovery.staging[0].servers', message: 'must be at least 1' },
      { path: 'replicaton', message: 'unknown key "replicaton"; valid keys here: $schema, name, service, tags, backend, accounts, sites, replication, agentInstall, launch' },
    ]);
  });

  it('reports three broken cross-field rules as three problems', () => {
    const env = edited(targetEnv(), (e) => {
      e.sites[0].recovery.region = 'eu-west-1';
      e.sites[1].recovery.staging[0].account = 'nope';
      delete e.replication;
    });
    expect(problemsOf(env).map((p) => p.path)).toEqual(['sites[1].recovery.staging[0].account', 'sites[0].recovery.region', 'sites[0].recovery.target']);
  });

  it('collects the problems of every file before failing', () => {
    const dir = tmp();
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    fs.writeFileSync(a, stringify(edited(validEnv(), (e) => ((e.name = 'a'), (e.sites[0].recovery.region = 'eu-west-1')))));
    fs.writeFileSync(b, 'name: b\nsites: [\n');
    expect(() => loadEnvironments([a, b])).toThrow(
      expect.objectContaining({
        errors: [
          expect.objectContaining({ file: a, problems: [{ path: 'sites[0].recovery.region', message: 'must differ from source.region (eu-west-1); DR recovers into another region' }] }),
          expect.objectContaining({ file: b, problems: [expect.objectContaining({ path: '', message: expect.stringMatching(/^line \d+, column \d+: /) })] }),
        ],
      }),
    );
  });

  it('refuses two files with the same name', () => {
    const dir = tmp();
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    fs.writeFileSync(a, stringify(validEnv()));
    fs.writeFileSync(b, stringify(validEnv()));
    expect(() => loadEnvironments([a, b])).toThrow(`${b}: 1 problem\n  name: "test" is also the name of ${a}; stack names would collide, so give each file its own name`);
  });
});

describe('malformed YAML', () => {
  it('gives the line and column of a syntax error', () => {
    expect(parseYaml('name: prod\nsites:\n  - name: "dublin\n    source: {}\n').problems).toEqual([{ path: '', message: 'line 5, column 1: Missing closing "quote' }]);
    expect(parseYaml('name: prod\nservice: drs: mgn\n').problems).toEqual([{ path: '', message: 'line 2, column 10: Nested mappings are not allowed in compact mappings' }]);
    expect(parseYaml('name: prod\naccounts:\n  w: { id: "1" \nsites: []\n').problems[0].message).toMatch(/^line \d+, column \d+: /);
  });

  it('refuses duplicate keys, with their line and column', () => {
    expect(parseYaml('name: a\nservice: drs\nname: b\n').problems).toEqual([{ path: '', message: 'line 3, column 1: Map keys must be unique' }]);
  });

  it('reads JSON, which is YAML', () => {
    expect(parseYaml(JSON.stringify(validEnv()))).toEqual({ data: validEnv(), problems: [] });
  });
});

describe('the commands', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.cjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });

  function snapshot(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64');
      }
    };
    walk(dir);
    return out;
  }

  it('synth of a refused file exits 1, prints every problem without a stack trace and leaves earlier output untouched', () => {
    const dir = tmp();
    const outdir = path.join(dir, 'cdktf.out');
    const app = new App({ outdir });
    buildStacks(app, planEnvironment(accepted(validEnv())));
    app.synth();
    const before = snapshot(outdir);
    expect(Object.keys(before).length).toBeGreaterThan(3);

    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, stringify(edited(validEnv(), (e) => ((e.sites[0].recovery.region = 'eu-west-1'), (e.accounts.workloads.id = '1')))).replace('name: test', 'name: test\nextra: 1'));
    const result = run(['main.ts'], { DR_ENV: bad, CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      [
        `${bad}: 2 problems`,
        '  accounts.workloads.id: must be a 12-digit AWS account id, quoted in YAML ("012345678901")',
        '  extra: unknown key "extra"; valid keys here: $schema, name, service, tags, backend, accounts, sites, replication, agentInstall, launch',
        'Nothing was written.',
        '',
      ].join('\n'),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(outdir)).toEqual(before);
  });

  it('npm run validate prints ok for a good file and every problem of a bad one, exiting 1', () => {
    const dir = tmp();
    const good = path.join(dir, 'good.yaml');
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(good, stringify(targetEnv()));
    fs.writeFileSync(bad, stringify(edited(validEnv(), (e) => ((e.name = 'bad'), (e.sites[0].recovery.region = 'eu-west-1'), (e.sites[1].name = 'dublin')))));

    const ok = run(['scripts/validate.ts', good], {});
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe(`ok ${good} (2 sites, 10 stacks)\n`);
    expect(ok.status).toBe(0);

    const both = run(['scripts/validate.ts', good, bad], { CDKTF_OUTDIR: path.join(dir, 'out') });
    expect(both.status).toBe(1);
    expect(both.stdout).toBe(`ok ${good} (2 sites, 10 stacks)\n`);
    expect(both.stderr).toBe(
      [
        `${bad}: 2 problems`,
        '  sites[1].name: "dublin" is already the name of sites[0]; site names must be unique',
        '  sites[0].recovery.region: must differ from source.region (eu-west-1); DR recovers into another region',
        'Nothing was written.',
        '',
      ].join('\n'),
    );
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
