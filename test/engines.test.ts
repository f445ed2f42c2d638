// Two engines, one app: every bundled environment (envs/*.yaml) and scenario
// (test/scenarios/*.yaml) is synthesized with cdktf (the default) and with CDK Terrain
// (DR_ENGINE=cdktn, packages in engines/cdktn), through scripts/run.cjs as `npm run synth` and
// `npm run synth:cdktn` do. Both must write the same stacks with the same resources, data
// sources, outputs, providers and backends; they may differ only in the provider source and
// version pin (required_providers), cdktf's metadata version ("//") and the manifest's version.
// Without the CDK Terrain packages this skips and says so, except in CI (CI=true), where
// .ci/run installs them and their absence is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isCI } from '../scripts/ci-env';
import { ALL_FILES } from './support/synth';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const engines = require('../scripts/engines.cjs') as {
  missing(engine: string): string | undefined;
  versions(engine: string): Record<string, string | null>;
};

const ROOT = path.resolve(__dirname, '..');
const absent = engines.missing('cdktn');
if (absent && !isCI) console.warn(`two-engine comparison skipped: ${absent}`);

const FILES = ALL_FILES;

type Json = Record<string, any>;

function synthesize(engine: string, outRoot: string): void {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), path.join(ROOT, 'test', 'support', 'synth-engine.ts'), outRoot, ...FILES], {
    cwd: ROOT,
    env: { ...process.env, DR_ENGINE: engine },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`DR_ENGINE=${engine} synthesis failed (exit ${run.status ?? run.signal}):\n${run.stderr}${run.stdout}`);
}

const readJson = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8'));
const stackNames = (outdir: string) => fs.readdirSync(path.join(outdir, 'stacks')).sort();

/** The parts of a synthesized stack that may differ between engines, and the stack without them. */
function split(tf: Json): { pins: Json; meta: Json; rest: Json } {
  const { ['//']: meta, terraform, ...body } = structuredClone(tf);
  const pins = terraform.required_providers;
  delete terraform.required_providers;
  return { pins, meta, rest: { ...body, terraform } };
}

test('an unknown DR_ENGINE is refused with the accepted names', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), 'main.ts'], { cwd: ROOT, env: { ...process.env, DR_ENGINE: 'pulumi' }, encoding: 'utf8' });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('DR_ENGINE="pulumi" is not a synthesis engine; use one of: cdktf, cdktn (default cdktf)');
});

(absent && !isCI ? describe.skip : describe)('cdktf and CDK Terrain synthesize the same stacks', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-engines-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the CDK Terrain packages are installed (CI installs them with npm run install:cdktn)', () => {
    expect(absent).toBeUndefined();
    expect(engines.versions('cdktn')).toEqual({ cdktn: '0.24.0', constructs: expect.stringMatching(/^10\.[67]\./), '@cdktn/provider-aws': expect.stringMatching(/^25\./) });
  });


  let synthesized: Error | true | undefined;
  const both = () => {
    if (synthesized === undefined) {
      try {
        synthesize('cdktf', path.join(tmp, 'cdktf'));
        synthesize('cdktn', path.join(tmp, 'cdktn'));
        synthesized = true;
      } catch (err) {
        synthesized = err as Error;
      }
    }
    if (synthesized !== true) throw synthesized;
  };

  test.each(FILES.map((f) => [path.relative(ROOT, f), path.basename(f).replace(/\.[^.]+$/, '')]))('%s: same stacks, resources and wiring', (_label, name) => {
    both();
    const a = path.join(tmp, 'cdktf', name);
    const b = path.join(tmp, 'cdktn', name);
    expect(stackNames(b)).toEqual(stackNames(a));
    expect(stackNames(a).length).toBeGreaterThan(0);

    for (const stack of stackNames(a)) {
      const tfA = split(readJson(path.join(a, 'stacks', stack, 'cdk.tf.json')));
      const tfB = split(readJson(path.join(b, 'stacks', stack, 'cdk.tf.json')));
      // Everything Terraform acts on: resources, data sources, outputs, providers, backend, locals.
      expect({ stack, ...tfB.rest }).toEqual({ stack, ...tfA.rest });
      // What may differ, and how.
      expect(tfA.pins).toEqual({ aws: { source: 'aws', version: '6.25.0' } });
      expect(tfB.pins).toEqual({ aws: { source: 'hashicorp/aws', version: expect.stringMatching(/^6\.(6[4-9]|[7-9]\d)\.\d+$/) } });
      expect({ ...tfB.meta, metadata: { ...tfB.meta.metadata, version: 'x' } }).toEqual({ ...tfA.meta, metadata: { ...tfA.meta.metadata, version: 'x' } });
      expect([tfA.meta.metadata.version, tfB.meta.metadata.version]).toEqual(['0.21.0', '0.24.0']);
    }
    const manifest = (dir: string) => {
      const m = readJson(path.join(dir, 'manifest.json'));
      return { ...m, version: 'x' };
    };
    expect(manifest(b)).toEqual(manifest(a));
  });

  test('npm run synth:cdktn (main.ts) writes what the comparison checked', () => {
    both();
    const outdir = path.join(tmp, 'main-cdktn');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), 'main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DR_ENGINE: 'cdktn', DR_ENV: path.join(ROOT, 'envs', 'example.yaml'), CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const stack of stackNames(path.join(tmp, 'cdktn', 'example'))) {
      const file = path.join('stacks', stack, 'cdk.tf.json');
      expect(fs.readFileSync(path.join(outdir, file), 'utf8')).toBe(fs.readFileSync(path.join(tmp, 'cdktn', 'example', file), 'utf8'));
    }
  });
});
