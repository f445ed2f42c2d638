/**
 * MGN has no Terraform resource for its replication settings (reference, section 5), so the
 * staging stack outputs the two CLI calls with the settings DRS gets from its template: the
 * staging subnet, our security group only, private data path, no public IP.
 */
import type { Replication } from '../config/schema';

export interface MgnSettings {
  readonly region: string;
  readonly stagingSubnetId: string;
  readonly securityGroupId: string;
  readonly replication: Replication;
  readonly tags: Readonly<Record<string, string>>;
  /** The customer managed key with encryption: cmk. */
  readonly kmsKeyArn?: string;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function mgnReplicationCommands(s: MgnSettings): string {
  const r = s.replication;
  const tags = Object.entries(s.tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  // MGN's large staging disk types are GP2, GP3 and ST1; AUTO is DRS-only.
  const diskType = r.stagingDiskType === 'AUTO' ? 'GP3' : r.stagingDiskType;
  return [
    '# Run with credentials for this staging account. On an account where MGN has never been used, create the',
    "# roles listed in the MGN guide's \"Initializing with the API\" first (or initialize once in the console).",
    `aws mgn initialize-service --region ${s.region}`,
    [
      `aws mgn create-replication-configuration-template --region ${s.region}`,
      `--staging-area-subnet-id ${s.stagingSubnetId}`,
      '--no-associate-default-security-group',
      `--replication-servers-security-groups-ids ${s.securityGroupId}`,
      `--replication-server-instance-type ${r.instanceType}`,
      r.dedicatedServers ? '--use-dedicated-replication-server' : '--no-use-dedicated-replication-server',
      `--default-large-staging-disk-type ${diskType}`,
      s.kmsKeyArn ? `--ebs-encryption CUSTOM --ebs-encryption-key-arn ${s.kmsKeyArn}` : '--ebs-encryption DEFAULT',
      `--bandwidth-throttling ${r.bandwidthMbps}`,
      '--data-plane-routing PRIVATE_IP',
      '--no-create-public-ip',
      `--staging-area-tags ${shellQuote(tags)}`,
    ].join(' \\\n  '),
  ].join('\n');
}
