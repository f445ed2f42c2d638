/**
 * Issue 16, finding 11: `npm run cdktf -- <args>` (scripts/cdktf.ts) runs the project's cdktf-cli
 * with HashiCorp's checkpoint telemetry off unless the caller chose, and prints a refused
 * environment file's problems once, as `npm run synth` does, without starting cdktf-cli (which
 * would print them twice). Which processes ran, and with what CHECKPOINT_DISABLE, is recorded by
 * test/support/record-node.js, preloaded into every node process. Real cdktf-cli runs are few
 * (seconds each): one synth through the wrapper, one plain `cdktf synth` showing the problem the
 * wrapper exists for, and `--help`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AggregateEnvironmentError } from '../config/load';
import { appPlans } from '../plan/plan-files';
import { runsTheApp } from '../scripts/cdktf-args';
import { scenario, tempDir } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const RUN = path.join(ROOT, 'scripts', 'run.cjs');
const RECORDER = path.join(__dirname, 'support', 'record-node.js');
const CDKTF_CLI = 120_000;

interface Recorded {
  readonly argv: string[];
  readonly checkpointDisable: string | null;
  readonly cdktfCli: boolean;
}

/** The environment a user's shell would give, minus what would pick other files or change cdktf. */
function baseEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DR_ENV', 'CHECKPOINT_DISABLE', 'CDKTF_OUTDIR', 'CDKTF_APP', 'CDKTF_OUTPUT', 'CDKTF_SKIP_SYNTH', 'NODE_OPTIONS']) delete env[name];
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** Runs `command args` in the project with the recorder preloaded; returns the result and what ran. */
function recorded(command: string, args: readonly string[], extra: Record<string, string | undefined>): { r: SpawnSyncReturns<string>; out: string; ran: Recorded[] } {
  const record = path.join(tempDir('private-dr-cdktf-record-'), 'ran.jsonl');
  const env = baseEnv({ ...extra, NODE_OPTIONS: `--require ${JSON.stringify(RECORDER)}`, PRIVATE_DR_RECORD: record });
  const r = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', timeout: CDKTF_CLI });
  const ran = fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Recorded) : [];
  return { r, out: `${r.stdout}${r.stderr}`, ran };
}

const wrapper = (args: readonly string[], extra: Record<string, string | undefined> = {}) => recorded(process.execPath, [RUN, path.join(ROOT, 'scripts', 'cdktf.ts'), ...args], extra);

/** Lines ending with `line`, colours aside: cdktf-cli prefixes and indents what it repeats. */
const occurrences = (text: string, line: string) =>
  text
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split('\n')
    .filter((l) => l.trimEnd().endsWith(line.trimEnd())).length;

/** A file the validator refuses, with what `npm run synth` prints for it (made once). */
let refused: { file: string; problems: string[] } | undefined;
function refusedFile(): { file: string; problems: string[] } {
  if (refused) return refused;
  const file = path.join(tempDir(), 'bad.yaml');
  fs.writeFileSync(file, 'name: bad\nfoo: 1\n');
  const synth = spawnSync(process.execPath, [RUN, path.join(ROOT, 'main.ts')], { cwd: ROOT, env: baseEnv({ DR_ENV: file }), encoding: 'utf8' });
  expect(synth.status).toBe(1);
  const problems = synth.stderr.trimEnd().split('\n');
  expect(problems[0]).toBe(`${file}: 4 problems`);
  expect(problems.at(-1)).toBe('Nothing was written.');
  refused = { file, problems: problems.slice(0, -1) };
  return refused;
}

describe('npm run cdktf: a refused environment file', () => {
  it.each([[['synth']], [['diff', 'bad-dublin-source']], [['deploy', 'bad-dublin-source', '--auto-approve']], [['output', 'bad-dublin-source']]])(
    'cdktf %j: every problem and "Nothing was written." exactly once, exit 1, nothing written, cdktf-cli not started',
    (args) => {
      const { file, problems } = refusedFile();
      const outdir = path.join(tempDir(), 'out');
      const { r, out, ran } = wrapper([...args, '--output', outdir], { DR_ENV: file, CDKTF_OUTDIR: outdir });
      expect(r.status).toBe(1);
      // Exactly what `npm run synth` prints for it, on the same stream, and nothing else.
      expect(r.stderr).toBe(`${problems.join('\n')}\nNothing was written.\n`);
      expect(r.stdout).toBe('');
      for (const line of problems) expect(occurrences(out, line)).toBe(1);
      expect(occurrences(out, 'Nothing was written.')).toBe(1);
      expect(fs.existsSync(outdir)).toBe(false);
      expect(ran.filter((p) => p.cdktfCli)).toEqual([]);
      expect(out).not.toMatch(/Synthesizing|cdktf encountered/);
    },
  );

  it('DR_ENV naming no file is refused as npm run synth refuses it', () => {
    const missing = path.join(tempDir(), 'absent.yaml');
    const synth = spawnSync(process.execPath, [RUN, path.join(ROOT, 'main.ts')], { cwd: ROOT, env: baseEnv({ DR_ENV: missing }), encoding: 'utf8' });
    const { r, ran } = wrapper(['synth'], { DR_ENV: missing });
    expect([r.status, r.stderr]).toEqual([1, synth.stderr]);
    expect(r.stderr).toContain('is neither a file nor an environment in');
    expect(ran.filter((p) => p.cdktfCli)).toEqual([]);
  });

  it('the check is the app\'s own (appPlans): cross-file clashes found while planning every file in envs/ are refused too', () => {
    const envDir = tempDir();
    const text = fs.readFileSync(scenario('same-account'), 'utf8');
    fs.writeFileSync(path.join(envDir, 'a.yaml'), text);
    fs.writeFileSync(path.join(envDir, 'b.yaml'), text);
    const saved = process.env.DR_ENV;
    delete process.env.DR_ENV;
    try {
      expect(() => appPlans(envDir)).toThrow(AggregateEnvironmentError);
      expect(() => appPlans(envDir)).toThrow(`${path.join(envDir, 'b.yaml')}: 1 problem\n  name: "same" is also the name of ${path.join(envDir, 'a.yaml')}; stack names would collide`);
      expect(() => appPlans(tempDir())).toThrow('no environment files (*.yaml, *.yml, *.json); add one, e.g. envs/example.yaml');
    } finally {
      if (saved !== undefined) process.env.DR_ENV = saved;
    }
  });
});

describe('npm run cdktf: which arguments run the app (and so are checked first)', () => {
  it.each([
    [['synth'], true],
    [['synthesize'], true],
    [['diff', 'x'], true],
    [['plan', 'x'], true],
    [['deploy', 'x', '--auto-approve'], true],
    [['apply', 'x'], true],
    [['destroy', 'x'], true],
    [['list'], true],
    [['output', 'x'], true],
    [['outputs', 'x'], true],
    [['watch', 'x'], true],
    [['--no-color', 'deploy', 'x'], true],
    [['deploy', 'x', '--skip-synth'], false],
    [['output', 'x', '--skip-synth=true'], false],
    [['synth', '--help'], false],
    [['deploy', '-h'], false],
    [['--help'], false],
    [['--version'], false],
    [[], false],
    [['synth', '--app', 'node other.js'], false],
    [['synth', '-a', 'node other.js'], false],
    [['synth', '--app=node other.js'], false],
    [['get'], false],
    [['init'], false],
    [['provider', 'list'], false],
    [['debug'], false],
  ] as const)('%j -> %s', (args, expected) => {
    expect(runsTheApp(args, {})).toBe(expected);
  });

  it('cdktf-cli reads CDKTF_<OPTION> too: CDKTF_APP and CDKTF_SKIP_SYNTH=true skip the check', () => {
    expect(runsTheApp(['synth'], { CDKTF_APP: 'node other.js' })).toBe(false);
    expect(runsTheApp(['deploy', 'x'], { CDKTF_SKIP_SYNTH: 'true' })).toBe(false);
  });
});

describe('npm run cdktf: the real cdktf-cli', () => {
  it(
    'a valid file: cdktf synth writes the output, with CHECKPOINT_DISABLE=1 given to cdktf-cli and no checkpoint error',
    () => {
      const outdir = path.join(tempDir(), 'out');
      const { r, out, ran } = wrapper(['synth', '--output', outdir], { DR_ENV: scenario('same-account') });
      expect(out).not.toMatch(/ENOTFOUND|checkpoint|telemetry/i);
      expect(r.status).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).toHaveProperty('same-dublin-source');
      // The caller set nothing: cdktf-cli, and the app it ran, had CHECKPOINT_DISABLE=1.
      const cli = ran.filter((p) => p.cdktfCli);
      expect(cli.map((p) => [p.argv.slice(1), p.checkpointDisable])).toEqual([[['synth', '--output', outdir], '1']]);
      expect(ran.filter((p) => p.argv.includes(path.join(ROOT, 'main.ts')) || p.argv.includes('main.ts')).map((p) => p.checkpointDisable)).toEqual(['1']);
    },
    CDKTF_CLI,
  );

  it(
    'npm run cdktf -- --help reaches cdktf\'s help; a CHECKPOINT_DISABLE the caller set is passed as it is',
    () => {
      const { r, ran } = recorded('npm', ['run', '--silent', 'cdktf', '--', '--help'], { CHECKPOINT_DISABLE: 'set-by-caller' });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('cdktf deploy [stacks...]');
      expect(r.stdout).toContain('cdktf synth');
      expect(ran.filter((p) => p.cdktfCli).map((p) => [p.argv.slice(1), p.checkpointDisable])).toEqual([[['--help'], 'set-by-caller']]);
    },
    CDKTF_CLI,
  );

  it('cdktf-cli killed by a signal: the wrapper dies by the same signal', () => {
    const { r, ran } = wrapper(['--version'], { PRIVATE_DR_KILL_CDKTF: 'SIGTERM' });
    expect(ran.filter((p) => p.cdktfCli)).toHaveLength(1);
    expect([r.status, r.signal]).toEqual([null, 'SIGTERM']);
  });

  it(
    'why the wrapper exists: plain cdktf synth (cdktf-cli 0.21) prints each problem of a refused file twice',
    () => {
      const { file, problems } = refusedFile();
      const outdir = path.join(tempDir(), 'out');
      const { r, out } = recorded(process.execPath, [path.join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'), 'synth', '--output', outdir], {
        DR_ENV: file,
        CHECKPOINT_DISABLE: '1',
      });
      expect(r.status).toBe(1);
      for (const line of problems) expect(occurrences(out, line)).toBe(2);
      expect(occurrences(out, 'Nothing was written.')).toBe(2);
      expect(out).toContain('Command output on stderr:');
    },
    CDKTF_CLI,
  );
});
