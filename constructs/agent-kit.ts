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

/** Virtual-hosted bucket name through the S3 interface endpoint ("bucket" is a fixed label; reference 2.1). */
export function installerHost(service: DrService, region: string, s3Dns: string): string {
  return `${service.installerBucket(region)}.bucket.${s3Dns}`;
}

export function installerUrl(service: DrService, region: string, s3Dns: string, os: keyof typeof INSTALLER_KEYS): string {
  return `https://${installerHost(service, region, s3Dns)}/${INSTALLER_KEYS[os]}`;
}

/**
 * Run where STS is reachable, as one of agentInstall.principals; prints the three values on one
 * tab-separated line. --region: the CLI refuses to run without one where no default region is
 * configured, and it selects the STS regional endpoint.
 */
export function assumeRoleCommand(c: Credentials, service: DrService, region: string): string {
  return `aws sts assume-role --region ${region} --role-arn ${c.roleArn} --role-session-name ${service.id}-agent-install --duration-seconds ${c.sessionSeconds} --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text`;
}

/**
 * The credentials are typed at the installer's own prompts: the installer parameters page (DRS
 * "AWS Replication Agent Installer parameters"; MGN's Linux and Windows installation pages list
 * the same flags) says that without --aws-access-key-id / --aws-secret-access-key "the installer
 * prompts for it", and it asks for the session token of temporary (ASIA...) keys (reference 2.2).
 * No environment variable is documented for the installer, so none is relied on. Anything on
 * the command line would be visible in `ps` to every local user and logged by sudo, so
 * --no-prompt (which forbids those prompts) is left out.
 */
const promptNote = [
  '# The installer asks for the access key id, the secret access key and the session token: paste each value',
  '# from step 1 at its prompt (typed at the prompt, they never reach the command line, `ps`, logs or history).',
  '# It then asks which disks to replicate (Enter: all).',
];

export function linuxInstall(service: DrService, e: InstallEndpoints, c: Credentials): string {
  return [
    '#!/usr/bin/env bash',
    `# 1. Where AWS STS is reachable, as one of agentInstall.principals (temporary credentials, ${c.sessionSeconds} s):`,
    `#    ${assumeRoleCommand(c, service, e.region)}`,
    '# 2. On the source server, as a user who may sudo:',
    ...promptNote,
    `curl -fsS -o aws-replication-installer-init '${installerUrl(service, e.region, e.s3Dns, 'linux')}' &&`,
    '  chmod +x aws-replication-installer-init &&',
    `  sudo ./aws-replication-installer-init --region ${e.region} --endpoint ${e.serviceDns} --s3-endpoint ${e.s3Dns}`,
    endpointNote(service, e.region),
  ].join('\n');
}

/** Why --endpoint is there, and when to leave it out (DRS installer parameters; MGN is not DR). */
function endpointNote(service: DrService, region: string): string {
  const why =
    service.id === 'drs'
      ? ["# keeps the service's default name, which DRS recommends because an agent pinned to one endpoint name can", '# prevent failback.']
      : ["# keeps the service's default name, so the agent follows DNS if the endpoint is ever replaced."];
  return [
    `# Where ${service.id}.${region}.amazonaws.com already resolves to the endpoint (the private hosted zone in`,
    '# peered VPCs, or on-prem DNS forwarding it to the inbound resolver), leave out --endpoint: the agent then',
    ...why,
  ].join('\n');
}

/**
 * Windows PowerShell 5.1 on .NET Framework without strong-crypto defaults offers only SSL 3/TLS 1.0
 * to Invoke-WebRequest, and AWS endpoints require TLS 1.2 or later: TLS 1.2 is added for this
 * session only (Microsoft, "Transport Layer Security (TLS) best practices with the .NET
 * Framework"; AWS, "TLS 1.2 to become the minimum TLS protocol level for all AWS API endpoints").
 */
export function windowsInstall(service: DrService, e: InstallEndpoints, c: Credentials): string {
  return [
    `# 1. Where AWS STS is reachable, as one of agentInstall.principals (temporary credentials, ${c.sessionSeconds} s):`,
    `#    ${assumeRoleCommand(c, service, e.region)}`,
    '# 2. On the source server, in PowerShell as Administrator:',
    ...promptNote,
    "$ErrorActionPreference = 'Stop'",
    '[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12',
    `Invoke-WebRequest -UseBasicParsing -Uri '${installerUrl(service, e.region, e.s3Dns, 'windows')}' -OutFile "$env:TEMP\\AwsReplicationWindowsInstaller.exe"`,
    `& "$env:TEMP\\AwsReplicationWindowsInstaller.exe" --region ${e.region} --endpoint ${e.serviceDns} --s3-endpoint ${e.s3Dns}`,
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
    '#!/usr/bin/env bash',
    '# Pasted into a shell or run as a script; each step runs only if the one before succeeded.',
    `curl -fsS -o aws-replication-installer-init '${installerUrl(service, e.region, e.s3Dns, 'linux')}' &&`,
    '  chmod +x aws-replication-installer-init &&',
    `  sudo ./aws-replication-installer-init --region ${e.region}${accountId ? ` --account-id ${accountId}` : ''} --s3-endpoint ${e.s3Dns} --no-prompt`,
  ].join('\n');
}

/**
 * Every line a comment (`#` in bash and PowerShell alike): it stands where the install commands
 * stand, and an operator who saves it to a file and runs it gets nothing done rather than a syntax error.
 */
export function s3EndpointMissing(): string {
  return [
    '# The S3 interface endpoint is off (agentInstall.s3InterfaceEndpoint: false), so installers cannot be downloaded',
    '# through this VPC. For the next installs set agentInstall.s3InterfaceEndpoint: true, synthesize and deploy this',
    '# stack again; its outputs then carry the install commands. Installed agents keep replicating without it.',
  ].join('\n');
}

export { bindForwarders, forwardedZones, windowsForwarders } from './dns-forwarders';

export interface CheckInputs {
  readonly region: string;
  readonly serviceId: string;
  readonly serviceDns: string;
  /** The host the Linux installer is downloaded from (installerUrl), when the S3 interface endpoint exists. */
  readonly downloadHost?: string;
  /** Where private answers live: the staging VPCs whose endpoints or resolvers answer (this one first). */
  readonly privateCidrs: readonly string[];
  /** On-prem sources recover here: they get their private answers through on-prem DNS forwarding to the inbound resolvers. */
  readonly onPrem: boolean;
  /** AWS sources recovering here: their source VPC gets the service name from the zone its peering stack associates. */
  readonly awsServiceZones: readonly { readonly site: string; readonly peeringStack: string }[];
  readonly stagingSubnets: readonly string[];
  readonly replicationSecurityGroupId: string;
}

/**
 * A bash check to run on a source server: each name the installer and agent use resolves to a
 * private address inside the staging VPCs, and answers on 443. The S3 name probed is the host the
 * installer downloads from: the endpoint's DNS record is the wildcard *.vpce-..., which covers
 * `<bucket>.bucket.vpce-...` but not the bare vpce-... name (RFC 4592, 4.3: a wildcard matches
 * only names below it). Before on-prem DNS forwards the zones, the service name gets its PUBLIC
 * answer: that is reported as a DNS problem, not as a route problem.
 */
export function connectivityCheck(c: CheckInputs): string {
  const serviceName = `${c.serviceId}.${c.region}.amazonaws.com`;
  const names = [serviceName, c.serviceDns, ...(c.downloadHost ? [c.downloadHost] : [])];
  // What a public answer means depends on where the server is: on premises, DNS forwarding is missing; in
  // an AWS source VPC, the private hosted zone is not associated yet (its peering stack does that).
  const causes = [
    ...(c.onPrem ? ['from on premises: on-prem DNS does not forward the zone to the inbound resolver yet (see the dns_forwarders outputs)'] : []),
    ...c.awsServiceZones.map(
      (z) => `from site ${z.site}'s source VPC: the private hosted zone ${serviceName} is not associated with it yet (apply ${z.peeringStack}), or its DNS resolution is off`,
    ),
  ];
  return [
    '#!/usr/bin/env bash',
    '# Run on a source server. Every line must say ok.',
    `private_cidrs=(${c.privateCidrs.join(' ')})`,
    'ip4() { local IFS=.; local a b c d; read -r a b c d <<<"$1"; echo $(( (a << 24) + (b << 16) + (c << 8) + d )); }',
    'is_private() {',
    '  local ip cidr net bits',
    '  ip=$(ip4 "$1")',
    '  for cidr in "${private_cidrs[@]}"; do',
    '    net=$(ip4 "${cidr%/*}"); bits=${cidr#*/}',
    '    if (( (ip >> (32 - bits)) == (net >> (32 - bits)) )); then return 0; fi',
    '  done',
    '  return 1',
    '}',
    'fail=0',
    `for name in ${names.join(' ')}; do`,
    '  addrs=$(getent ahostsv4 "$name" | awk \'{print $1}\' | sort -u)',
    '  if [ -z "$addrs" ]; then echo "FAIL resolve $name (no answer: check DNS forwarding to the inbound resolver, or the private hosted zone association)"; fail=1; continue; fi',
    '  public=""',
    '  while read -r addr; do is_private "$addr" || public="$public $addr"; done <<<"$addrs"',
    '  if [ -n "$public" ]; then echo "FAIL resolve $name ->$public, outside ${private_cidrs[*]}: this is a public answer; ' + (causes.join('; ') || 'the private answer is missing') + '"; fail=1; continue; fi',
    '  echo "ok   resolve $name"',
    `  if timeout 5 bash -c "</dev/tcp/$name/${HTTPS_PORT}" 2>/dev/null; then echo "ok   tcp ${HTTPS_PORT} $name"; else echo "FAIL tcp ${HTTPS_PORT} $name (resolves privately; check routes to the staging VPC and the endpoints security group)"; fail=1; fi`,
    'done',
    `echo "TCP ${REPLICATION_PORT}: replication servers start in ${c.stagingSubnets[0]} once the first server is added; security group ${c.replicationSecurityGroupId} admits ${REPLICATION_PORT} from the sources."`,
    `echo "Then check from this server: timeout 5 bash -c '</dev/tcp/<replication server private IP>/${REPLICATION_PORT}' && echo ok"`,
    'exit "$fail"',
  ].join('\n');
}
