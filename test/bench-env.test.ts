/**
 * The benchmark's generated environments must stay valid as the rules grow, and it must time the
 * command users run: `npm run synth` and `cdktf synth` (cdktf.json's app) are one command line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_CASES, largeEnvironment } from '../bench/large-env';
import { synthCommand } from '../scripts/bench';
import { planEnvironment } from '../plan/plan';
import { accepted } from './support/env';
import { tempDir } from './support/synth';

describe('benchmark environments', () => {
  it.each(BENCH_CASES.map((c) => [c.label, c.options] as const))('%s validates and plans', (_label, options) => {
    const plan = planEnvironment(accepted(largeEnvironment(options)));
    expect(plan.stacks.length).toBeGreaterThan(30);
  });
});

describe('the synth command', () => {
  const root = path.resolve(__dirname, '..');
  const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;

  it('is the same for npm run synth, cdktf synth and CDK Terrain (with DR_ENGINE)', () => {
    const app = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')).app as string;
    expect(app).toBe(scripts.synth);
    expect(scripts['synth:cdktn']).toBe(`DR_ENGINE=cdktn ${scripts.synth}`);
  });

  it('is what the bench runs, environment and V8 flags included', () => {
    const runner = path.join(root, 'scripts', 'run.cjs');
    expect(synthCommand(scripts)).toEqual({ env: { NODE_EXTRA_CA_CERTS: '' }, args: ['--max-semi-space-size=8', '--initial-old-space-size=64', runner, 'main.ts'] });
    expect(synthCommand({ synth: 'node scripts/run.cjs main.ts' })).toEqual({ env: {}, args: [runner, 'main.ts'] });
    expect(synthCommand({ synth: 'A=1 B_2=x=y node scripts/run.cjs main.ts' })).toEqual({ env: { A: '1', B_2: 'x=y' }, args: [runner, 'main.ts'] });
    expect(() => synthCommand({ synth: 'tsx main.ts' })).toThrow(/scripts.synth is not/);
    expect(() => synthCommand({ synth: 'a=1 node scripts/run.cjs main.ts' })).toThrow(/scripts.synth is not/);
  });

  it('starts node without NODE_EXTRA_CA_CERTS, which synthesis never needs', () => {
    // node reads and parses that file at every start (with the bench machine's 144 certificates,
    // its first line of JavaScript ran after 60-90 ms instead of 16-22: README, "Speed");
    // synthesis opens no connection, so nothing needs it.
    // An unreadable file makes node warn at start-up: the synth command must not read it at all.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(root, 'no-such-ca.pem') };
    const plain = spawnSync(process.execPath, ['-e', ''], { env, encoding: 'utf8' });
    expect(plain.stderr).toContain('Ignoring extra certs');
    const outdir = tempDir();
    const run = spawnSync('sh', ['-c', scripts.synth], { cwd: root, env: { ...env, DR_ENV: path.join(root, 'envs', 'example.yaml'), CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
  });

  // The V8 settings the synth runs with (README, "Speed"), each checked for the effect it is there for.
  describe('V8 tuning', () => {
    const { env, args } = synthCommand(scripts);
    const flags = args.slice(0, -2);
    const sixByThree = () => {
      const file = path.join(tempDir(), 'six-by-three.json');
      fs.writeFileSync(file, JSON.stringify(largeEnvironment(BENCH_CASES[0].options)));
      return file;
    };
    const synthWith = (nodeFlags: readonly string[], envFile: string, cache: string) =>
      spawnSync(process.execPath, [...nodeFlags, ...args.slice(-2)], {
        cwd: root,
        env: { ...process.env, ...env, DR_ENV: envFile, CDKTF_OUTDIR: tempDir(), PRIVATE_DR_CACHE_DIR: cache },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });

    it('--initial-old-space-size spares the 6 x 3 synth a full collection', () => {
      expect(flags).toContain('--initial-old-space-size=64');
      const file = sixByThree();
      const cache = tempDir();
      const traced = [...flags, '--trace-gc'];
      expect(synthWith(traced, file, cache).status).toBe(0); // builds the bundle and this flag set's code cache
      const run = synthWith(traced, file, cache);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/: Scavenge /); // the trace is there
      // Without the flag V8 started one as the old generation passed its first limit (about 22 MB).
      expect(run.stdout.split('\n').filter((line) => /: Mark-Compact /.test(line))).toEqual([]);
    });

    // Set on V8 11.x (measured on node 20's 11.3); later ones tier up differently.
    const recordFlags = (v8Version?: string) => {
      const recorder = path.join(tempDir(), 'record-v8-flags.cjs');
      fs.writeFileSync(
        recorder,
        `${v8Version ? `Object.defineProperty(process.versions, 'v8', { value: ${JSON.stringify(v8Version)} });\n` : ''}const v8 = require('node:v8'); const set = v8.setFlagsFromString;
// The runner points process.argv[1] at the entry just before it runs the bundle.
v8.setFlagsFromString = (f) => { process.stderr.write('v8 flags: ' + f + ' from ' + require('node:path').basename(process.argv[1]) + '\\n'); return set(f); };
process.on('exit', () => process.stderr.write('exit\\n'));`,
      );
      const run = spawnSync(process.execPath, ['-r', recorder, ...args.slice(-2)], {
        cwd: root,
        env: { ...process.env, ...env, DR_ENV: path.join(root, 'envs', 'example.yaml'), CDKTF_OUTDIR: tempDir() },
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      return run.stderr;
    };

    it('the runner raises the TurboFan interrupt budget on V8 11.x, before the bundle runs, and nowhere else', () => {
      // setFlagsFromString prints an error for a flag its V8 does not know: the V8 it is set on knows it.
      if (/^11\./.test(process.versions.v8)) {
        const known = spawnSync(process.execPath, ['--interrupt-budget=135168', '-e', ''], { encoding: 'utf8' });
        expect({ stderr: known.stderr, status: known.status }).toEqual({ stderr: '', status: 0 });
      }
      expect(recordFlags()).toBe(/^11\./.test(process.versions.v8) ? 'v8 flags: --interrupt-budget=135168 from run.cjs\nexit\n' : 'exit\n');
      // Another V8 (as process.versions reports it to the runner) is left as it is.
      expect(recordFlags('12.4.254.21')).toBe('exit\n');
    });
  });
});
