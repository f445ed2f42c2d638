/**
 * fast-check arbitraries of VALID environment files. Validity holds by construction:
 * - every CIDR comes from its own pool (staging VPCs 10.<account*16+region>.0.0, target VPCs
 *   10.<200+site>.0.0, AWS source VPCs 172.<16+site>.0.0/16, on-prem ranges 192.168.<site*32+8j>.0/21),
 *   so nothing that is routed together can overlap;
 * - a staging VPC's CIDR and prefix are functions of its (account, region), so sites sharing it agree;
 * - servers per entry stay under a third of the service limit (at most 3 sites share a network);
 * - replication is environment-wide only (no per-site overrides that could disagree), and cmk
 *   whenever a site names a target;
 * - all sites use one virtual private gateway id, so a shared staging VPC never needs two.
 */
import fc from 'fast-check';
import type { Json } from './env';

export const SOURCE_ACCOUNTS = ['workloads-a', 'workloads-b'];
export const STAGING_ACCOUNTS = ['staging-a', 'staging-b', 'staging-c', 'staging-d'];
export const TARGET_ACCOUNTS = ['recovery-a', 'recovery-b'];
/** Regions with at least three AZs for new accounts. */
export const REGIONS = ['eu-west-1', 'eu-west-2', 'us-east-1', 'us-east-2', 'ap-southeast-2', 'eu-central-1'];
export const LIMITS = { drs: 300, mgn: 150 } as const;
const VGW = 'vgw-0123456789abcdef0';
const TGWS = ['tgw-0123456789abcdef0', 'tgw-0fedcba9876543210'];

const accountId = (n: number) => String(100000000000 + n * 11111);
export const stagingCidr = (account: number, region: number, prefix: number) => `10.${account * 16 + region}.0.0/${prefix}`;

interface SiteDraft {
  readonly aws: boolean;
  readonly sourceAccount: number;
  readonly sourceRegion: number;
  readonly recoveryRegion: number;
  readonly staging: readonly number[];
  readonly servers: readonly number[];
  readonly azs: 2 | 3 | undefined;
  readonly target: number | undefined;
  readonly adopted: boolean;
  readonly onpremRanges: number;
  readonly dns: boolean;
  readonly gateway: number;
}

const siteDraft = (service: 'drs' | 'mgn'): fc.Arbitrary<SiteDraft> =>
  fc.record({
    aws: fc.boolean(),
    sourceAccount: fc.nat({ max: SOURCE_ACCOUNTS.length + STAGING_ACCOUNTS.length - 1 }),
    sourceRegion: fc.nat({ max: REGIONS.length - 1 }),
    // Recovery in the first three regions only, so that sites often share staging networks.
    recoveryRegion: fc.nat({ max: 2 }),
    staging: fc.uniqueArray(fc.nat({ max: STAGING_ACCOUNTS.length - 1 }), { minLength: 1, maxLength: 3 }),
    servers: fc.array(fc.integer({ min: 1, max: Math.floor(LIMITS[service] / 3) }), { minLength: 3, maxLength: 3 }),
    azs: fc.constantFrom<2 | 3 | undefined>(2, 3, undefined),
    target: service === 'drs' ? fc.option(fc.nat({ max: TARGET_ACCOUNTS.length + SOURCE_ACCOUNTS.length - 1 }), { nil: undefined }) : fc.constant(undefined),
    adopted: fc.boolean(),
    onpremRanges: fc.integer({ min: 1, max: 2 }),
    dns: fc.boolean(),
    gateway: fc.nat({ max: 2 }),
  });

/** A valid environment as a user writes it (defaults left out or spelled out at random). */
export const validEnvironment: fc.Arbitrary<Json> = fc
  .constantFrom<'drs' | 'mgn'>('drs', 'drs', 'mgn')
  .chain((service) =>
    fc.record({
      service: fc.constant(service),
      sites: fc.array(siteDraft(service), { minLength: 1, maxLength: 3 }),
      stagingPrefixes: fc.array(fc.integer({ min: 16, max: 23 }), { minLength: STAGING_ACCOUNTS.length, maxLength: STAGING_ACCOUNTS.length }),
      replication: fc.record(
        {
          instanceType: fc.constantFrom('t3.small', 'm5.large', 'c6i.xlarge'),
          stagingDiskType: fc.constantFrom('GP2', 'GP3', 'ST1', 'AUTO'),
          bandwidthMbps: fc.nat({ max: 1000 }),
          encryption: fc.constantFrom('default', 'cmk'),
          pitRetentionDays: fc.integer({ min: 1, max: 365 }),
          // DRS-only: MGN prints its initialization command instead.
          initializeService: service === 'drs' ? fc.boolean() : fc.constant(false),
        },
        { requiredKeys: [] },
      ),
      roles: fc.boolean(),
      tags: fc.dictionary(fc.constantFrom('Owner', 'CostCentre', 'Env'), fc.string({ maxLength: 8 }).filter((s) => !/[$%]\{/.test(s) && !s.toLowerCase().startsWith('aws:')), { maxKeys: 2 }),
      backend: fc.constantFrom<Json>(undefined, { type: 'local' }, { type: 's3', bucket: 'acme-tf-state', region: 'eu-west-1' }, { type: 'remote', organization: 'acme' }),
      sessionSeconds: fc.option(fc.integer({ min: 900, max: 43200 }), { nil: undefined }),
      s3InterfaceEndpoint: fc.option(fc.boolean(), { nil: undefined }),
    }),
  )
  .map((d) => {
    const allAccounts = [...SOURCE_ACCOUNTS, ...STAGING_ACCOUNTS, ...TARGET_ACCOUNTS];
    const accounts: Json = {};
    allAccounts.forEach((alias, n) => {
      const id = accountId(n + 1);
      accounts[alias] = d.roles ? { id, roleArn: `arn:aws:iam::${id}:role/terraform` } : { id };
    });
    const sourceAliases = [...SOURCE_ACCOUNTS, ...STAGING_ACCOUNTS];
    const targetAliases = [...TARGET_ACCOUNTS, ...SOURCE_ACCOUNTS];
    // One recovery network per target account and region (config/rules/launch.ts).
    const targetsTaken = new Set<string>();
    const sites = d.sites.map((s, i) => {
      const recoveryRegion = s.aws && s.recoveryRegion === s.sourceRegion ? (s.recoveryRegion + 1) % 3 : s.recoveryRegion;
      const source: Json = s.aws
        ? {
            type: 'aws',
            account: sourceAliases[s.sourceAccount],
            region: REGIONS[s.sourceRegion],
            vpc: s.adopted
              ? { id: `vpc-0abc${i}2345def67890`, cidr: `172.${16 + i}.0.0/16`, routeTableIds: [`rtb-0abc${i}2345def67890`] }
              : { cidr: `172.${16 + i}.0.0/16` },
          }
        : {
            type: 'onprem',
            cidrs: Array.from({ length: s.onpremRanges }, (_, j) => `192.168.${i * 32 + j * 8}.0/21`),
            ...(s.dns ? { dnsServers: [`192.168.${i * 32}.10`] } : {}),
            // A VPN gateway attaches to one VPC: only a first site with one staging VPC and no target may use it.
            ...(s.gateway === 0 && i === 0 && s.staging.length === 1 && s.target === undefined
              ? { vpnGatewayId: VGW }
              : { transitGatewayId: TGWS[Math.max(s.gateway, 1) - 1] }),
          };
      const recovery: Json = {
        region: REGIONS[recoveryRegion],
        staging: s.staging.map((a, j) => ({ account: STAGING_ACCOUNTS[a], cidr: stagingCidr(a, recoveryRegion, d.stagingPrefixes[a]), servers: s.servers[j] })),
      };
      if (s.azs !== undefined) recovery.availabilityZones = s.azs;
      if (s.target !== undefined && !targetsTaken.has(`${s.target}@${recoveryRegion}`)) {
        targetsTaken.add(`${s.target}@${recoveryRegion}`);
        recovery.target = targetAliases[s.target];
        recovery.targetCidr = `10.${200 + i}.0.0/16`;
      }
      return { name: `site-${i}`, source, recovery };
    });
    const replication: Json = { ...d.replication };
    if (sites.some((s) => s.recovery.target !== undefined)) replication.encryption = 'cmk';
    const env: Json = { name: 'prop', service: d.service, accounts, sites, agentInstall: { principals: ['arn:aws:iam::111111111111:role/DRInstallers'] } };
    if (Object.keys(replication).length) env.replication = replication;
    if (Object.keys(d.tags).length) env.tags = d.tags;
    if (d.backend) env.backend = d.backend;
    if (d.sessionSeconds !== undefined) env.agentInstall.sessionSeconds = d.sessionSeconds;
    if (d.s3InterfaceEndpoint !== undefined) env.agentInstall.s3InterfaceEndpoint = d.s3InterfaceEndpoint;
    return env;
  });
