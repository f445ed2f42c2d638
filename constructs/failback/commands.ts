/**
 * The operator's failback commands, as pure functions of names and endpoint DNS names (Terraform
 * fills those in at apply), so tests read and run the exact text.
 *
 * - Start reversed replication: DRS API ReverseReplication (`aws drs reverse-replication
 *   --recovery-instance-id`), run in the recovery region; "For recovery instances on target region -
 *   starts replication back to origin region" (DRS API reference, ReverseReplication).
 * - AWS failback launch: the reversed source server lives in the source region; launching it there
 *   is a recovery of that source server (`aws drs start-recovery`, DRS guide "Performing a
 *   cross-Region failback").
 * - On-prem failback: boot the Failback Client on the on-prem machine with failback credentials,
 *   then `aws drs start-failback-launch --recovery-instance-ids` (DRS API StartFailbackLaunch).
 */
import { HTTPS_PORT, REPLICATION_PORT } from '../../catalog/network';

/** The managed policy the Failback Client's credentials need (DRS guide, "Failback to on-premises environment", failback credentials). */
export const FAILBACK_INSTALLATION_POLICY = 'arn:aws:iam::aws:policy/AWSElasticDisasterRecoveryFailbackInstallationPolicy';

export function failbackRoleName(envName: string): string {
  return `${envName}-drs-failback-client`;
}

export interface ReverseCommandInputs {
  readonly site: string;
  readonly recoveryRegion: string;
  /** DRS interface endpoint DNS name in the recovery VPC's region. */
  readonly recoveryEndpointDns: string;
  readonly sourceRegion: string;
  /** DRS interface endpoint DNS name of the reverse staging network (source region). */
  readonly reverseEndpointDns: string;
}

export function reverseReplicationCommands(i: ReverseCommandInputs): string {
  return [
    `# Site ${i.site}: after a recovery, with credentials of the account that runs the recovery instances.`,
    `# 1. Start reversed replication of each recovery instance (${i.recoveryRegion} -> ${i.sourceRegion}, TCP ${REPLICATION_PORT} over the failback peering):`,
    `aws drs reverse-replication --recovery-instance-id "$RECOVERY_INSTANCE_ID" --region ${i.recoveryRegion} --endpoint-url https://${i.recoveryEndpointDns}`,
    `# 2. When the reversed source server (printed as reversedDirectionSourceServerArn) is healthy, fail back by launching it in ${i.sourceRegion},`,
    '#    with credentials of the source account:',
    `aws drs start-recovery --source-servers sourceServerID="$REVERSED_SOURCE_SERVER_ID" --region ${i.sourceRegion} --endpoint-url https://${i.reverseEndpointDns}`,
  ].join('\n');
}

export interface FailbackClientInputs {
  readonly region: string;
  readonly roleArn: string;
  readonly sessionSeconds: number;
  /** DRS interface endpoint DNS name the Failback Client and the CLI use. */
  readonly endpointDns: string;
  /** Where the Failback Client ISO is downloaded through the S3 interface endpoint, if this stack has one. */
  readonly s3Dns?: string;
}

/** The Failback Client ISO in the DRS bucket of the region (DRS guide, "Failback to on-premises environment"). */
export function failbackClientKey(): string {
  return 'latest/failback_livecd/aws-failback-livecd-64bit.iso';
}

export function failbackClientCommands(i: FailbackClientInputs): string {
  const bucket = `aws-elastic-disaster-recovery-${i.region}`;
  // Without the S3 interface endpoint (replication.s3InterfaceEndpoint: false) nothing on-prem
  // reaches the bucket, so the download is a note, not a command that would fail on a public name.
  const download = i.s3Dns
    ? `curl -fsS -o aws-failback-livecd-64bit.iso 'https://${bucket}.bucket.${i.s3Dns}/${failbackClientKey()}'`
    : [
        `#    This stack has no S3 interface endpoint (replication.s3InterfaceEndpoint: false), so on-prem cannot reach the`,
        `#    bucket: set it to true and apply before failing back, or fetch s3://${bucket}/${failbackClientKey()}`,
        '#    where S3 is reachable and copy the file over.',
      ].join('\n');
  return [
    '# On-prem failback with the DRS Failback Client. Network (opened by this stack): the on-prem machine reaches',
    `# the recovery instance on TCP ${REPLICATION_PORT} and the ${i.region} endpoints on TCP ${HTTPS_PORT}; the recovery instance leaves on ${HTTPS_PORT} only.`,
    `# 1. Failback credentials (AWSElasticDisasterRecoveryFailbackInstallationPolicy), as one of agentInstall.principals, ${i.sessionSeconds} s:`,
    // --region: with no region configured the CLI either stops ("You must specify a region") or calls the
    // global sts.amazonaws.com, which a network with only a regional or VPC STS endpoint cannot reach;
    // this stack's region, as the agent-installation command does (constructs/agent-kit.ts).
    `aws sts assume-role --region ${i.region} --role-arn ${i.roleArn} --role-session-name drs-failback-client --duration-seconds ${i.sessionSeconds} --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text`,
    '# 2. Download the Failback Client ISO and boot the on-prem machine from it:',
    download,
    `# 3. At the client's prompts enter: region ${i.region}; the three values from step 1; custom endpoint ${i.endpointDns}`,
    `#    (or leave the default endpoint where on-prem DNS forwards drs.${i.region}.amazonaws.com to the inbound resolver).`,
    '# 4. When the recovery instance shows "Ready" for failback, launch it onto the on-prem machine:',
    `aws drs start-failback-launch --recovery-instance-ids "$RECOVERY_INSTANCE_ID" --region ${i.region} --endpoint-url https://${i.endpointDns}`,
  ].join('\n');
}
