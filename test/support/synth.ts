/**
 * Synthesizes an environment file the way `npm run synth` does (validate, plan, build, write
 * cdktf.out) into a temp directory, and reads back what users get: each stack's cdk.tf.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'cdktf';
import { loadEnvironment } from '../../config/load';
import { planEnvironment } from '../../plan/plan';
import type { EnvironmentPlan } from '../../plan/types';
import { buildStacks } from '../../stacks/build';

export type TfJson = {
  terraform: Record<string, any>;
  provider: { aws: Record<string, any>[] };
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, { value: any; description?: string }>;
};

export interface Synthesized {
  readonly plan: EnvironmentPlan;
  readonly outdir: string;
  readonly stacks: Record<string, TfJson>;
}

export const SCENARIOS = path.resolve(__dirname, '..', 'scenarios');
export const scenario = (name: string) => path.join(SCENARIOS, `${name}.yaml`);

/** Temp directories made here, removed after the test file that made them. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp directory, removed after the test file that asked for it. */
export function tempDir(prefix = 'private-dr-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Synthesizes `plan` into `outdir` and returns each stack's cdk.tf.json, by stack name. */
export function synthPlanInto(plan: EnvironmentPlan, outdir: string): Record<string, TfJson> {
  const app = new App({ outdir });
  buildStacks(app, plan);
  app.synth();
  const stacks: Record<string, TfJson> = {};
  for (const name of fs.readdirSync(path.join(outdir, 'stacks')).sort()) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  }
  return stacks;
}

/** Every file under `dir`, by path relative to it. */
export function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** Every file a synthesis of `file` writes (manifest and stacks), by path relative to the output. */
export function synthBytes(file: string): Map<string, string> {
  const outdir = tempDir();
  const app = new App({ outdir });
  buildStacks(app, planEnvironment(loadEnvironment(file)));
  app.synth();
  const files = filesUnder(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  return files;
}

/** Every bundled environment and scenario file, for tests that must hold for all of them. */
export const ALL_FILES = ['envs', 'test/scenarios'].flatMap((dir) =>
  fs
    .readdirSync(path.resolve(__dirname, '..', '..', dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.resolve(__dirname, '..', '..', dir, f)),
);

export function synthFile(file: string): Synthesized {
  const plan = planEnvironment(loadEnvironment(file));
  const outdir = tempDir();
  return { plan, outdir, stacks: synthPlanInto(plan, outdir) };
}

/** Every resource of a type in a stack, without cdktf's "//" metadata. */
export function resources(stack: TfJson, type: string): Record<string, any>[] {
  return Object.values(stack.resource[type] ?? {}).map(({ ['//']: _meta, ...rest }) => rest);
}

export function resource(stack: TfJson, type: string, name: string): Record<string, any> {
  const found = stack.resource[type]?.[name];
  if (!found) throw new Error(`no ${type}.${name}; have: ${Object.keys(stack.resource[type] ?? {}).join(', ')}`);
  const { ['//']: _meta, ...rest } = found;
  return rest;
}

/** A policy as IAM receives it: Terraform turns the escaped $${...} back into ${...}. */
export function policy(json: string): any {
  return JSON.parse(json.replace(/\$\$\{/g, '${'));
}

export function output(stack: TfJson, name: string): any {
  const found = stack.output?.[name];
  if (!found) throw new Error(`no output ${name}; have: ${Object.keys(stack.output ?? {}).join(', ')}`);
  return found.value;
}
