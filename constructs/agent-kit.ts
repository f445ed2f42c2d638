/**
 * The operator's next steps, as text built from the endpoints' real DNS names (Terraform
 * resolves them at apply): installing the agent through the endpoints with short-lived
 * credentials, on-prem DNS forwarder settings, and a connectivity check. Pure functions of
 * their inputs, so tests read the exact commands.
 */
import { INSTALLER_KEYS, type DrService } from '../catalog/services';
import { HTTPS_PORT, REPLICATION_PORT } from '../catalog/network';


export interface InstallEndpoints {
  readonly region: string;
  /** Service endpoint DNS name, vpce-....<service>.<region>.vpce.amazonaws.com. */
  readonly serviceDns: string;
  /** S3 interface endpoint DNS name without the leading "*.", vpce-....s3.<region>.vpce.amazonaws.com. */
  readonly s3Dns: string;
}

export interface Credentials {
  readonly roleArn: string;
  readonly sessionSeconds: number;
}

export function installerUrl(service: DrService, region: string, s3Dns: string, os: keyof typeof INSTALLER_KEYS): string {
  return `https://${service.installerBucket(region)}.bucket.${s3Dns}/${INSTALLER_KEYS[os]}`;
}

/** Run where STS is reachable, as one of agentInstall.principals; prints one tab-separated line. */
export function assumeRoleCommand(c: Credentials, service: DrService): string {
  return `aws sts assume-role --role-arn ${c.roleArn} --role-session-name ${service.id}-agent-install --duration-seconds ${c.sessionSeconds} --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text`;
}

export function linuxInstall(service: DrService, e: InstallEndpoints, c: Credentials): string {
  return [
    `# 1. Where AWS STS is reachable, as one of agentInstall.principals (temporary credentials, ${c.sessionSeconds} s):`,
    assumeRoleCommand(c, service),
    '# 2. On the source server: paste that line at the prompt (kept in shell variables only, never on disk).',
    'read -rs AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
    `curl -fsS -o aws-replication-installer-init '${installerUrl(service, e.region, e.s3Dns, 'linux')}'`,
    'chmod +x aws-replication-installer-init',
    `sudo ./aws-replication-installer-init --region ${e.region} --aws-access-key-id "$AWS_ACCESS_KEY_ID" --aws-secret-access-key "$AWS_SECRET_ACCESS_KEY" --aws-session-token "$AWS_SESSION_TOKEN" --endpoint ${e.serviceDns} --s3-endpoint ${e.s3Dns} --no-prompt`,
    'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
    endpointNote(service, e.region),
  ].join('\n');
}

/** Why --endpoint is there, and when to leave it out. */
function endpointNote(service: DrService, region: string): string {
  return [
    `# Where ${service.id}.${region}.amazonaws.com already resolves to the endpoint (the private hosted zone in`,
    '# peered VPCs, or on-prem DNS forwarding it to the inbound resolver), leave out --endpoint: the agent then',
    '# keeps the service\'s default name, which DRS recommends because an agent pinned to one endpoint name can',
    '# prevent failback.',
  ].join('\n');
}

export function windowsInstall(service: DrService, e: InstallEndpoints, c: Credentials): string {
  return [
    `# 1. Where AWS STS is reachable, as one of agentInstall.principals (temporary credentials, ${c.sessionSeconds} s):`,
    `# ${assumeRoleCommand(c, service)}`,
    '# 2. On the source server, in PowerShell as Administrator: paste that line at the prompt (kept in this session only).',
    "$k = (Read-Host 'AccessKeyId SecretAccessKey SessionToken') -split '\\s+'",
    '$env:AWS_ACCESS_KEY_ID = $k[0]; $env:AWS_SECRET_ACCESS_KEY = $k[1]; $env:AWS_SESSION_TOKEN = $k[2]',
    `Invoke-WebRequest -UseBasicParsing -Uri '${installerUrl(service, e.region, e.s3Dns, 'windows')}' -OutFile "$env:TEMP\\AwsReplicationWindowsInstaller.exe"`,
    `& "$env:TEMP\\AwsReplicationWindowsInstaller.exe" --region ${e.region} --endpoint ${e.serviceDns} --s3-endpoint ${e.s3Dns} --no-prompt`,
    'Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN',
    endpointNote(service, e.region),
  ].join('\n');
}

/**
 * EC2 sources in a peered VPC carry the source instance profile, so they need no typed
 * credentials. The service name resolves to the endpoint through the shared private hosted zone,
 * so --endpoint is left out: DRS recommends that for EC2 sources, as an agent pinned to one
 * endpoint name can prevent failback. --account-id lets an instance replicate into another account.
 */
export function ec2LinuxInstall(service: DrService, e: InstallEndpoints, accountId?: string): string {
  return [
    `curl -fsS -o aws-replication-installer-init '${installerUrl(service, e.region, e.s3Dns, 'linux')}'`,
    'chmod +x aws-replication-installer-init',
    `sudo ./aws-replication-installer-init --region ${e.region}${accountId ? ` --account-id ${accountId}` : ''} --s3-endpoint ${e.s3Dns} --no-prompt`,
  ].join('\n');
}

export function s3EndpointMissing(): string {
  return [
    'The S3 interface endpoint is off (agentInstall.s3InterfaceEndpoint: false), so installers cannot be downloaded',
    'through this VPC. For the next installs set agentInstall.s3InterfaceEndpoint: true, synthesize and deploy this',
    'stack again; its outputs then carry the install commands. Installed agents keep replicating without it.',
  ].join('\n');
}

/** Zones on-prem resolvers forward to the inbound resolver. */
export function forwardedZones(serviceId: string, region: string): string[] {
  return [`${serviceId}.${region}.amazonaws.com`, `ec2.${region}.amazonaws.com`, `${region}.vpce.amazonaws.com`];
}

export function bindForwarders(zones: readonly string[], addresses: readonly string[]): string {
  return zones.map((z) => `zone "${z}" { type forward; forward only; forwarders { ${addresses.map((a) => `${a};`).join(' ')} }; };`).join('\n');
}

export function windowsForwarders(zones: readonly string[], addresses: readonly string[]): string {
  return zones.map((z) => `Add-DnsServerConditionalForwarderZone -Name "${z}" -MasterServers ${addresses.join(',')} -ReplicationScope "Forest"`).join('\n');
}

export interface CheckInputs {
  readonly region: string;
  readonly serviceId: string;
  readonly serviceDns: string;
  readonly s3Dns?: string;
  readonly stagingSubnets: readonly string[];
  readonly replicationSecurityGroupId: string;
}

/** A bash check to run on a source server: names resolve, endpoints answer on 443, and what to check for 1500. */
export function connectivityCheck(c: CheckInputs): string {
  const names = [`${c.serviceId}.${c.region}.amazonaws.com`, c.serviceDns, ...(c.s3Dns ? [c.s3Dns] : [])];
  return [
    '#!/usr/bin/env bash',
    '# Run on a source server. Every line must say ok.',
    'fail=0',
    `for name in ${names.join(' ')}; do`,
    '  if getent hosts "$name" >/dev/null; then echo "ok   resolve $name"; else echo "FAIL resolve $name (check DNS forwarding or the private hosted zone association)"; fail=1; fi',
    `  if timeout 5 bash -c "</dev/tcp/$name/${HTTPS_PORT}" 2>/dev/null; then echo "ok   tcp ${HTTPS_PORT} $name"; else echo "FAIL tcp ${HTTPS_PORT} $name (check routes and the endpoints security group)"; fail=1; fi`,
    'done',
    `echo "TCP ${REPLICATION_PORT}: replication servers start in ${c.stagingSubnets[0]} once the first server is added; security group ${c.replicationSecurityGroupId} admits ${REPLICATION_PORT} from the sources."`,
    `echo "Then check from this server: timeout 5 bash -c '</dev/tcp/<replication server private IP>/${REPLICATION_PORT}' && echo ok"`,
    'exit $fail',
  ].join('\n');
}
