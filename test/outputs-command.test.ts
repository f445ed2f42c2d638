/**
 * Issue 16, finding 11: outputs can be read before apply (marked placeholders) and after apply
 * (from state); JSON commands pipe through npm; check:terraform --help is not a path.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderTemplate } from '../scripts/outputs-render';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'envs', 'example.yaml');
const STACK = 'example-staging-staging-a-eu-west-2';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-outputs-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DR_ENV;
  return env;
}

function outputs(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'scripts', 'outputs.ts'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
}

describe('npm run outputs', () => {
  it('before apply: every output, values Terraform fills in shown as marked placeholders', () => {
    const r = outputs([STACK, EXAMPLE], cleanEnv({ CDKTF_OUTDIR: path.join(tmp, 'none') }));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`# ${STACK}: BEFORE APPLY (${path.join(tmp, 'none', 'stacks', STACK)} is not initialized (cdktf deploy does that)).`);
    expect(r.stdout).toContain('# PLACEHOLDERS: every <...> below is a value Terraform fills in at apply');
    expect(r.stdout).toContain('## agent_install_linux: ');
    expect(r.stdout).toContain('## connectivity_check: ');
    expect(r.stdout).toContain('--endpoint <aws_vpc_endpoint.endpoints_drs.dns_entry[0].dns_name>');
    // Terraform's escapes are shown as the text the operator gets.
    expect(r.stdout).toContain('for cidr in "${private_cidrs[@]}"; do');
    expect(r.stdout).not.toMatch(/\$\$\{|\$\{(aws_|replace)/);
  });

  it('after apply: the real values, read from state with terraform output -json in the stack directory', () => {
    const outdir = path.join(tmp, 'applied');
    fs.mkdirSync(path.join(outdir, 'stacks', STACK, '.terraform'), { recursive: true });
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const state = { agent_install_linux: { value: 'sudo ./aws-replication-installer-init --region eu-west-2 --endpoint vpce-0abc.drs.eu-west-2.vpce.amazonaws.com', type: 'string', sensitive: false } };
    // A stand-in terraform that answers `output -json` from this state, and records where it ran.
    fs.writeFileSync(path.join(bin, 'terraform'), `#!/bin/sh\n[ "$*" = "output -no-color -json" ] || exit 3\npwd > "${tmp}/cwd"\ncat <<'EOF'\n${JSON.stringify(state)}\nEOF\n`, { mode: 0o755 });
    const r = outputs([STACK, EXAMPLE], cleanEnv({ CDKTF_OUTDIR: outdir, PATH: `${bin}${path.delimiter}${process.env.PATH}` }));
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(`# ${STACK}: values from Terraform state (terraform output -json in ${path.join(outdir, 'stacks', STACK)})`);
    expect(r.stdout).toContain(`## agent_install_linux: Install the agent on a Linux source server through the private endpoints\n${state.agent_install_linux.value}\n`);
    expect(r.stdout).not.toContain('PLACEHOLDERS');
    expect(fs.realpathSync(fs.readFileSync(path.join(tmp, 'cwd'), 'utf8').trim())).toBe(fs.realpathSync(path.join(outdir, 'stacks', STACK)));

    const json = outputs([STACK, '--json', EXAMPLE], cleanEnv({ CDKTF_OUTDIR: outdir, PATH: `${bin}${path.delimiter}${process.env.PATH}` }));
    expect(JSON.parse(json.stdout)).toMatchObject({ stack: STACK, source: 'state', outputs: { agent_install_linux: state.agent_install_linux.value } });
  });

  it('when terraform output fails, its message is in the BEFORE APPLY header without colour codes', () => {
    const outdir = path.join(tmp, 'uninitialized-backend');
    fs.mkdirSync(path.join(outdir, 'stacks', STACK, '.terraform'), { recursive: true });
    const bin = path.join(tmp, 'bin-failing');
    fs.mkdirSync(bin, { recursive: true });
    // Like Terraform 1.11 with a backend not yet initialized: ANSI colours on stderr (a pipe) unless -no-color.
    const esc = '\u001b';
    const colored = `${esc}[31m│${esc}[0m ${esc}[0m${esc}[1m${esc}[31mError: ${esc}[0m${esc}[0m${esc}[1mBackend initialization required, please run "terraform init"${esc}[0m`;
    fs.writeFileSync(
      path.join(bin, 'terraform'),
      `#!/bin/sh\ncase " $* " in\n  *" -no-color "*) printf '\\nError: Backend initialization required, please run "terraform init"\\n' >&2;;\n  *) printf '%s\\n' '${colored}' >&2;;\nesac\nexit 1\n`,
      { mode: 0o755 },
    );
    const r = outputs([STACK, EXAMPLE], cleanEnv({ CDKTF_OUTDIR: outdir, PATH: `${bin}${path.delimiter}${process.env.PATH}` }));
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`# ${STACK}: BEFORE APPLY (terraform output failed: Error: Backend initialization required, please run "terraform init").`);
    expect(r.stdout).not.toContain(esc);
  });

  it('refuses an unknown stack and names the known ones', () => {
    const r = outputs(['nope', EXAMPLE], cleanEnv());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`no stack "nope"; stacks: example-dublin-source, `);
  });

  it('renders Terraform escapes and interpolations', () => {
    const ctx = { region: 'eu-west-2', accountId: '111111111111' };
    expect(renderTemplate('a $${b} %%{c} ${aws_subnet.x.id}', 'placeholder', ctx)).toBe('a ${b} %{c} <aws_subnet.x.id>');
    expect(renderTemplate('${replace(aws_vpc_endpoint.endpoints_s3_interface.dns_entry[0].dns_name, "*.", "")}', 'example', ctx)).toBe('vpce-0a1b2c3d4e5f60718-k2mzq3fj.s3.eu-west-2.vpce.amazonaws.com');
  });
});

describe('commands scripts pipe', () => {
  it('npm run --silent stacks -- --json prints only JSON on stdout (the README form)', () => {
    const r = spawnSync('npm', ['run', '--silent', 'stacks', '--', '--json', EXAMPLE], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)[0].name).toBe('example-dublin-source');
  });

  it('check:terraform --help prints its usage instead of taking --help for a path; other options are refused', () => {
    const run = (arg: string) => spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'scripts', 'check-terraform.ts'), arg], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' });
    const help = run('--help');
    expect([help.status, help.stdout]).toEqual([0, 'usage: npm run check:terraform -- [--keep] [--engine cdktf|cdktn] [environment file | cdktf output dir | stack dir ...]\n']);
    const bad = run('--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown option --bogus');
  });
});

describe('synthesis writes the DNS forwarding files (finding 5), as the README walks through', () => {
  it('npm run synth writes cdktf.out/dns/<env>-<region>.named.conf and .ps1 beside the stacks', () => {
    const outdir = path.join(tmp, 'synth');
    const scenario = path.join(ROOT, 'test', 'scenarios', 'onprem-tgw.yaml');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'main.ts')], {
      cwd: ROOT,
      env: { ...cleanEnv(), DR_ENV: scenario, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, 'dns')).sort()).toEqual(['tgw-eu-west-3.named.conf', 'tgw-eu-west-3.ps1']);
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'tgw-staging-staging-eu-west-3', 'cdk.tf.json'), 'utf8'));
    expect(fs.readFileSync(path.join(outdir, 'dns', 'tgw-eu-west-3.named.conf'), 'utf8')).toBe(stack.output.dns_forwarders_bind.value);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('cdktf.out/dns/tgw-eu-west-3.named.conf');
    expect(readme).toContain('npm run cdktf -- deploy tgw-staging-staging-eu-west-3');
  });
});
