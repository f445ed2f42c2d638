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

  it("keeps every line of a multi-line terraform message in the header a comment", () => {
    const outdir = path.join(tmp, 'multi-line-failure');
    fs.mkdirSync(path.join(outdir, 'stacks', STACK, '.terraform'), { recursive: true });
    const bin = path.join(tmp, 'bin-multi-line');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'terraform'), `#!/bin/sh\nprintf 'Error: Backend initialization required\\n\\nRun "terraform init".\\n' >&2\nexit 1\n`, { mode: 0o755 });
    const r = outputs([STACK, EXAMPLE], cleanEnv({ CDKTF_OUTDIR: outdir, PATH: `${bin}${path.delimiter}${process.env.PATH}` }));
    expect(r.status).toBe(0);
    const header = r.stdout.split('\n\n')[0].split('\n');
    expect(header.length).toBeGreaterThan(3);
    for (const line of header) expect(line).toMatch(/^#/);
    expect(header.join('\n')).toContain('# Run "terraform init".');
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

  it("the README's `npm run --silent stacks -- --json | jq .`, piped through a shell into JSON.parse", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const command = /`(npm run --silent stacks -- --json) \\\| jq \.`/.exec(readme)?.[1];
    expect(command).toBe('npm run --silent stacks -- --json');
    // jq may be missing; node reads the pipe the same way (all of stdin must be one JSON value).
    const parse = `node -e 'const s = require("fs").readFileSync(0, "utf8"); console.log(JSON.parse(s).length)'`;
    const piped = (npmCommand: string) => spawnSync('bash', ['-o', 'pipefail', '-c', `${npmCommand} ${EXAMPLE} | ${parse}`], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' });
    const r = piped(command!);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(1);
    // Without --silent the banner breaks the parse: what the README's --silent is for.
    const loud = piped('npm run stacks -- --json');
    expect(loud.status).not.toBe(0);
    expect(loud.stderr).toContain('SyntaxError');
  });

  it('npm run --silent outputs -- <stack> --json parses as JSON; without --silent npm\'s banner comes first on stdout', () => {
    const npm = (silent: boolean) =>
      spawnSync('npm', ['run', ...(silent ? ['--silent'] : []), 'outputs', '--', STACK, '--json', EXAMPLE], { cwd: ROOT, env: cleanEnv({ CDKTF_OUTDIR: path.join(tmp, 'none') }), encoding: 'utf8' });
    const silent = npm(true);
    expect(silent.status).toBe(0);
    expect(JSON.parse(silent.stdout)).toMatchObject({ stack: STACK, source: 'placeholders' });
    // Why the README says --silent: the banner ("> private-dr@... outputs") is on stdout.
    const loud = npm(false);
    expect(loud.status).toBe(0);
    expect(loud.stdout).toMatch(/^\s*> private-dr@/);
    expect(() => JSON.parse(loud.stdout)).toThrow();
  });

  it('every README command that pipes or parses --json runs npm with --silent, and the command table says why', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const spans = [...readme.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).filter((c) => /npm run\b.*--json/.test(c));
    // Piped into a command (`\|` inside a table; `[-- --json \| --waves]` is a synopsis), redirected
    // or substituted; `<stack>` is a placeholder, not a redirection.
    const piped = spans.filter((c) => /\\?\| *[a-z]| > |\$\(/.test(c));
    expect(piped.length).toBeGreaterThanOrEqual(2);
    expect(piped.filter((c) => !c.includes('npm run --silent '))).toEqual([]);
    for (const row of ['| `npm run stacks ', '| `npm run outputs ']) {
      const line = readme.split('\n').find((l) => l.startsWith(row));
      expect(`${row}: ${line}`).toMatch(/npm run --silent (stacks|outputs) .*--json.*`--silent` keeps npm's banner/);
    }
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

describe('README "One on-prem site, step by step": each step works pasted in order from a fresh shell', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### One on-prem site, step by step'), readme.indexOf('### Failback'));
  // Numbered steps with their continuation lines.
  const steps = section.split(/\n(?=\d+\. )/).slice(1).map((step) => step.replace(/\n\s+/g, ' '));
  const commands = (step: string) => [...step.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((c) => /^(\(cd |DR_ENV=|npm |terraform |bash )/.test(c) || / && terraform /.test(c));
  const ENV = 'DR_ENV=test/scenarios/onprem-tgw.yaml';
  const STAGING = 'tgw-staging-staging-eu-west-3';

  it('has the six steps, and every npm command names the environment file (no DR_ENV left over from an earlier step)', () => {
    expect(steps).toHaveLength(6);
    const npmCommands = steps.flatMap(commands).filter((c) => c.includes('npm '));
    expect(npmCommands.length).toBeGreaterThanOrEqual(3);
    expect(npmCommands.filter((c) => !c.startsWith(`${ENV} npm run `))).toEqual([]);
    // Steps 1, 2 and 4 each have one; step 4 is the one that once lacked DR_ENV.
    for (const i of [0, 1, 3]) expect(`step ${i + 1}: ${commands(steps[i]).some((c) => c.startsWith(`${ENV} npm run `))}`).toBe(`step ${i + 1}: true`);
  });

  it('every terraform command runs in a subshell in the stack directory, and reads an output the stack has', () => {
    const tf = steps.flatMap(commands).filter((c) => c.includes('terraform '));
    expect(tf.length).toBeGreaterThanOrEqual(4);
    expect(tf.filter((c) => !/^\(cd cdktf\.out\/stacks\/[^ ]+ && terraform output -(raw|json) \w+\)( > [\w.]+)?$/.test(c))).toEqual([]);
    const outdir = path.join(tmp, 'walkthrough-outputs');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'main.ts')], {
      cwd: ROOT,
      env: { ...cleanEnv(), DR_ENV: path.join(ROOT, 'test', 'scenarios', 'onprem-tgw.yaml'), CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const declared = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', STAGING, 'cdk.tf.json'), 'utf8')).output;
    for (const c of tf.filter((x) => x.startsWith(`(cd cdktf.out/stacks/${STAGING} `))) {
      const name = / terraform output -\w+ (\w+)\)/.exec(c)![1];
      expect(`${name}: ${name in declared}`).toBe(`${name}: true`);
    }
  });

  it('the npm commands run as written (all but deploy, which needs AWS), from a shell without DR_ENV', () => {
    const outdir = path.join(tmp, 'walkthrough');
    const runnable = steps.flatMap(commands).filter((c) => c.startsWith(`${ENV} npm run `) && !c.includes(' deploy '));
    expect(runnable.map((c) => c.split(' ').slice(1, 4).join(' '))).toEqual(['npm run synth', 'npm run outputs']);
    for (const command of runnable) {
      const r = spawnSync('bash', ['-c', command], { cwd: ROOT, env: cleanEnv({ CDKTF_OUTDIR: outdir }), encoding: 'utf8' });
      expect(`${command}: ${r.status} ${r.stderr}`).toBe(`${command}: 0 `);
    }
    expect(fs.readdirSync(path.join(outdir, 'dns')).sort()).toEqual(['tgw-eu-west-3.named.conf', 'tgw-eu-west-3.ps1']);
  });
});
