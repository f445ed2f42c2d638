/**
 * The benchmark's generated environments must stay valid as the rules grow, and it must time the
 * command users run: `npm run synth` and `cdktf synth` (cdktf.json's app) are one command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_CASES, largeEnvironment } from '../bench/large-env';
import { synthCommand } from '../scripts/bench';
import { planEnvironment } from '../plan/plan';
import { accepted } from './support/env';

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

  it('is what the bench runs, V8 flags included', () => {
    expect(synthCommand(scripts)).toEqual(['--max-semi-space-size=8', path.join(root, 'scripts', 'run.cjs'), 'main.ts']);
    expect(synthCommand({ synth: 'node scripts/run.cjs main.ts' })).toEqual([path.join(root, 'scripts', 'run.cjs'), 'main.ts']);
    expect(() => synthCommand({ synth: 'tsx main.ts' })).toThrow(/scripts.synth is not/);
  });
});
