// What users get is the synth command's bundle: scripts/run.cjs with stacks/startup's levers
// (fast resolve, prepared fragments, remembered paths and snake_case keys) and the bundle's own
// (stacks/stable-json.ts in place of json-stable-stringify). Every environment and scenario it
// synthesizes must be byte for byte what plain cdktf writes in this process, without any of them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appPlans } from '../plan/plan-files';
import { synthesize } from '../stacks/synthesize';
import { fallbackApp } from './support/fallback-stack';
import { ALL_FILES, filesUnder, synthBytes, tempDir } from './support/synth';

const ROOT = path.resolve(__dirname, '..');

describe('the synth command', () => {
  it('writes the same bytes as plain cdktf for every environment and scenario', () => {
    // synth-engine.ts runs through scripts/run.cjs with stacks/startup, as `npm run synth` does.
    const outRoot = tempDir();
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'test', 'support', 'synth-engine.ts'), outRoot, ...ALL_FILES], {
      cwd: ROOT,
      env: { ...process.env, DR_ENGINE: 'cdktf' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The bundle really holds the substitute JSON writer (nothing but the substitution imports it).
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '.cache', 'private-dr', 'test__support__synth-engine.ts.cdktf.json'), 'utf8')) as { inputs: Record<string, string> };
    expect(Object.keys(manifest.inputs)).toContain('stacks/stable-json.ts');
    for (const file of ALL_FILES) {
      const dir = path.join(outRoot, path.basename(file).replace(/\.[^.]+$/, ''));
      const expected = synthBytes(file);
      expect(expected.size).toBeGreaterThan(1);
      for (const [rel, text] of expected) expect({ file: path.basename(file), rel, text: fs.readFileSync(path.join(dir, rel), 'utf8') }).toEqual({ file: path.basename(file), rel, text });
    }
  }, 180_000);

  it('hands json-stable-stringify what stable-json leaves, in the bundle too', () => {
    const outdir = tempDir();
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'test', 'support', 'fallback-entry.ts'), outdir], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const plain = tempDir();
    fallbackApp(plain).synth();
    const file = path.join('stacks', 'fallback', 'cdk.tf.json');
    const text = fs.readFileSync(path.join(outdir, file), 'utf8');
    expect(text).toBe(fs.readFileSync(path.join(plain, file), 'utf8'));
    // The package's order (as strings), which V8's own would not keep: "10" before "9".
    expect(text.indexOf('"10"')).toBeLessThan(text.indexOf('"9"'));
  });

  it('npm run synth (main.ts: every file in envs/ in one app, manifest and generated files) writes what plain cdktf writes', () => {
    const outdir = path.join(tempDir(), 'out');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), 'main.ts'], { cwd: ROOT, env: { ...process.env, DR_ENV: '', DR_ENGINE: '', CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const plain = path.join(tempDir(), 'out');
    synthesize(plain, appPlans(path.join(ROOT, 'envs')), () => {});
    const expected = filesUnder(plain);
    expect(expected.has('manifest.json')).toBe(true);
    expect([...filesUnder(outdir).keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [rel, text] of expected) expect({ rel, text: fs.readFileSync(path.join(outdir, rel), 'utf8') }).toEqual({ rel, text });
  });
});

