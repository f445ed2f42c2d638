/**
 * Everything that differs between Elastic Disaster Recovery (drs) and Application Migration
 * Service (mgn), in one place. Sources, in ../shared/reference/aws-drs-private-networking.md:
 * section 2 (installer URLs and flags), 6 (managed policies, limits) and 7 (S3 buckets).
 */
export type ServiceName = 'drs' | 'mgn';

export interface DrService {
  /** Interface endpoint suffix and API host prefix: com.amazonaws.<region>.<id>, <id>.<region>.amazonaws.com. */
  readonly id: ServiceName;
  readonly title: string;
  /** Replicating source servers per account and region (DRS: multi-staging guide; MGN: service limits, quota L-9A599620). */
  readonly maxServersPerAccountRegion: number;
  /** Bucket that serves the installers: https://<bucket>.s3.<region>.amazonaws.com/latest/... */
  installerBucket(region: string): string;
  /** Every bucket the installers, agents and replication servers read (section 7; a safe superset). */
  buckets(region: string): string[];
  /** AWS managed policy for the credentials that install the agent. */
  readonly agentInstallationPolicyArn: string;
  /** AWS managed policy for EC2 source instances that install without typed credentials. */
  readonly ec2InstancePolicyArn: string;
  /** The API action the agent's session starts with; the service endpoint policy must allow it (section 2.2). */
  readonly createSessionAction: string;
}

const AL2023_REPOS = (region: string) => `al2023-repos-${region}-de612dc2`;

/**
 * Regions launched after 2023 serve the DRS installers from buckets with a suffix (DRS user
 * guide, installer download URLs by Region); the -hashes- buckets carry the same suffix.
 */
const DRS_BUCKET_SUFFIX: Readonly<Record<string, string>> = {
  'ap-east-2': '-f1dcde1a',
  'ca-west-1': '-2590fa22',
  'mx-central-1': '-1f310737',
  'ap-southeast-5': '-ebaf53cb',
  'ap-southeast-6': '-8a759f92',
  'ap-southeast-7': '-69ef66ac',
};
const drsSuffix = (r: string) => DRS_BUCKET_SUFFIX[r] ?? '';

export const DRS: DrService = {
  id: 'drs',
  title: 'AWS Elastic Disaster Recovery',
  maxServersPerAccountRegion: 300,
  installerBucket: (r) => `aws-elastic-disaster-recovery-${r}${drsSuffix(r)}`,
  buckets: (r) => [
    `aws-drs-clients-${r}`,
    `aws-drs-clients-hashes-${r}`,
    `aws-drs-internal-${r}`,
    `aws-drs-internal-hashes-${r}`,
    `aws-elastic-disaster-recovery-${r}${drsSuffix(r)}`,
    `aws-elastic-disaster-recovery-hashes-${r}${drsSuffix(r)}`,
    AL2023_REPOS(r),
  ],
  agentInstallationPolicyArn: 'arn:aws:iam::aws:policy/AWSElasticDisasterRecoveryAgentInstallationPolicy',
  ec2InstancePolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryEc2InstancePolicy',
  createSessionAction: 'CreateSessionForDrs',
};

export const MGN: DrService = {
  id: 'mgn',
  title: 'AWS Application Migration Service',
  maxServersPerAccountRegion: 150,
  installerBucket: (r) => `aws-application-migration-service-${r}`,
  buckets: (r) => [
    `aws-mgn-clients-${r}`,
    `aws-mgn-clients-hashes-${r}`,
    `aws-mgn-internal-${r}`,
    `aws-mgn-internal-hashes-${r}`,
    `aws-application-migration-service-${r}`,
    `aws-application-migration-service-hashes-${r}`,
    `amazon-ssm-${r}`,
    AL2023_REPOS(r),
  ],
  agentInstallationPolicyArn: 'arn:aws:iam::aws:policy/AWSApplicationMigrationAgentInstallationPolicy',
  ec2InstancePolicyArn: 'arn:aws:iam::aws:policy/AWSApplicationMigrationServiceEc2InstancePolicy',
  createSessionAction: 'CreateSessionForMgn',
};

export const SERVICES: Record<ServiceName, DrService> = { drs: DRS, mgn: MGN };

/** Installer object keys; S3 keys are case-sensitive (AwsReplication..., not AWSReplication...). */
export const INSTALLER_KEYS = {
  linux: 'latest/linux/aws-replication-installer-init',
  windows: 'latest/windows/AwsReplicationWindowsInstaller.exe',
} as const;
