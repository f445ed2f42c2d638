/** Issue: the agent install kit, read from the synthesized outputs. */
import { output, scenario, synthFile } from './support/synth';

const S3 = '${replace(aws_vpc_endpoint.endpoints_s3_interface.dns_entry[0].dns_name, "*.", "")}';

describe('DRS install commands', () => {
  const s = synthFile(scenario('same-account')).stacks['same-staging-main-eu-west-2'];
  const DRS = '${aws_vpc_endpoint.endpoints_drs.dns_entry[0].dns_name}';

  it('Linux: temporary credentials, download through the S3 interface endpoint, --endpoint and --s3-endpoint', () => {
    expect(output(s, 'agent_install_linux')).toBe(
      [
        '# 1. Where AWS STS is reachable, as one of agentInstall.principals (temporary credentials, 3600 s):',
        "aws sts assume-role --role-arn arn:aws:iam::111111111111:role/private-dr/same-drs-agent-installation --role-session-name drs-agent-install --duration-seconds 3600 --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text",
        '# 2. On the source server: paste that line at the prompt (kept in shell variables only, never on disk).',
        'read -rs AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
        `curl -fsS -o aws-replication-installer-init 'https://aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}/latest/linux/aws-replication-installer-init'`,
        'chmod +x aws-replication-installer-init',
        `sudo ./aws-replication-installer-init --region eu-west-2 --aws-access-key-id "$AWS_ACCESS_KEY_ID" --aws-secret-access-key "$AWS_SECRET_ACCESS_KEY" --aws-session-token "$AWS_SESSION_TOKEN" --endpoint ${DRS} --s3-endpoint ${S3} --no-prompt`,
        'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
        '# Where drs.eu-west-2.amazonaws.com already resolves to the endpoint (the private hosted zone in',
        '# peered VPCs, or on-prem DNS forwarding it to the inbound resolver), leave out --endpoint: the agent then',
        "# keeps the service's default name, which DRS recommends because an agent pinned to one endpoint name can",
        '# prevent failback.',
      ].join('\n'),
    );
  });

  it('Windows: PowerShell with the case-sensitive installer key and credentials in the session only', () => {
    const ps: string = output(s, 'agent_install_windows');
    expect(ps).toContain(`Invoke-WebRequest -UseBasicParsing -Uri 'https://aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}/latest/windows/AwsReplicationWindowsInstaller.exe' -OutFile "$env:TEMP\\AwsReplicationWindowsInstaller.exe"`);
    expect(ps).toContain(`& "$env:TEMP\\AwsReplicationWindowsInstaller.exe" --region eu-west-2 --endpoint ${DRS} --s3-endpoint ${S3} --no-prompt`);
    expect(ps).toContain('$env:AWS_SESSION_TOKEN = $k[2]');
    expect(ps).not.toMatch(/aws-access-key-id/);
  });

  it('EC2 in the same account: instance profile, no --endpoint (the private hosted zone keeps failback working)', () => {
    expect(output(s, 'agent_install_ec2_dublin')).toContain(`sudo ./aws-replication-installer-init --region eu-west-2 --s3-endpoint ${S3} --no-prompt`);
  });

  it('a connectivity check that resolves and opens 443 to each endpoint and explains 1500', () => {
    const check: string = output(s, 'connectivity_check');
    expect(check).toContain(`for name in drs.eu-west-2.amazonaws.com ${DRS} ${S3}; do`);
    expect(check).toContain('timeout 5 bash -c "</dev/tcp/$name/443"');
    expect(check).toContain('TCP 1500: replication servers start in 10.0.0.0/19');
  });
});

describe('MGN install commands', () => {
  const s = synthFile(scenario('mgn')).stacks['migrate-staging-landing-us-west-2'];
  it('use the MGN bucket, endpoint and role', () => {
    const linux: string = output(s, 'agent_install_linux');
    expect(linux).toContain(`'https://aws-application-migration-service-us-west-2.bucket.${S3}/latest/linux/aws-replication-installer-init'`);
    expect(linux).toContain('--endpoint ${aws_vpc_endpoint.endpoints_mgn.dns_entry[0].dns_name}');
    expect(linux).toContain('role/private-dr/migrate-mgn-agent-installation --role-session-name mgn-agent-install');
    expect(output(s, 'agent_install_windows')).toContain('https://aws-application-migration-service-us-west-2.bucket.');
  });
});

describe('without the S3 interface endpoint', () => {
  const s = synthFile(scenario('onprem-vgw')).stacks['vgw-staging-staging-eu-west-1'];
  it('removes the endpoint and says how to bring it back', () => {
    expect(s.resource.aws_vpc_endpoint.endpoints_s3_interface).toBeUndefined();
    expect(s.resource.aws_vpc_endpoint.endpoints_s3_gateway).toBeDefined();
    expect(output(s, 'agent_install_linux')).toContain('For the next installs set agentInstall.s3InterfaceEndpoint: true');
  });
});
