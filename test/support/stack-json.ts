/** Synthesizes a plan into a temp directory and returns each stack's cdk.tf.json, removing the directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EnvironmentPlan } from '../../plan/types';
import { synthPlanInto, type TfJson } from './synth';

export function synthPlan(plan: EnvironmentPlan): Record<string, TfJson> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-json-'));
  try {
    return synthPlanInto(plan, outdir);
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
