/** Synthesizes a plan into a temp directory and returns each stack's cdk.tf.json, removing the directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'cdktf';
import type { EnvironmentPlan } from '../../plan/types';
import { buildStacks } from '../../stacks/build';
import type { TfJson } from './synth';

export function synthPlan(plan: EnvironmentPlan): Record<string, TfJson> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-json-'));
  try {
    const app = new App({ outdir });
    buildStacks(app, plan);
    app.synth();
    const stacks: Record<string, TfJson> = {};
    for (const name of fs.readdirSync(path.join(outdir, 'stacks')).sort()) {
      stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    }
    return stacks;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every resource and data source address of a stack ("aws_vpc.network_vpc", "data.aws_vpc.x"), sorted. */
export function addresses(stack: TfJson): string[] {
  const of = (blocks: Record<string, Record<string, unknown>> | undefined, prefix: string) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of(stack.resource, ''), ...of(stack.data, 'data.')].sort();
}
