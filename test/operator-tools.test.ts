/**
 * Issue 16: operator outputs proven by the real tools. Every output is rendered the way the
 * operator reads it (scripts/outputs-render.ts, with example values of the real shape) and then:
 * bash through shellcheck, BIND through named-checkconf and a live named on 127.0.0.1 that has no
 * root and validates DNSSEC by default, aws commands through the AWS CLI against a recording stub.
 * Locally a missing tool skips with a message; in CI (CI=true) it fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { bindForwarders, bindValidateExcept, forwardedZones } from '../constructs/dns-forwarders';
import { initializeCommand } from '../constructs/identity/drs-initialization';
import { renderValue, type RenderContext } from '../scripts/outputs-render';
import { dnsForwarderFiles, writeGeneratedFiles } from '../stacks/dns-files';
import { callerIs, requireAwsCli, runWithAwsStub, type RecordedRequest, type StubReply } from './support/aws-cli';
import { SCENARIOS, synthFile, type TfJson } from './support/synth';
import { freePort, requireTools, run, startNamed } from './support/tools';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-operator-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function envFile(env: Record<string, unknown>): string {
  const file = path.join(tmp, `${env.name as string}.yaml`);
  fs.writeFileSync(file, stringify(env));
  return file;
}

/** Two staging accounts in one region behind one on-prem site, with tags that broke the shorthand. */
const TWO_STAGINGS = {
  name: 'two',
  tags: { Environment: 'prod', Owner: "O'Brien, ops", CostCentre: 'a=b,Environment=smuggled' },
  accounts: { a: { id: '222222222222' }, b: { id: '444444444444' } },
  sites: [
    {
      name: 'dc',
      source: { type: 'onprem', cidrs: ['192.168.0.0/16'], dnsServers: ['192.168.10.10'], transitGatewayId: 'tgw-0123456789abcdef0' },
      recovery: {
        region: 'eu-west-3',
        staging: [
          { account: 'a', cidr: '10.1.0.0/16', servers: 40 },
          { account: 'b', cidr: '10.2.0.0/16', servers: 40 },
        ],
      },
    },
  ],
  agentInstall: { principals: ['arn:aws:iam::111111111111:role/DRInstallers'] },
};
const MGN_TAGGED = { ...TWO_STAGINGS, name: 'moving', service: 'mgn', replication: { stagingDiskType: 'AUTO', encryption: 'cmk' } };

const files = [
  path.resolve(__dirname, '..', 'envs', 'example.yaml'),
  ...fs.readdirSync(SCENARIOS).map((f) => path.join(SCENARIOS, f)),
  envFile(TWO_STAGINGS),
  envFile(MGN_TAGGED),
];
const synthesized = files.map((f) => ({ file: path.basename(f), ...synthFile(f) }));
afterAll(() => synthesized.forEach((s) => fs.rmSync(s.outdir, { recursive: true, force: true })));

interface RenderedOutput {
  readonly where: string;
  readonly name: string;
  /** The output's name, then the keys down to this string in a map output. */
  readonly at: string;
  readonly text: string;
  readonly ctx: RenderContext;
}

/**
 * The stack's region and account; references to upstream stacks' outputs (terraform_remote_state)
 * render as the producing stack's output in its own context. The producer is the stack whose name
 * the remote state's backend settings carry (state path, key or workspace), the longest such name.
 */
function contextOf(stack: TfJson, stacks: Record<string, TfJson>): RenderContext {
  const aws = stack.provider.aws.find((p) => !p.alias)!;
  const states: Record<string, { config?: unknown }> = stack.data?.terraform_remote_state ?? {};
  return {
    region: aws.region,
    accountId: aws.allowed_account_ids[0],
    remoteOutput: (state, output) => {
      const config = JSON.stringify(states[state]?.config ?? {});
      const producer = Object.keys(stacks).filter((n) => config.includes(n)).sort((a, b) => b.length - a.length)[0];
      const value = producer ? stacks[producer].output?.[output]?.value : undefined;
      return typeof value === 'string' ? (renderValue(value, 'example', contextOf(stacks[producer], stacks)) as string) : undefined;
    },
  };
}

/** Each string in an output value (maps and lists member by member, named by their keys). */
function texts(value: unknown, at: string): { at: string; text: string }[] {
  if (typeof value === 'string') return [{ at, text: value }];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => texts(v, `${at}.${k}`));
  return [];
}

/** Every string of every output of every stack, rendered with example values. */
const rendered: RenderedOutput[] = synthesized.flatMap(({ file, stacks }) =>
  Object.entries(stacks).flatMap(([stackName, stack]) => {
    const ctx = contextOf(stack, stacks);
    return Object.entries(stack.output ?? {}).flatMap(([name, o]) =>
      texts(renderValue(o.value, 'example', ctx), name).map(({ at, text }) => ({ where: `${file} ${stackName} ${at}`, name, at, text, ctx })),
    );
  }),
);
const named = (re: RegExp) => rendered.filter((o) => re.test(o.name));
/**
 * Outputs for another interpreter (PowerShell, BIND). Every other text of more than one word is bash
 * and goes through shellcheck, so a new shell output is checked without anyone listing it (and a new
 * output in another language fails here until it is named).
 */
const OTHER_LANGUAGE = /^(agent_install_windows|dns_forwarders_windows|dns_forwarders_bind|dns_forwarders_bind_options)$/;
const bashOutputs = rendered.filter((o) => !OTHER_LANGUAGE.test(o.name) && /\s/.test(o.text.trim()));

test('every shell output is found as bash, including those in maps (failback, extend, transit gateway acceptance)', () => {
  const names = new Set(bashOutputs.map((o) => o.at.replace(/^(agent_install_ec2)_.*/, '$1_<site>').replace(/^(\w+)\.[^.]+(\.accept_command)?$/, '$1.<key>$2')));
  expect([...names].sort()).toEqual(
    expect.arrayContaining([
      'agent_install_ec2_<site>',
      'agent_install_linux',
      'apply_launch_settings_to_existing_servers',
      'connectivity_check',
      'extend_source_servers_commands.<key>',
      'failback_client_commands',
      'failback_commands.<key>',
      'mgn_replication_settings_commands',
      'transit_gateway_acceptance.<key>.accept_command',
    ]),
  );
});

test('the rendered outputs are what the operator pastes: no Terraform syntax or placeholder left', () => {
  expect(bashOutputs.length).toBeGreaterThan(10);
  for (const o of [...named(/^(agent_install_.*|dns_forwarders_.*)$/), ...bashOutputs]) expect(`${o.where}: ${o.text}`).not.toMatch(/\$\{(?!private_cidrs|cidr)|<(aws_|data\.)|%\{/);
});

test('the DRS replication template keeps the user\'s Environment tag (finding 10)', () => {
  const two = synthesized.find((s) => s.file === 'two.yaml')!;
  const template = Object.values(two.stacks['two-staging-a-eu-west-3'].resource.aws_drs_replication_configuration_template)[0] as Record<string, any>;
  expect(template.staging_area_tags).toEqual({ Environment: 'prod', Owner: "O'Brien, ops", CostCentre: 'a=b,Environment=smuggled', 'private-dr:staging': 'two-staging-a-eu-west-3' });
});

describe('shellcheck', () => {
  const tools = requireTools(['shellcheck'], 'shellcheck');
  const maybe = tools ? test : test.skip;

  maybe('every bash output passes shellcheck (findings 2, 6, 7)', () => {
    const failures = bashOutputs
      .map((o) => ({ o, r: run(tools!.shellcheck, ['-s', 'bash', '-'], o.text) }))
      .filter(({ r }) => r.code !== 0)
      .map(({ o, r }) => `${o.where}:\n${r.out}`);
    expect(failures).toEqual([]);
  });

  maybe('the assume-role command in each install output passes shellcheck', () => {
    for (const o of named(/^agent_install_(linux|windows)$/).filter((x) => x.text.includes('assume-role'))) {
      const line = /^#\s+(aws sts assume-role .*)$/m.exec(o.text)![1];
      expect(run(tools!.shellcheck, ['-s', 'bash', '-'], `${line}\n`)).toEqual({ code: 0, out: '' });
    }
  });

  maybe('the initialize-service step Terraform runs passes shellcheck as sh (finding 8)', () => {
    expect(run(tools!.shellcheck, ['-s', 'sh', '-'], initializeCommand('drs'))).toEqual({ code: 0, out: '' });
  });

  maybe('a bash output with the old shorthand tags or a secret on the sudo line would be caught', () => {
    // The check can fail: an unquoted expansion is what shellcheck reports.
    expect(run(tools!.shellcheck, ['-s', 'bash', '-'], 'sudo ./x --aws-secret-access-key $AWS_SECRET_ACCESS_KEY\n').code).not.toBe(0);
  });
});

describe('the connectivity check, run by bash with a stand-in getent', () => {
  const checkOf = (where: string) => named(/^connectivity_check$/).find((o) => o.where.startsWith(`${where} `))!;
  const check = checkOf('two.yaml two-staging-a-eu-west-3');

  function runCheck(answers: Record<string, string>, text = check.text): { code: number; out: string } {
    const bin = fs.mkdtempSync(path.join(tmp, 'bin-'));
    const table = Object.entries(answers).map(([n, ip]) => `  ${n}) echo "${ip}      STREAM ${n}";;`).join('\n');
    fs.writeFileSync(path.join(bin, 'getent'), `#!/usr/bin/env bash\ncase "$2" in\n${table}\n  *) exit 2;;\nesac\n`, { mode: 0o755 });
    // No real connection is ever attempted: 443 "answers" from the private addresses.
    fs.writeFileSync(path.join(bin, 'timeout'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const script = path.join(bin, 'check.sh');
    fs.writeFileSync(script, text);
    const r = run('/usr/bin/env', ['PATH=' + `${bin}:${process.env.PATH}`, 'bash', script]);
    fs.rmSync(bin, { recursive: true, force: true });
    return r;
  }

  const names = (text = check.text) => /^for name in (.*); do$/m.exec(text)![1].split(' ');

  test('probes the host the installer downloads from, not the bare S3 endpoint name (finding 7)', () => {
    expect(names()).toEqual([
      'drs.eu-west-3.amazonaws.com',
      'vpce-0123456789abcdef0-x1y2z3w4.drs.eu-west-3.vpce.amazonaws.com',
      'aws-elastic-disaster-recovery-eu-west-3.bucket.vpce-0a1b2c3d4e5f60718-k2mzq3fj.s3.eu-west-3.vpce.amazonaws.com',
    ]);
  });

  test('a public answer before DNS forwarding exists is a DNS failure, not "ok" (finding 7)', () => {
    const [service, endpoint, download] = names();
    const r = runCheck({ [service]: '52.94.36.10', [endpoint]: '10.1.192.20', [download]: '10.2.192.21' });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'FAIL resolve drs.eu-west-3.amazonaws.com -> 52.94.36.10, outside 10.1.0.0/16 10.2.0.0/16: this is a public answer; from on premises: on-prem DNS does not forward the zone to the inbound resolver yet (see the dns_forwarders outputs)\n',
    );
    expect(r.out).not.toMatch(/ok\s+resolve drs\.|check routes/);
  });

  test('private answers in any staging VPC of the region pass', () => {
    const [service, endpoint, download] = names();
    const r = runCheck({ [service]: '10.2.192.20', [endpoint]: '10.1.192.20', [download]: '10.1.200.21' });
    expect(r.out).toContain(`ok   resolve ${download}`);
    expect(r.code).toBe(0);
  });

  describe.each([
    ['multi-staging.yaml', 'big'],
    ['example.yaml', 'example'],
  ])('an AWS site with two staging accounts in one region (%s)', (file, env) => {
    const { plan } = synthesized.find((x) => x.file === file)!;
    // The plan's own decision: the peering that associates the service zone with dublin's source VPC.
    const zone = plan.peerings.find((p) => p.site === 'dublin' && p.associateServiceZone)!;
    const [a, b] = [checkOf(`${file} ${env}-staging-staging-a-eu-west-2`).text, checkOf(`${file} ${env}-staging-staging-b-eu-west-2`).text];

    test('each check accepts its own VPC (endpoint names) and the VPC whose zone the source VPC uses, nothing else', () => {
      expect([zone.stack.name, zone.peer.cidr]).toEqual([`${env}-dublin-peering-staging-a`, '10.0.0.0/16']);
      expect(a).toContain('private_cidrs=(10.0.0.0/16)\n');
      expect(b).toContain('private_cidrs=(10.2.0.0/16 10.0.0.0/16)\n');
    });

    test('the other account\'s check passes when the service name answers from the first account\'s zone', () => {
      const [service, endpoint, download] = names(b);
      const r = runCheck({ [service]: '10.0.192.20', [endpoint]: '10.2.192.20', [download]: '10.2.200.21' }, b);
      expect(r.out).toContain('ok   resolve drs.eu-west-2.amazonaws.com');
      expect(r.out).not.toContain('FAIL');
      expect(r.code).toBe(0);
    });

    test('a public answer names the missing zone association and its peering stack, not on-prem DNS', () => {
      const [service, endpoint, download] = names(b);
      const r = runCheck({ [service]: '52.94.36.10', [endpoint]: '10.2.192.20', [download]: '10.2.200.21' }, b);
      expect(r.code).toBe(1);
      expect(r.out).toContain(
        `FAIL resolve drs.eu-west-2.amazonaws.com -> 52.94.36.10, outside 10.2.0.0/16 10.0.0.0/16: this is a public answer; from site dublin's source VPC: the private hosted zone drs.eu-west-2.amazonaws.com is not associated with it yet (apply ${env}-dublin-peering-staging-a), or its DNS resolution is off`,
      );
      expect(r.out).not.toMatch(/on-prem|forward/);
    });

    test('an answer from a VPC whose endpoints do not serve the source VPC (the target VPC) fails', () => {
      const [service, endpoint, download] = names(b);
      const r = runCheck({ [service]: '10.9.192.20', [endpoint]: '10.2.192.20', [download]: '10.2.200.21' }, b);
      expect(r.code).toBe(1);
      expect(r.out).toContain('FAIL resolve drs.eu-west-2.amazonaws.com -> 10.9.192.20');
    });
  });
});

describe('BIND', () => {
  const tools = requireTools(['named', 'named-checkconf', 'dig'], 'bind9 bind9-utils dnsutils');
  const maybe = tools ? test : test.skip;
  const bindFiles = synthesized.flatMap((s) => dnsForwarderFiles([s.plan])).filter((f) => f.path.endsWith('.named.conf'));

  test('one forwarding configuration per environment and region, identical in every staging stack of it (finding 5)', () => {
    const two = synthesized.find((s) => s.file === 'two.yaml')!;
    expect(dnsForwarderFiles([two.plan]).map((f) => f.path)).toEqual(['dns/two-eu-west-3.named.conf', 'dns/two-eu-west-3.ps1']);
    const outputs = Object.values(two.stacks).filter((s) => s.output?.dns_forwarders_bind).map((s) => s.output!.dns_forwarders_bind.value);
    expect(outputs).toHaveLength(2);
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toContain('forwarders { 10.1.192.4; 10.1.200.4; 10.2.192.4; 10.2.200.4; };');
    const written = path.join(tmp, 'out');
    writeGeneratedFiles(written, dnsForwarderFiles([two.plan]));
    expect(fs.readFileSync(path.join(written, 'dns', 'two-eu-west-3.named.conf'), 'utf8')).toBe(outputs[0]);
  });

  maybe('every BIND file and output passes named-checkconf, and loading the region\'s outputs once each works', () => {
    expect(bindFiles.length).toBeGreaterThan(1);
    for (const f of [...bindFiles.map((b) => ({ where: b.path, text: b.content })), ...named(/^dns_forwarders_bind$/).map((o) => ({ where: o.where, text: o.text }))]) {
      const file = path.join(tmp, 'check.conf');
      fs.writeFileSync(file, f.text);
      expect(`${f.where}: ${run(tools!['named-checkconf'], [file]).out}`).toBe(`${f.where}: `);
    }
  });

  maybe('a live isolated resolver answers the three zones only with validate-except (finding 3)', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'named-'));
    const zones = forwardedZones('drs', 'eu-west-3');
    const [authPort, resolverPort] = [await freePort(), await freePort()];
    const answers: Record<string, string> = {
      'drs.eu-west-3.amazonaws.com': '10.1.192.50',
      'ec2.eu-west-3.amazonaws.com': '10.1.192.51',
      'vpce-0123456789abcdef0-x1y2z3w4.drs.eu-west-3.vpce.amazonaws.com': '10.1.192.52',
    };
    // The stub authoritative server: one primary zone per forwarded zone, unsigned, like Route 53 Resolver's answers.
    zones.forEach((z, i) => {
      const records = Object.entries(answers).filter(([n]) => n === z || n.endsWith(`.${z}`)).map(([n, ip]) => `${n}. IN A ${ip}`);
      fs.writeFileSync(path.join(dir, `z${i}.db`), [`$TTL 60`, `@ IN SOA ns.invalid. hostmaster.invalid. 1 60 60 60 60`, `@ IN NS ns.invalid.`, ...records, ''].join('\n'));
    });
    const common = (name: string, port: number) =>
      `directory "${dir}"; pid-file "${dir}/${name}.pid"; session-keyfile "${dir}/${name}.key"; listen-on port ${port} { 127.0.0.1; }; listen-on-v6 { none; };`;
    fs.writeFileSync(
      path.join(dir, 'auth.conf'),
      [`options { ${common('auth', authPort)} recursion no; dnssec-validation no; };`, 'controls { };', ...zones.map((z, i) => `zone "${z}" { type primary; file "${dir}/z${i}.db"; };`), ''].join('\n'),
    );
    // No reachable root: the only root server is 127.0.0.1:53, where nothing of ours listens.
    fs.writeFileSync(path.join(dir, 'root.hint'), '. 3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A 127.0.0.1\n');
    const resolverConf = (validateExcept: boolean) =>
      [
        // DNSSEC stays at BIND's default (dnssec-validation auto): nothing here turns it off.
        `options { ${common('resolver', resolverPort)} recursion yes; allow-query { 127.0.0.1; }; ${validateExcept ? bindValidateExcept(zones) : ''} };`,
        // No control channel: named would otherwise listen on 953 (also on ::1).
        'controls { };',
        `zone "." { type hint; file "${dir}/root.hint"; };`,
        bindForwarders(zones, ['127.0.0.1'], authPort),
        '',
      ].join('\n');

    const auth = await startNamed(tools!.named, tools!.dig, path.join(dir, 'auth.conf'), authPort);
    try {
      for (const validateExcept of [false, true]) {
        const conf = path.join(dir, `resolver-${validateExcept}.conf`);
        fs.writeFileSync(conf, resolverConf(validateExcept));
        expect(run(tools!['named-checkconf'], [conf]).out).toBe('');
        const resolver = await startNamed(tools!.named, tools!.dig, conf, resolverPort);
        try {
          for (const [name, ip] of Object.entries(answers)) {
            const r = run(tools!.dig, ['@127.0.0.1', '-p', String(resolverPort), '+time=15', '+tries=1', name, 'A']);
            if (validateExcept) {
              expect(`${name}: ${/status: (\w+)/.exec(r.out)?.[1]}`).toBe(`${name}: NOERROR`);
              expect(r.out).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}\\.\\s+\\d+\\s+IN\\s+A\\s+${ip.replace(/\./g, '\\.')}$`, 'm'));
            } else {
              // The snippet as it was: an isolated resolver cannot build the DNSSEC chain.
              expect(`${name}: ${/status: (\w+)/.exec(r.out)?.[1]}`).toBe(`${name}: SERVFAIL`);
            }
          }
        } finally {
          await resolver.stop();
        }
      }
    } finally {
      await auth.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('AWS CLI', () => {
  const sts = requireAwsCli('sts', 'assume-role');
  const mgn = requireAwsCli('mgn', 'create-replication-configuration-template');

  (sts ? test : test.skip)('each assume-role command parses without a default region and asks for the right role (finding 8)', async () => {
    const installs = named(/^agent_install_linux$/).filter((o) => o.text.includes('assume-role'));
    expect(installs.length).toBeGreaterThan(3);
    // One per distinct command, at most four: each CLI start costs seconds.
    const lines = new Map(installs.map((o) => [/^#\s+(aws sts assume-role .*)$/m.exec(o.text)![1], o] as const));
    for (const [line, o] of [...lines].slice(0, 4)) {
      const r = await runWithAwsStub(sts!, line);
      expect(r.requests.map((q) => [q.operation, q.params.RoleSessionName, q.headers.host])).toEqual([[
        'AssumeRole',
        expect.stringMatching(/^(drs|mgn)-agent-install$/),
        expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      ]]);
      expect(r.requests[0].params.RoleArn).toMatch(new RegExp(`^arn:aws:iam::${o.ctx.accountId}:role/private-dr/`));
      expect(r.requests[0].headers.authorization).toContain(`/${o.ctx.region}/sts/aws4_request`);
    }
  });

  (sts ? test : test.skip)('the initialize step names the real account problem instead of a misleading one (finding 8)', async () => {
    const xml = (op: string, inner: string) => `<${op}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${op}Result>${inner}</${op}Result></${op}Response>`;
    const reply = (account: string) =>
      callerIs(account, (req: RecordedRequest): StubReply | undefined =>
        req.operation === 'AssumeRole'
          ? { status: 200, contentType: 'text/xml', body: xml('AssumeRole', '<Credentials><AccessKeyId>ASIAEXAMPLEEXAMPLE12</AccessKeyId><SecretAccessKey>s3cr3t</SecretAccessKey><SessionToken>t0ken</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>') }
          : undefined,
      );
    const env = { ROLE_ARN: 'arn:aws:iam::222222222222:role/Terraform', ACCOUNT_ID: '222222222222', REGION: 'eu-west-3' };
    const wrong = await runWithAwsStub(sts!, initializeCommand('drs'), { env, reply: reply('999999999999') });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('credentials are for account 999999999999, not 222222222222');
    expect(wrong.requests.map((q) => q.operation)).toEqual(['AssumeRole', 'GetCallerIdentity']);
    const right = await runWithAwsStub(sts!, initializeCommand('drs'), { env, reply: reply('222222222222') });
    expect(right.stderr).toBe('');
    expect(right.requests.map((q) => q.operation)).toEqual(['AssumeRole', 'GetCallerIdentity', 'InitializeService']);
    expect(right.requests[2].headers.authorization).toContain('Credential=ASIAEXAMPLEEXAMPLE12/');
  });

  const ec2 = requireAwsCli('ec2', 'accept-transit-gateway-vpc-attachment');
  const drs = requireAwsCli('drs', 'create-extended-source-server');
  /** SigV4's credential scope: the region and service a request was signed for. */
  const scope = (q: RecordedRequest) => /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(q.headers.authorization))?.slice(1);

  (ec2 ? test : test.skip)('the transit gateway accept_command parses and accepts this stack\'s attachment in its region', async () => {
    const o = rendered.find((x) => x.where.startsWith('example.yaml example-staging-staging-a-us-east-1 ') && x.at.endsWith('.accept_command'))!;
    expect(o.at).toBe('transit_gateway_acceptance.tgw-0123456789abcdef0.accept_command');
    const r = await runWithAwsStub(ec2!, `set -e\n${o.text} >/dev/null`);
    expect(r.stderr).toBe('');
    expect(r.requests.map((q) => [q.params.Action, q.params.TransitGatewayAttachmentId, scope(q)])).toEqual([
      ['AcceptTransitGatewayVpcAttachment', 'tgw-attach-0123456789abcdef0', ['us-east-1', 'ec2']],
    ]);
  });

  (drs ? test : test.skip)('the extend commands list the staging account\'s extensible servers and extend each one', async () => {
    const commands = rendered.filter((x) => x.where.startsWith('example.yaml example-dublin-target ') && x.name === 'extend_source_servers_commands');
    expect(commands.map((c) => c.at)).toEqual(['extend_source_servers_commands.staging-a', 'extend_source_servers_commands.staging-b']);
    const arns = ['arn:aws:drs:eu-west-2:222222222222:source-server/s-0123456789abcdef0', 'arn:aws:drs:eu-west-2:222222222222:source-server/s-0123456789abcdef1'];
    const reply = (q: RecordedRequest): StubReply | undefined =>
      q.operation === 'ListExtensibleSourceServers' ? { status: 200, body: JSON.stringify({ items: arns.map((arn) => ({ arn, hostname: 'h', recoveryInstanceId: '' })) }) } : undefined;
    const r = await runWithAwsStub(drs!, `set -eo pipefail\n${commands[0].text} >/dev/null`, { reply });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => [q.operation, q.params, scope(q)])).toEqual([
      ['ListExtensibleSourceServers', { stagingAccountID: '222222222222' }, ['eu-west-2', 'drs']],
      ['CreateExtendedSourceServer', { sourceServerArn: arns[0] }, ['eu-west-2', 'drs']],
      ['CreateExtendedSourceServer', { sourceServerArn: arns[1] }, ['eu-west-2', 'drs']],
    ]);
  });

  (mgn ? test : test.skip)('the MGN commands parse, and the template request carries the tags exactly, the user\'s Environment kept (findings 6, 9, 10)', async () => {
    const o = named(/^mgn_replication_settings_commands$/).find((x) => x.where.startsWith('moving.yaml'))!;
    expect(o.text).toContain('AUTO is DRS-only');
    const r = await runWithAwsStub(mgn!, `set -e\n${o.text}`);
    expect(r.stderr).toBe('');
    expect(r.requests.map((q) => q.path.split('?')[0])).toEqual(['/InitializeService', '/CreateReplicationConfigurationTemplate']);
    const body = r.requests[1].params;
    expect(body.stagingAreaTags).toEqual({
      Environment: 'prod',
      Owner: "O'Brien, ops",
      CostCentre: 'a=b,Environment=smuggled',
      'private-dr:staging': expect.stringMatching(/^moving-staging-(a|b)-eu-west-3$/),
    });
    expect(body).toMatchObject({
      defaultLargeStagingDiskType: 'GP3',
      dataPlaneRouting: 'PRIVATE_IP',
      createPublicIP: false,
      associateDefaultSecurityGroup: false,
      replicationServersSecurityGroupsIDs: ['sg-0123456789abcdef0'],
      stagingAreaSubnetId: 'subnet-0123456789abcdef0',
      ebsEncryption: 'CUSTOM',
    });
  });
});
