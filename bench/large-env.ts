/**
 * Large, valid environment files for the synthesis benchmark (scripts/bench.ts).
 *
 * largeEnvironment({ sites, stagingAccounts }) gives `sites` region pairs, alternately an AWS
 * VPC (even sites) and a data centre (odd sites, alternately behind a transit gateway and a VPN
 * gateway), each replicating into `stagingAccounts` staging accounts and recovering in a target
 * account with replication.encryption: cmk. Every site recovers into its own region, and AWS
 * sites replicate from their own source region (no other site uses it, as source or recovery)
 * as long as there are enough regions; address ranges are disjoint everywhere, and servers stay
 * within the service limit, so the file passes validation.
 */
import { REGION_NAMES } from '../catalog/regions';
import type { EnvironmentInput } from '../config/schema';

export interface LargeEnvOptions {
  readonly sites: number;
  readonly stagingAccounts: number;
  /** Size of the pool of staging accounts that sites draw from (default: stagingAccounts, all sites share them). */
  readonly stagingPool?: number;
  /** Source accounts of AWS sites, and target accounts, drawn round-robin (default 1 each). */
  readonly sourceAccounts?: number;
  readonly targetAccounts?: number;
  readonly name?: string;
}

/** Limits of the address plan below: 10.x/16 staging and target VPCs, 100.64+ sources, 172.16+ on prem. */
export const MAX_SITES = 24;
export const MAX_STAGING_PER_SITE = 9;

const accountId = (n: number) => String(100000000000 + n).padStart(12, '0');
const account = (n: number) => ({ id: accountId(n), roleArn: `arn:aws:iam::${accountId(n)}:role/terraform` });
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function largeEnvironment(options: LargeEnvOptions): EnvironmentInput {
  const { sites, stagingAccounts } = options;
  const pool = Math.max(options.stagingPool ?? stagingAccounts, stagingAccounts);
  const sourceAccounts = options.sourceAccounts ?? 1;
  const targetAccounts = options.targetAccounts ?? 1;
  if (sites < 1 || sites > MAX_SITES) throw new RangeError(`sites must be 1..${MAX_SITES}`);
  if (stagingAccounts < 1 || stagingAccounts > MAX_STAGING_PER_SITE) throw new RangeError(`stagingAccounts must be 1..${MAX_STAGING_PER_SITE}`);
  if (sites > REGION_NAMES.length) throw new RangeError(`at most ${REGION_NAMES.length} sites: each recovers into its own region`);

  const accounts: EnvironmentInput['accounts'] = {};
  let next = 1;
  const workloads = Array.from({ length: sourceAccounts }, (_, i) => `workloads-${i + 1}`);
  const staging = Array.from({ length: pool }, (_, i) => `staging-${i + 1}`);
  const targets = Array.from({ length: targetAccounts }, (_, i) => `recovery-${i + 1}`);
  for (const alias of [...workloads, ...staging, ...targets]) accounts[alias] = account(next++);

  // Recovery regions: the first `sites` regions. AWS sources: the regions after them, then any
  // region other than the site's own recovery region once they run out.
  const recoveryRegion = (i: number) => REGION_NAMES[i];
  const awsCount = Math.ceil(sites / 2);
  const spare = REGION_NAMES.slice(sites);
  const sourceRegion = (i: number) => (awsCount <= spare.length ? spare[i / 2] : REGION_NAMES[(i + 1) % REGION_NAMES.length]);

  const siteList: EnvironmentInput['sites'] = [];
  for (let i = 0; i < sites; i++) {
    const stagingEntries = Array.from({ length: stagingAccounts }, (_, j) => ({
      account: staging[(i + j) % pool],
      cidr: `10.${i * 10 + j}.0.0/16`,
      servers: 100 + ((i * 7 + j * 13) % 150),
    }));
    const recovery = {
      region: recoveryRegion(i),
      staging: stagingEntries,
      target: targets[i % targetAccounts],
      targetCidr: `10.${i * 10 + 9}.0.0/16`,
    };
    const name = `site-${String(i + 1).padStart(2, '0')}`;
    if (i % 2 === 0) {
      siteList.push({
        name,
        source: { type: 'aws', account: workloads[(i / 2) % sourceAccounts], region: sourceRegion(i), vpc: { cidr: `100.${64 + i}.0.0/16` } },
        recovery,
      });
    } else {
      const base = `172.${16 + (i % 16)}.${Math.floor(i / 16) * 128}.0`;
      // A VPN gateway attaches to one VPC, and these sites have several staging VPCs and a target.
      const gateway = { transitGatewayId: `tgw-${hex(i, 17)}` };
      siteList.push({
        name,
        source: {
          type: 'onprem',
          cidrs: [`${base}/17`],
          dnsServers: [base.replace(/\.0$/, '.10'), base.replace(/\.0$/, '.11')],
          ...gateway,
        },
        recovery,
      });
    }
  }

  return {
    name: options.name ?? `bench-${sites}x${stagingAccounts}`,
    service: 'drs',
    tags: { Owner: 'bench' },
    accounts,
    sites: siteList,
    replication: { encryption: 'cmk', pitRetentionDays: 7 },
    agentInstall: { principals: [`arn:aws:iam::${accountId(1)}:role/DRInstallers`], sessionSeconds: 3600 },
  };
}

/** The benchmark's cases. */
export const BENCH_CASES = [
  { label: '6 x 3', options: { sites: 6, stagingAccounts: 3 } },
  { label: '20 x 5', options: { sites: 20, stagingAccounts: 5, stagingPool: 10, sourceAccounts: 4, targetAccounts: 4 } },
] as const satisfies readonly { label: string; options: LargeEnvOptions }[];
