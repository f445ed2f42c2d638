/**
 * Issue 12, input half: a hostile or broken environment file is refused with a clear, safe
 * message (exit 1, "Nothing was written.") and never reaches Terraform: template injection,
 * prototype keys, parser limits and read errors, silently accepted values, echoed content.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { App, TerraformStack } from 'cdktf';
import { stringify } from 'yaml';
import { loadEnvironment, loadEnvironments, envFiles } from '../config/load';
import { InvalidEnvironmentError } from '../config/problems';
import { INSTANCE_TYPE } from '../config/formats';
import { awsProvider } from '../stacks/provider';
import { accepted, edited, problemsOf, validEnv, type Json } from './support/env';

const ROOT = path.resolve(__dirname, '..');
const dirs: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-input-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Writes `content` as a file and returns the problems loading it gives (fails if it loads). */
function fileProblems(name: string, content: string | Buffer): { file: string; messages: string[]; text: string } {
  const file = path.join(tmp(), name);
  fs.writeFileSync(file, content);
  try {
    loadEnvironment(file);
  } catch (e) {
    if (!(e instanceof InvalidEnvironmentError)) throw e;
    return { file, messages: e.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)), text: e.message };
  }
  throw new Error(`${name} was accepted`);
}

const yamlOf = (env: Json) => stringify(env);
const paths = (env: Json) => problemsOf(env).map((p) => p.path);

describe('Terraform template sequences (issue 12 item 2)', () => {
  const hostile = ['${file("/etc/hostname")}', '%{ if true }x%{ endif }', 'a$${b}', 'pre${env.HOME}post'];

  it.each(hostile)('refuses %s as a tag value and as a tag key, naming the field', (text) => {
    expect(problemsOf(edited(validEnv(), (e) => (e.tags = { Owner: text })))).toEqual([
      { path: 'tags.Owner', message: expect.stringMatching(/^the value ".*" contains "[$%]\{", which Terraform would evaluate as a template/) },
    ]);
    const [p] = problemsOf(edited(validEnv(), (e) => (e.tags = { [text]: 'x' })));
    expect(p.message).toMatch(/^the key ".*" contains "[$%]\{"/);
  });

  it('refuses them in every backend field (Terraform takes backend strings verbatim, so escaping is no option there)', () => {
    const s3 = { type: 's3', bucket: 'acme-${file("x")}', region: 'eu-west-1', keyPrefix: 'dr/${path.cwd}' };
    expect(paths(edited(validEnv(), (e) => (e.backend = s3)))).toEqual(['backend.bucket', 'backend.keyPrefix', 'backend.bucket', 'backend.keyPrefix']);
    const remote = { type: 'remote', organization: '${file("o")}', workspacePrefix: '%{x}', hostname: '${h}.example.com' };
    const found = paths(edited(validEnv(), (e) => (e.backend = remote)));
    expect(new Set(found)).toEqual(new Set(['backend.organization', 'backend.workspacePrefix', 'backend.hostname']));
  });

  it('the file from the issue is refused through the real command, and nothing is written', () => {
    const dir = tmp();
    const file = path.join(dir, 'inj.yaml');
    fs.writeFileSync(file, yamlOf(edited(validEnv(), (e) => (e.tags = { Owner: '${file("/etc/hostname")}' }))));
    const outdir = path.join(dir, 'out');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.cjs'), 'main.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DR_ENV: file, CDKTF_OUTDIR: outdir }, timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('tags.Owner: the value "${file(\\"/etc/hostname\\")}" contains "${"');
    expect(run.stderr).toMatch(/Nothing was written\.\n$/);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe('prototype keys (issue 12 item 3)', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('an account reference "%s" that the file does not define is refused', (alias) => {
    expect(problemsOf(edited(validEnv(), (e) => (e.sites[0].source.account = alias)))).toEqual([
      { path: 'sites[0].source.account', message: expect.stringContaining(`account alias "${alias}" is not defined under accounts`) },
    ]);
    expect(paths(edited(validEnv(), (e) => (e.sites[0].recovery.staging[0].account = alias)))).toContain('sites[0].recovery.staging[0].account');
  });

  it('an account defined as "constructor" is refused with its path, not misread', () => {
    const env = edited(validEnv(), (e) => {
      e.accounts.constructor = e.accounts.workloads;
      delete e.accounts.workloads;
      e.sites[0].source.account = 'constructor';
    });
    expect(fileProblems('ctor.yaml', yamlOf(env)).messages).toEqual([
      expect.stringMatching(/^accounts\.constructor: "constructor" is a name every JavaScript object already has/),
      expect.stringMatching(/^sites\[0\]\.source\.account: account alias "constructor" is not defined under accounts/),
    ]);
    expect(paths(edited(validEnv(), (e) => (e.tags = { toString: 'x', hasOwnProperty: 'y' })))).toEqual(['tags.toString', 'tags.hasOwnProperty']);
  });

  it('"__proto__" as a key is refused, not dropped: under accounts (YAML and JSON) and under tags', () => {
    const yaml = yamlOf(validEnv()).replace('accounts:\n', 'accounts:\n  __proto__:\n    id: "555555555555"\n');
    expect(fileProblems('proto.yaml', yaml).messages).toEqual([expect.stringMatching(/^accounts\.__proto__: "__proto__" is a name every JavaScript object already has/)]);
    const json = JSON.stringify(validEnv()).replace('"accounts":{', '"accounts":{"__proto__":{"id":"555555555555"},');
    expect(fileProblems('proto.json', json).messages).toEqual([expect.stringMatching(/^accounts\.__proto__: "__proto__" is a name every JavaScript object already has/)]);
    const tags = yamlOf(validEnv()).replace('tags:\n', 'tags:\n  __proto__: x\n');
    expect(fileProblems('tags.yaml', tags).messages).toEqual([expect.stringMatching(/^tags\.__proto__: /)]);
  });

  it('validated records have no prototype: nothing inherited can be looked up', () => {
    const env = accepted(validEnv());
    expect(Object.getPrototypeOf(env.accounts)).toBeNull();
    expect(Object.getPrototypeOf(env.tags)).toBeNull();
    expect((env.accounts as Record<string, unknown>).constructor).toBeUndefined();
  });

  it('the provider refuses to exist, or to synthesize, without a 12-digit account pin', () => {
    const app = new App({ outdir: tmp() });
    const stack = new TerraformStack(app, 'pin');
    for (const id of [undefined, '', 'undefined', '12345', '1234567890123'] as unknown as string[]) {
      expect(() => awsProvider(stack, `aws_${String(id)}`, { alias: 'x', id }, 'eu-west-1', {})).toThrow(/refusing to synthesize .*allowed_account_ids to 12-digit account ids/);
    }
    const outdir = tmp();
    const later = new App({ outdir });
    const provider = awsProvider(new TerraformStack(later, 'later'), 'aws', { alias: 'x', id: '111111111111' }, 'eu-west-1', {});
    provider.allowedAccountIds = [];
    expect(() => later.synth()).toThrow(/refusing to synthesize/);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'later', 'cdk.tf.json'))).toBe(false);
  });
});

describe('parser limits and read errors (issue 12 item 5, input side)', () => {
  it('a directory named like an environment file is a problem of that file, not a crash', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'x.yaml'));
    const files = envFiles(dir, '');
    expect(() => loadEnvironments(files)).toThrow(/x\.yaml: 1 problem\n {2}cannot read the file: is a directory, not a file \(EISDIR\)/);
  });

  it('an unreadable file (EACCES; tests run as root, so the error is injected) is a problem', () => {
    const file = path.join(tmp(), 'locked.yaml');
    fs.writeFileSync(file, yamlOf(validEnv()));
    const spy = jest.spyOn(fs, 'openSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    try {
      expect(() => loadEnvironment(file)).toThrow(/cannot read the file: permission denied: make the file readable by this user \(EACCES\)/);
    } finally {
      spy.mockRestore();
    }
  });

  it('a YAML alias bomb stops at the alias limit', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    expect(fileProblems('bomb.yaml', lines.join('\n')).messages).toEqual([expect.stringMatching(/^expands YAML aliases .* too many times/)]);
  });

  it.each(['deep.yaml', 'deep.json'])('100k nested "[" in %s is one clear problem', (name) => {
    const { messages } = fileProblems(name, '['.repeat(100_000));
    expect(messages).toEqual([expect.stringMatching(/nests too deeply/)]);
  });

  it('deeply nested valid JSON stops at the depth limit before anything recurses', () => {
    const json = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect(fileProblems('deep-ok.json', json).messages).toEqual([expect.stringMatching(/^a\.a\.a: the file nests deeper than 32 levels/)]);
  });

  it('the real command prints them as problems, exit 1, "Nothing was written.", no stack trace', () => {
    const dir = tmp();
    const file = path.join(dir, 'bomb.yaml');
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    fs.writeFileSync(file, lines.join('\n'));
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.cjs'), 'main.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DR_ENV: file, CDKTF_OUTDIR: path.join(dir, 'out') }, timeout: 60_000 });
    expect([run.status, run.stderr]).toEqual([1, `${file}: 1 problem\n  expands YAML aliases (*name) too many times (the parser stops at 100, against "billion laughs" files); write the values out\nNothing was written.\n`]);
  });
});

describe('silent acceptance (issue 12 item 6)', () => {
  const onprem = (edit: (src: Json) => void) => edited(validEnv(), (e) => edit(e.sites[1].source));

  it.each(['0.0.0.0/1', '10.0.0.0/7', '128.0.0.0/2'])('refuses the on-prem range %s, broader than /8', (cidr) => {
    expect(problemsOf(onprem((s) => (s.cidrs = [cidr])))).toEqual([
      { path: 'sites[1].source.cidrs[0]', message: expect.stringMatching(new RegExp(`^${cidr.replace(/[./]/g, '\\$&')} is broader than /8`)) },
    ]);
  });

  it('accepts a /8', () => {
    accepted(onprem((s) => (s.cidrs = ['100.0.0.0/8'])));
  });

  it.each([
    ['b', /3 to 63 characters/],
    ['x'.repeat(1024 * 1024), /3 to 63 characters/],
    ['Acme-State', /lower-case letters/],
    ['acme_state', /lower-case letters/],
    ['acme..state', /two adjacent periods/],
    ['192.168.5.4', /IP address/],
    ['xn--acme', /"xn--"/],
    ['acme-s3alias', /"-s3alias"/],
    ['-acme', /starting and ending/],
  ])('refuses the S3 bucket name %#', (bucket, why) => {
    const found = problemsOf(edited(validEnv(), (e) => (e.backend = { type: 's3', bucket, region: 'eu-west-1' })));
    expect(found).toEqual([{ path: 'backend.bucket', message: expect.stringMatching(why) }]);
    expect(found[0].message.length).toBeLessThan(200);
  });

  it('refuses 1 MB values in every free-text field, each with a short message', () => {
    const mb = 'a'.repeat(1024 * 1024);
    const cases: [string, (e: Json) => void][] = [
      ['name', (e) => (e.name = mb)],
      ['sites[0].name', (e) => (e.sites[0].name = mb)],
      ['sites[0].source.account', (e) => (e.sites[0].source.account = mb)],
      ['agentInstall.principals[0]', (e) => (e.agentInstall.principals = [`arn:aws:iam::111111111111:role/${mb}`])],
      ['accounts.workloads.roleArn', (e) => (e.accounts.workloads.roleArn = `arn:aws:iam::111111111111:role/${mb}`)],
      ['backend.keyPrefix', (e) => (e.backend = { type: 's3', bucket: 'acme', region: 'eu-west-1', keyPrefix: mb })],
      ['backend.organization', (e) => (e.backend = { type: 'remote', organization: mb })],
      ['tags.Owner', (e) => (e.tags = { Owner: mb })],
      ['replication.instanceType', (e) => (e.replication = { instanceType: `t3.${mb}` })],
    ];
    for (const [field, edit] of cases) {
      const found = problemsOf(edited(validEnv(), edit));
      expect(found.map((p) => p.path)).toContain(field);
      for (const p of found) expect(p.message.length).toBeLessThan(300);
    }
  });

  it('accepts valid bucket names, key prefixes and HCP names', () => {
    for (const bucket of ['acme-tf-state', 'a.b.c', '123abc']) accepted(edited(validEnv(), (e) => (e.backend = { type: 's3', bucket, region: 'eu-west-1', keyPrefix: 'teams/dr_1' })));
    accepted(edited(validEnv(), (e) => (e.backend = { type: 'remote', organization: 'Acme_Corp-1', workspacePrefix: 'dr-', hostname: 'tfe.example.com:8443' })));
  });

  it.each(['/dr', 'dr/', 'a//b', 'dr state', 'dr#1'])('refuses the keyPrefix %s', (keyPrefix) => {
    expect(paths(edited(validEnv(), (e) => (e.backend = { type: 's3', bucket: 'acme', region: 'eu-west-1', keyPrefix })))).toEqual(['backend.keyPrefix']);
  });

  it.each(['t3.smal', 't3', 'T3.small', 't3.small.x', '.small', 't3.xxlarge'])('refuses the instance type %s', (instanceType) => {
    expect(problemsOf(edited(validEnv(), (e) => (e.replication = { instanceType })))).toEqual([
      { path: 'replication.instanceType', message: expect.stringMatching(/^must be an EC2 instance type <family>\.<size>/) },
    ]);
  });

  // A sample of the 1212 types in the AWS CLI's EC2 model (botocore 1.43.11, shape InstanceType),
  // chosen for their unusual families and sizes.
  const REAL_TYPES = ['t3.small', 'm5.large', 'c6gn.16xlarge', 'c7i-flex.large', 'u-6tb1.112xlarge', 'u7inh-32tb.480xlarge', 'mac-m4pro.metal', 'mac2-m2pro.metal', 'p6-b200.48xlarge', 'm7i.metal-48xl', 'r8i-flex.xlarge', 't4g.nano', 'x2iedn.32xlarge', 'i4i.metal', 'c5.9xlarge', 'r5dn.metal'];
  it('accepts real instance types of every shape', () => {
    expect(REAL_TYPES.filter((t) => !INSTANCE_TYPE.test(t))).toEqual([]);
  });

  it.each(['sg-prod', 'sg-'])('refuses the environment name %s (security group names cannot start with sg-)', (name) => {
    expect(problemsOf(edited(validEnv(), (e) => (e.name = name)))).toEqual([{ path: 'name', message: expect.stringContaining('starts with "sg-"') }]);
  });

  it('refuses a file name stem starting with sg- too', () => {
    expect(problemsOf(edited(validEnv(), (e) => delete e.name), 'sg-prod')).toEqual([{ path: 'name', message: expect.stringContaining('starts with "sg-"') }]);
  });

  it.each(['!Ref platform', '!!js/function "function () {}"', '!custom x', '!!binary aGVsbG8=', '!!timestamp 2001-12-14'])('refuses the unknown YAML tag in Owner: %s', (value) => {
    const { messages } = fileProblems('tag.yaml', yamlOf(validEnv()).replace('Owner: platform', `Owner: ${value}`));
    expect(messages).toEqual([expect.stringMatching(/^line \d+, column \d+: Unresolved tag: .*YAML tags are not part of the environment file/)]);
  });

  it('refuses a file that is not UTF-8 instead of reading U+FFFD', () => {
    const bytes = Buffer.from(yamlOf(validEnv()).replace('Owner: platform', 'Owner: plat\u0000form'), 'utf8');
    const latin1 = Buffer.concat([Buffer.from('name: test\ntags:\n  Owner: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(fileProblems('latin1.yaml', latin1).messages).toEqual(['line 3, column 13: is not UTF-8 text (an invalid byte sequence); save the file as UTF-8']);
    expect(fileProblems('nul.yaml', bytes).messages).toEqual([expect.stringMatching(/the control character U\+0000 is not allowed/)]);
  });

  it('refuses tag keys in the aws: namespace', () => {
    expect(paths(edited(validEnv(), (e) => (e.tags = { 'aws:owner': 'x' })))).toEqual(['tags.aws:owner']);
  });
});

describe('echoes (issue 12 item 7)', () => {
  const ESC = '\u001b';
  it('never prints a terminal escape sequence from the file raw', () => {
    const env = edited(validEnv(), (e) => {
      e.sites[0].recovery.region = `${ESC}[2J${ESC}]0;pwned\u0007`;
      e[`bad${ESC}[31mkey`] = 1;
      e[`\u202eevil`] = 1;
    });
    const text = new InvalidEnvironmentError('f.yaml', problemsOf(env)).message;
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text).toContain('\\u001b[2J');
    expect(text).toContain('\\u202eevil');
  });

  it('quotes at most a short excerpt of a bad value, and bounds paths', () => {
    const huge = 'SECRET'.repeat(200_000);
    const found = problemsOf(edited(validEnv(), (e) => ((e.sites[0].recovery.region = huge), (e[huge] = 1), (e.name = huge))));
    const text = new InvalidEnvironmentError('f.yaml', found).message;
    expect(text.length).toBeLessThan(3000);
    for (const p of found) expect(p.message.split('SECRET').length - 1).toBeLessThanOrEqual(8);
  });

  it('a file that is not an environment (a symlink to /proc/self/environ) prints none of its content', () => {
    if (!fs.existsSync('/proc/self/environ')) return; // Linux only; the control-character rule is tested above
    const file = path.join(tmp(), 'environ.yaml');
    fs.symlinkSync('/proc/self/environ', file);
    let message = '';
    try {
      loadEnvironment(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/the control character U\+0000 is not allowed/);
    expect(message).not.toContain('PATH=');
    expect(message).not.toContain(process.env.HOME ?? '/root');
  });

  it('a whole file that is not a mapping (a .env file, say) is not quoted at all', () => {
    const { messages } = fileProblems('dotenv.yaml', 'AWS_SECRET_ACCESS_KEY=abc123secret\nOTHER=1\n');
    expect(messages).toEqual(["the file must be a mapping of the environment's fields (name, accounts, sites, ...), not a string; is this the right file?"]);
    expect(fileProblems('list.yaml', '- a\n').messages[0]).toMatch(/not a list;/);
  });
});
