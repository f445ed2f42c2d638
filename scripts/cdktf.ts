/**
 * npm run cdktf -- <cdktf arguments>   (e.g. `synth`, `diff <stack>`, `deploy <stack>`, `--help`)
 *
 * The project's cdktf-cli (0.21), with two of its behaviours fixed from outside, since neither
 * can be fixed from inside the app and node_modules is not ours to patch:
 * - telemetry: cdktf-cli posts every command to HashiCorp's checkpoint API unless the environment
 *   variable CHECKPOINT_DISABLE is set (it has no cdktf.json option). This project is for
 *   air-gapped, regulated networks, where that post fails (`getaddrinfo ENOTFOUND
 *   checkpoint-api.hashicorp.com`) or must not be made at all, so not sending it is the default
 *   here: CHECKPOINT_DISABLE=1 unless the caller set CHECKPOINT_DISABLE (to anything, empty
 *   included: an empty value lets cdktf-cli send it). Terraform, which cdktf runs, reads the
 *   same variable for its own version check.
 * - a refused environment file: cdktf-cli prints the app's stderr as it comes and again under
 *   "Command output on stderr:", so every problem would show twice. For the commands that run
 *   the app, the files are first planned here by the code the app runs before it writes anything
 *   (plan/plan-files.ts appPlans, with the same DR_ENV handling); a refusal prints once, exactly as
 *   `npm run synth` prints it, and cdktf-cli is not started.
 * Otherwise cdktf-cli runs with these arguments and the terminal, and its exit status is ours.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../config/report';
import { appPlans } from '../plan/plan-files';
import { runsTheApp } from './cdktf-args';

/** cdktf-cli's bin script from its package.json, run with this node: no PATH, shell or .bin link involved. */
function cdktfBin(): string {
  const manifest = require.resolve('cdktf-cli/package.json');
  const { bin } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.cdktf);
}

const args = process.argv.slice(2);
if (runsTheApp(args)) {
  // Exits 1 after printing the problems and "Nothing was written." (config/report.ts), as the app does.
  runCommand(() => void appPlans(path.resolve(__dirname, '..', 'envs')));
}

const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? '1' };
const child = spawn(process.execPath, [cdktfBin(), ...args], { stdio: 'inherit', env });

// A signal sent to this process alone (kill, a CI runner cancelling, npm passing one on) must
// reach cdktf-cli too, which reacts as it would on its own; we wait for it instead of dying
// first and leaving it behind. (Ctrl-C in a terminal reaches both anyway; npm passes signals on
// to its scripts the same way.)
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const forward = (signal: NodeJS.Signals) => child.kill(signal);
for (const signal of FORWARDED) process.on(signal, forward);

child.on('error', (err) => {
  process.stderr.write(`could not start cdktf-cli: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Die the same way, so a caller sees the signal (npm does the same); should it not kill us
    // (ignored by whoever started us), the shell's convention, 128 + the signal's number.
    for (const s of FORWARDED) process.off(s, forward);
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + (os.constants.signals[signal] ?? 0)), 1000);
    return;
  }
  process.exit(code ?? 1);
});
