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

/** POSIX single quotes: nothing inside is special to the shell; a ' closes, escapes and reopens. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * MGN's ReplicationConfigurationTemplate.defaultLargeStagingDiskType takes GP2, GP3 or ST1 (MGN
 * API reference, CreateReplicationConfigurationTemplate); AUTO exists only in DRS. MGN has no
 * automatic choice, so AUTO becomes GP3, the general-purpose type, and the output says so.
 */
export function mgnStagingDiskType(type: Replication['stagingDiskType']): { type: 'GP2' | 'GP3' | 'ST1'; note?: string } {
  if (type === 'AUTO') return { type: 'GP3', note: '# replication.stagingDiskType AUTO is DRS-only; MGN takes GP2, GP3 or ST1, so this uses GP3. Set one of those to choose.' };
  return { type };
}

export function mgnReplicationCommands(s: MgnSettings): string {
  const r = s.replication;
  // JSON, not the CLI's Key=Value shorthand: the shorthand splits on commas and breaks on quotes,
  // so a value such as "O'Brien, ops" failed or became other tags (AWS CLI, "Using shorthand syntax").
  const tags = JSON.stringify(s.tags);
  const disk = mgnStagingDiskType(r.stagingDiskType);
  return [
    '# Run with credentials for this staging account. On an account where MGN has never been used, create the',
    "# roles listed in the MGN guide's \"Initializing with the API\" first (or initialize once in the console).",
    ...(disk.note ? [disk.note] : []),
    `aws mgn initialize-service --region ${s.region}`,
    [
      `aws mgn create-replication-configuration-template --region ${s.region}`,
      `--staging-area-subnet-id ${s.stagingSubnetId}`,
      '--no-associate-default-security-group',
      `--replication-servers-security-groups-ids ${s.securityGroupId}`,
      `--replication-server-instance-type ${r.instanceType}`,
      r.dedicatedServers ? '--use-dedicated-replication-server' : '--no-use-dedicated-replication-server',
      `--default-large-staging-disk-type ${disk.type}`,
      s.kmsKeyArn ? `--ebs-encryption CUSTOM --ebs-encryption-key-arn ${s.kmsKeyArn}` : '--ebs-encryption DEFAULT',
      `--bandwidth-throttling ${r.bandwidthMbps}`,
      '--data-plane-routing PRIVATE_IP',
      '--no-create-public-ip',
      `--staging-area-tags ${shellQuote(tags)}`,
    ].join(' \\\n  '),
  ].join('\n');
}
