/** Issue: the agent install kit, read from the synthesized outputs. */
import { spawnSync } from 'node:child_process';
import { edited, problemsOf, validEnv } from './support/env';
import { output, scenario, synthFile } from './support/synth';

const S3 = '${replace(aws_vpc_endpoint.endpoints_s3_interface.dns_entry[0].dns_name, "*.", "")}';

describe('DRS install commands', () => {
  const s = synthFile(scenario('same-account')).stacks['same-staging-main-eu-west-2'];
  const DRS = '${aws_vpc_endpoint.endpoints_drs.dns_entry[0].dns_name}';

  it('Linux: the installer prompts for the temporary credentials, so no secret is on the sudo command line (finding 2)', () => {
    expect(output(s, 'agent_install_linux')).toBe(
      [
        '#!/usr/bin/env bash',
        '# 1. Where AWS STS is reachable, as one of agentInstall.principals (temporary credentials, 3600 s):',
        "#    aws sts assume-role --region eu-west-2 --role-arn arn:aws:iam::111111111111:role/private-dr/same-drs-agent-installation --role-session-name drs-agent-install --duration-seconds 3600 --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text",
        '# 2. On the source server, as a user who may sudo:',
        '# The installer asks for the access key id, the secret access key and the session token: paste each value',
        '# from step 1 at its prompt (typed at the prompt, they never reach the command line, `ps`, logs or history).',
        '# It then asks which disks to replicate (Enter: all).',
        `curl -fsS -o aws-replication-installer-init 'https://aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}/latest/linux/aws-replication-installer-init' &&`,
        '  chmod +x aws-replication-installer-init &&',
        `  sudo ./aws-replication-installer-init --region eu-west-2 --endpoint ${DRS} --s3-endpoint ${S3}`,
        '# Where drs.eu-west-2.amazonaws.com already resolves to the endpoint (the private hosted zone in',
        '# peered VPCs, or on-prem DNS forwarding it to the inbound resolver), leave out --endpoint: the agent then',
        "# keeps the service's default name, which DRS recommends because an agent pinned to one endpoint name can",
        '# prevent failback.',
      ].join('\n'),
    );
  });

  it('no credential ever appears on a command line, and --no-prompt is never given without them (findings 1, 2)', () => {
    for (const name of ['agent_install_linux', 'agent_install_windows']) {
      const text: string = output(s, name);
      expect(text).not.toMatch(/--aws-secret-access-key|--aws-session-token|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/);
      expect(text).not.toMatch(/--no-prompt/);
      expect(text).not.toMatch(/Read-Host(?![^\n]*-AsSecureString)/);
    }
  });

  it('Windows: TLS 1.2 for PowerShell 5.1, the case-sensitive installer key, credentials at the installer prompt (finding 1)', () => {
    const ps: string = output(s, 'agent_install_windows');
    const lines = ps.split('\n');
    const tls = lines.indexOf('[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12');
    const download = lines.indexOf(`Invoke-WebRequest -UseBasicParsing -Uri 'https://aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}/latest/windows/AwsReplicationWindowsInstaller.exe' -OutFile "$env:TEMP\\AwsReplicationWindowsInstaller.exe"`);
    expect(tls).toBeGreaterThan(-1);
    expect(download).toBeGreaterThan(tls);
    expect(lines).toContain(`& "$env:TEMP\\AwsReplicationWindowsInstaller.exe" --region eu-west-2 --endpoint ${DRS} --s3-endpoint ${S3}`);
    expect(ps).toContain('aws sts assume-role --region eu-west-2 ');
  });

  it('EC2 in the same account: instance profile, no --endpoint (the private hosted zone keeps failback working)', () => {
    expect(output(s, 'agent_install_ec2_dublin')).toContain(`  sudo ./aws-replication-installer-init --region eu-west-2 --s3-endpoint ${S3} --no-prompt`);
  });

  it('a connectivity check that probes the download host, wants private answers, opens 443 and explains 1500 (finding 7)', () => {
    const check: string = output(s, 'connectivity_check');
    expect(check).toContain(`for name in drs.eu-west-2.amazonaws.com ${DRS} aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}; do`);
    expect(check).toContain('private_cidrs=(10.0.0.0/16)');
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

  it('never claim a DRS recommendation (finding 9)', () => {
    for (const name of ['agent_install_linux', 'agent_install_windows']) expect(output(s, name)).not.toMatch(/DRS/);
  });

  it('warn that an EC2 source in another account cannot use its instance profile with MGN (finding 9)', () => {
    expect(output(s, 'agent_install_ec2_dc1')).toContain("MGN's installer has no --account-id");
  });
});

describe('without the S3 interface endpoint', () => {
  const s = synthFile(scenario('onprem-vgw')).stacks['vgw-staging-staging-eu-west-1'];
  it('removes the endpoint and says how to bring it back', () => {
    expect(s.resource.aws_vpc_endpoint.endpoints_s3_interface).toBeUndefined();
    expect(s.resource.aws_vpc_endpoint.endpoints_s3_gateway).toBeDefined();
    expect(output(s, 'agent_install_linux')).toContain('For the next installs set agentInstall.s3InterfaceEndpoint: true');
  });

  it('says so in comments only: saved to a file and run (bash or PowerShell), it does nothing and is no syntax error', () => {
    for (const name of ['agent_install_linux', 'agent_install_windows']) {
      const text: string = output(s, name);
      expect(text.split('\n').filter((line) => !line.startsWith('#'))).toEqual([]);
      expect(spawnSync('bash', ['-c', text], { encoding: 'utf8' })).toMatchObject({ status: 0, stdout: '', stderr: '' });
    }
  });
});

describe('a same-region MGN site (finding 9)', () => {
  it('is refused with the reason for MGN, not "DR recovers into another region"', () => {
    const env = edited(validEnv(), (e) => {
      e.service = 'mgn';
      e.sites[0].recovery.region = e.sites[0].source.region;
    });
    const problems = problemsOf(env).filter((p) => p.path === 'sites[0].recovery.region');
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^must differ from source\.region \([a-z0-9-]+\); this tool migrates with MGN into a landing VPC in another region than the source VPC$/)]);
  });
});
