/**
 * npm run outputs -- <stack> [--json] [--placeholders] [env name or file ...]
 *
 * Every operator output of one stack (install commands, DNS forwarders, checks, MGN commands,
 * ids), in name order (as cdktf writes them):
 * - after apply, the real values from state: `terraform output -no-color -json` in the stack's working
 *   directory (cdktf.out/stacks/<stack>, or $CDKTF_OUTDIR/stacks/<stack>), where `cdktf deploy`
 *   initialized it with the stack's backend;
 * - before apply (no initialized working directory, no state, or --placeholders): the synthesized
 *   values, with every value Terraform fills in at apply shown as a marked <placeholder>.
 * Validates and synthesizes the environment in a temp directory; writes nothing else.
 */
import '../stacks/startup';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'cdktf';
import { selectedFiles } from '../config/load';
import { runCommand } from '../config/report';
import { planFiles } from '../plan/plan-files';
import { DEFAULT_OUTDIR } from '../plan/stack-list';
import { buildStacks } from '../stacks/build';
import { renderValue } from './outputs-render';

const USAGE = 'usage: npm run outputs -- <stack> [--json] [--placeholders] [env name or file ...]   (npm run stacks lists the stacks)';

interface Declared {
  readonly value: unknown;
  readonly description?: string;
}

function synthesizedOutputs(plan: Parameters<typeof buildStacks>[1], stack: string): Record<string, Declared> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-outputs-'));
  try {
    const app = new App({ outdir });
    buildStacks(app, plan);
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    return json.output ?? {};
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Values from state, or why there are none yet. */
export function stateOutputs(stackDir: string): { values: Record<string, unknown> } | { reason: string } {
  if (!fs.existsSync(path.join(stackDir, '.terraform'))) return { reason: `${stackDir} is not initialized (cdktf deploy does that)` };
  // -no-color ("output won't contain any color", terraform output -help): Terraform colours its
  // diagnostics with ANSI escapes even when stderr is a pipe, and a failure's text goes into the
  // BEFORE APPLY header.
  const r = spawnSync('terraform', ['output', '-no-color', '-json'], { cwd: stackDir, encoding: 'utf8' });
  if (r.error) return { reason: `terraform could not run: ${r.error.message}` };
  if (r.status !== 0) return { reason: `terraform output failed: ${(r.stderr || r.stdout).trim()}` };
  const parsed = JSON.parse(r.stdout || '{}') as Record<string, { value: unknown }>;
  if (!Object.keys(parsed).length) return { reason: 'the state has no outputs yet (not applied)' };
  return { values: Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value])) };
}

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

runCommand(() => {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('-')));
  const [stack, ...selectors] = args.filter((a) => !a.startsWith('-'));
  const unknown = [...flags].filter((f) => !['--json', '--placeholders', '--help', '-h'].includes(f));
  if (flags.has('--help') || flags.has('-h') || unknown.length || !stack) {
    if (unknown.length) process.stderr.write(`unknown option ${unknown.join(', ')}\n`);
    if (!stack && !flags.has('--help') && !flags.has('-h')) process.stderr.write('name a stack\n');
    process.stderr.write(`${USAGE}\n`);
    process.exit(flags.has('--help') || flags.has('-h') ? 0 : 2);
  }

  const plans = planFiles(selectedFiles(path.resolve(__dirname, '..', 'envs'), selectors));
  const plan = plans.find((p) => p.stacks.some((s) => s.name === stack));
  if (!plan) {
    process.stderr.write(`no stack "${stack}"; stacks: ${plans.flatMap((p) => p.stacks.map((s) => s.name)).join(', ')}\n`);
    process.exit(2);
  }
  const stackPlan = plan.stacks.find((s) => s.name === stack)!;
  const declared = synthesizedOutputs(plan, stack);
  const stackDir = path.join(process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR, 'stacks', stack);
  const state = flags.has('--placeholders') ? { reason: '--placeholders' } : stateOutputs(stackDir);
  const fromState = 'values' in state;
  const ctx = { region: stackPlan.region, accountId: stackPlan.account.id };
  const values = Object.fromEntries(
    Object.entries(declared).map(([name, o]) => [name, fromState ? state.values[name] : renderValue(o.value, 'placeholder', ctx)]),
  );

  if (flags.has('--json')) {
    process.stdout.write(`${JSON.stringify({ stack, source: fromState ? 'state' : 'placeholders', ...(fromState ? {} : { reason: state.reason }), outputs: values }, null, 2)}\n`);
    return;
  }
  const header = fromState
    ? `# ${stack}: values from Terraform state (terraform output -json in ${stackDir})`
    : [
        // A reason can be Terraform's multi-line diagnostic: every line stays a comment.
        `# ${stack}: BEFORE APPLY (${state.reason}).`.replace(/\n/g, '\n# '),
        '# PLACEHOLDERS: every <...> below is a value Terraform fills in at apply; run this again after',
        '# `cdktf deploy` for the real text, or read one output with `terraform output -raw <name>` in the stack directory.',
      ].join('\n');
  const blocks = Object.entries(declared).map(([name, o]) => [`## ${name}${o.description ? `: ${o.description}` : ''}`, show(values[name])].join('\n'));
  process.stdout.write(`${[header, ...blocks].join('\n\n')}\n`);
});
