// `npm run check:terraform [-- paths...]`: Terraform itself checks every synthesized stack,
// offline. Each environment file (envs/*.yaml) and scenario (test/scenarios/*.yaml) is
// synthesized; every stack is then `terraform init`, `validate`d and `plan`ned against a
// stand-in AWS provider that serves the real hashicorp/aws 6.25.0 schema
// (tools/terraform-standin). Stacks that read other stacks' outputs are planned after their
// producers have been applied offline into local temp state. Arguments may name environment
// files, cdktf output dirs (with stacks/) or single stack dirs (with cdk.tf.json).
//
// Environment files are also synthesized with CDK Terrain (DR_ENGINE=cdktn, when engines/cdktn is
// installed) and checked the same way. Its output pins hashicorp/aws 6.66.0 (what
// @cdktn/provider-aws 25.x binds), whose schema is not available offline: the stand-in is
// installed as that version but serves 6.47.0's, the nearest in ../shared/terraform (its README
// lists what changed for the resource types used here), and the report says so. `--engine cdktf`
// or `--engine cdktn` checks one engine only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installStandin, sharedSchemaPath, terraformEnv } from '../tools/terraform-standin/install';
import { Limiter, runProcess, type ProcessResult } from '../tools/terraform-standin/run-process';
import { findStackDirs, prepareStacks, writeWithoutProvisioners, type Stack } from '../tools/terraform-standin/stacks';
import { isCI } from './ci-env';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const engines = require('./engines.cjs') as { missing(engine: string): string | undefined; packageDir(engine: string, pkg: string): string };

const projectRoot = path.resolve(__dirname, '..');
const ENGINE_NAMES = ['cdktf', 'cdktn'] as const;
type Engine = (typeof ENGINE_NAMES)[number];
/** The schema CDK Terrain's output is checked against: the nearest to what it pins (see above). */
const CDKTN_SCHEMA = 'aws-provider-6.47.0.schema.json.gz';
/**
 * The shared schemas: ../shared/terraform beside the checkout, or PRIVATE_DR_SHARED_TERRAFORM for a
 * checkout that lives elsewhere (a git worktree).
 */
const sharedTerraform = (file: string) =>
  process.env.PRIVATE_DR_SHARED_TERRAFORM ? path.resolve(process.env.PRIVATE_DR_SHARED_TERRAFORM, file) : path.join(path.dirname(sharedSchemaPath(projectRoot)), file);
const parallelism = Math.max(1, Number(process.env.CHECK_TERRAFORM_PARALLELISM) || Math.min(2, os.cpus().length));
const limiter = new Limiter(parallelism);

interface Outcome {
  label: string;
  ok: boolean;
  summary: string;
  /** Terraform's (or the synthesizer's) own output when a step failed. */
  detail?: string;
  /** The failing stack was synthesized into the temp dir, which is then kept for inspection. */
  inTemp?: boolean;
}

const outcomes: Outcome[] = [];
function report(o: Outcome): void {
  outcomes.push(o);
  console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.label}: ${o.summary}`);
}

class StepFailed extends Error {
  constructor(readonly step: string, readonly result: ProcessResult) {
    super(`${step} failed`);
  }
}

function skip(reason: string, loud: boolean): never {
  const line = `check:terraform SKIPPED: ${reason}`;
  if (loud) console.error(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  else console.log(line);
  process.exit(0);
}

function defaultInputs(): string[] {
  const yamls = (dir: string): string[] => {
    const abs = path.join(projectRoot, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => path.join(abs, f));
  };
  return [...yamls('envs'), ...yamls(path.join('test', 'scenarios'))];
}

const label = (p: string): string => path.relative(projectRoot, p).replace(/\.ya?ml$/, '') || p;

/** Synthesizes one environment file into its own output dir; returns the dir or null on failure. */
async function synthesize(file: string, outdir: string, engine: Engine, group: string): Promise<string | null> {
  mkdirSync(outdir, { recursive: true }); // cdktf creates only the last level
  const result = await limiter.run(() =>
    runProcess(process.execPath, [path.join(projectRoot, 'scripts', 'run.cjs'), 'main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, DR_ENGINE: engine, DR_ENV: file, CDKTF_OUTDIR: outdir },
    }),
  );
  if (result.code !== 0) {
    report({ label: group, ok: false, summary: 'synthesis failed', detail: result.output });
    return null;
  }
  return outdir;
}

/** The summary line of `terraform plan` ("Plan: 3 to add, 0 to change, 0 to destroy." or "No changes."). */
function planSummary(planOutput: string): string {
  const m = /^Plan: (.*?)\.?$/m.exec(planOutput);
  if (m) return m[1]!;
  return /^No changes\./m.test(planOutput) ? 'no changes' : 'no summary line in the plan output';
}

/** Stacks in a remote-state cycle can never be planned in order; find them up front. */
function inCycle(stacks: Stack[]): Set<string> {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const cyclic = new Set<string>();
  for (const s of stacks) {
    const seen = new Set<string>();
    const stack = [...s.producers];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === s.name) {
        cyclic.add(s.name);
        break;
      }
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(byName.get(n)?.producers ?? []));
    }
  }
  return cyclic;
}

async function checkGroup(
  group: string,
  outdir: string,
  workRoot: string,
  env: NodeJS.ProcessEnv,
  synthesized: boolean,
): Promise<void> {
  const dirs = findStackDirs(outdir);
  if (dirs.length === 0) {
    report({ label: group, ok: false, summary: `no stacks found in ${outdir} (expected stacks/<name>/cdk.tf.json)` });
    return;
  }
  const stacks = prepareStacks(group, dirs, workRoot);
  const cyclic = inCycle(stacks);
  const consumers = (s: Stack): string[] => stacks.filter((c) => c.producers.includes(s.name)).map((c) => c.name);
  // Settles true once a stack's offline apply has written the state its consumers read.
  const applied = new Map<string, { promise: Promise<boolean>; resolve: (ok: boolean) => void }>();
  for (const s of stacks) {
    let resolve!: (ok: boolean) => void;
    const promise = new Promise<boolean>((r) => (resolve = r));
    applied.set(s.name, { promise, resolve });
  }

  // Time spent in each stack's own Terraform runs, not in the queue for a free core.
  const busyMs = new Map<string, number>();
  const terraform = async (s: Stack, step: string, args: string[]): Promise<ProcessResult> => {
    const result = await limiter.run(() => runProcess('terraform', args, { cwd: s.workDir, env }));
    busyMs.set(s.name, (busyMs.get(s.name) ?? 0) + result.ms);
    if (result.code !== 0) throw new StepFailed(`terraform ${step}`, result);
    return result;
  };

  const checkStack = async (s: Stack): Promise<void> => {
    const notes: string[] = [];
    try {
      await terraform(s, 'init', ['init', '-backend=false', '-input=false', '-no-color']);
      await terraform(s, 'validate', ['validate', '-no-color']);
      let plannable = true;
      if (s.unresolvedInputs.length) {
        notes.push(`plan skipped: reads the state of stacks not synthesized here (${s.unresolvedInputs.join(', ')})`);
        plannable = false;
      } else if (cyclic.has(s.name)) {
        notes.push('plan skipped: its terraform_remote_state inputs form a cycle');
        plannable = false;
      } else {
        const ready = await Promise.all(s.producers.map((p) => applied.get(p)!.promise));
        const failed = s.producers.filter((_, i) => !ready[i]);
        if (failed.length) {
          notes.push(`plan skipped: producer ${failed.join(', ')} could not be applied offline`);
          plannable = false;
        }
      }
      if (!plannable) {
        report({ label: `${group} › ${s.name}`, ok: true, summary: `validated; ${notes.join('; ')}` });
        return;
      }
      // Validation ran without any backend; planning needs the (local, overridden) one.
      await terraform(s, 'init', ['init', '-input=false', '-no-color', '-reconfigure']);
      const planned = await terraform(s, 'plan', ['plan', '-refresh=false', '-lock=false', '-input=false', '-no-color', '-out=tfplan']);
      notes.push(`plan: ${planSummary(planned.output)}`);
      if (s.producers.length) notes.push(`inputs from ${s.producers.join(', ')}`);
      const readers = consumers(s);
      if (readers.length) {
        // With provisioners, not the saved plan: it embeds the configuration, provisioners included.
        const stripped = writeWithoutProvisioners(s);
        const what = stripped ? ['-auto-approve', '-refresh=false'] : ['tfplan'];
        await terraform(s, 'apply', ['apply', '-lock=false', '-input=false', '-no-color', ...what]);
        notes.push(`applied offline${stripped ? ` (without provisioners of ${stripped} resources)` : ''} for ${readers.join(', ')}`);
      }
      applied.get(s.name)!.resolve(true);
      report({ label: `${group} › ${s.name}`, ok: true, summary: `${notes.join('; ')} (${((busyMs.get(s.name) ?? 0) / 1000).toFixed(1)} s)` });
    } catch (err) {
      if (!(err instanceof StepFailed)) throw err;
      report({
        label: `${group} › ${s.name}`,
        ok: false,
        summary: `${err.step} failed`,
        detail: `(in ${path.join(s.sourceDir, 'cdk.tf.json')})\n${err.result.output}`,
        inTemp: synthesized,
      });
    } finally {
      applied.get(s.name)!.resolve(false); // no-op once resolved
    }
  };
  await Promise.all(stacks.map(checkStack));
}

/**
 * The stand-in for CDK Terrain's output: installed as the hashicorp/aws version its bindings pin,
 * serving the nearest schema available offline. Null, after saying why, when it cannot be set up;
 * a missing engine or schema is a failure in CI, and when `--engine cdktn` asked for it.
 */
function cdktnStandin(dir: string, required: boolean): NodeJS.ProcessEnv | null {
  const absent = engines.missing('cdktn');
  const schema = sharedTerraform(CDKTN_SCHEMA);
  const why = absent ?? (existsSync(schema) ? undefined : `the AWS provider schema for CDK Terrain output is not at ${schema} (the shared/ folder beside the project)`);
  if (why) {
    if (isCI || required) report({ label: 'cdktn', ok: false, summary: `CDK Terrain output not checked: ${why}` });
    else console.log(`check:terraform: CDK Terrain output SKIPPED: ${why}`);
    return null;
  }
  const bindingsJs = path.join(engines.packageDir('cdktn', '@cdktf/provider-aws'), 'lib', 'provider', 'index.js');
  const pinned = /providerVersion: '(\d+\.\d+\.\d+)'/.exec(readFileSync(bindingsJs, 'utf8'))?.[1];
  if (!pinned) {
    report({ label: 'cdktn', ok: false, summary: `no providerVersion in ${bindingsJs}` });
    return null;
  }
  const served = /aws-provider-(.*)\.schema\.json\.gz$/.exec(CDKTN_SCHEMA)![1];
  const started = Date.now();
  const installed = installStandin({ projectRoot, dir, schemaJsonGz: schema, version: pinned, providerBindings: bindingsJs });
  console.log(
    `check:terraform: CDK Terrain output pins hashicorp/aws ${pinned}; no schema of ${pinned} is available offline, so its ` +
      `stand-in is installed as ${pinned} but serves the ${served} schema, the nearest in ../shared/terraform (ready in ${Date.now() - started} ms)`,
  );
  return installed.env;
}

function terraformVersion(env: NodeJS.ProcessEnv): string | null {
  const r = spawnSync('terraform', ['version', '-json'], { env, encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  try {
    return (JSON.parse(r.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const argv = process.argv.slice(2);
  const keep = argv.includes('--keep');
  const engineArg = argv.indexOf('--engine');
  const only = engineArg >= 0 ? argv[engineArg + 1] : undefined;
  if (engineArg >= 0 && !ENGINE_NAMES.includes(only as Engine)) {
    console.error(`check:terraform: --engine takes one of ${ENGINE_NAMES.join(', ')}`);
    process.exit(2);
  }
  const engineValue = (i: number) => engineArg >= 0 && (i === engineArg || i === engineArg + 1);
  const rest = argv.filter((a, i) => a !== '--keep' && !engineValue(i));
  // Options are never paths: --help/-h prints the usage, any other option is refused (issue 16).
  const options = rest.filter((a) => a.startsWith('-'));
  if (options.length) {
    const help = options.every((o) => o === '--help' || o === '-h');
    if (!help) console.error(`unknown option ${options.join(', ')}`);
    (help ? console.log : console.error)(`usage: npm run check:terraform -- [--keep] [--engine ${ENGINE_NAMES.join('|')}] [environment file | cdktf output dir | stack dir ...]`);
    process.exit(help ? 0 : 2);
  }
  const inputs = rest.map((a) => path.resolve(a));

  const version = terraformVersion(terraformEnv('/dev/null'));
  if (!version) {
    const msg = 'terraform is not on PATH; the offline Terraform check needs it (Terraform >= 1.11)';
    if (isCI) {
      console.error(`check:terraform FAILED: ${msg}`);
      process.exit(1);
    }
    skip(msg, false);
  }
  const schema = sharedTerraform(path.basename(sharedSchemaPath(projectRoot)));
  if (!existsSync(schema)) {
    skip(`the AWS provider schema is not at ${schema} (the shared/ folder beside the project)`, isCI);
  }

  const todo = inputs.length ? inputs : defaultInputs();
  if (todo.length === 0) {
    console.log('check:terraform: no environment files (envs/*.yaml, test/scenarios/*.yaml) to check');
    return;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'private-dr-check-terraform-'));
  try {
    const runs: { engine: Engine; env: NodeJS.ProcessEnv }[] = [];
    if (only !== 'cdktn') {
      const installStarted = Date.now();
      const installed = installStandin({ projectRoot, dir: path.join(tmp, 'provider-cdktf'), schemaJsonGz: schema });
      console.log(
        `check:terraform: Terraform ${version}, offline stand-in for hashicorp/aws 6.25.0 ` +
          `(ready in ${Date.now() - installStarted} ms), ${parallelism} at a time`,
      );
      runs.push({ engine: 'cdktf', env: installed.env });
    }
    const anyFile = todo.some((f) => existsSync(f) && !statSync(f).isDirectory());
    const cdktn = only === 'cdktf' || (!anyFile && only !== 'cdktn') ? null : cdktnStandin(path.join(tmp, 'provider-cdktn'), only === 'cdktn');
    if (cdktn) runs.push({ engine: 'cdktn', env: cdktn });

    await Promise.all(
      runs.flatMap(({ engine, env }) =>
        todo.map(async (input, i) => {
          const group = engine === 'cdktf' ? label(input) : `cdktn › ${label(input)}`;
          if (!existsSync(input)) {
            if (engine === 'cdktf' || only === 'cdktn') report({ label: group, ok: false, summary: `${input} does not exist` });
            return;
          }
          const synthesized = !statSync(input).isDirectory();
          // Synthesized output on disk already carries its engine's pins: checked once, as cdktf output.
          if (!synthesized && engine !== 'cdktf' && only !== 'cdktn') return;
          const outdir = synthesized ? await synthesize(input, path.join(tmp, 'synth', engine, String(i)), engine, group) : input;
          if (outdir) await checkGroup(group, outdir, path.join(tmp, 'work', engine, String(i)), env, synthesized);
        }),
      ),
    );
  } finally {
    // Kept when asked, or when a failing stack's synthesized cdk.tf.json lives only in there.
    if (keep || outcomes.some((o) => o.inTemp)) console.log(`check:terraform: working files kept in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }

  const failed = outcomes.filter((o) => !o.ok);
  for (const f of failed) {
    console.log(`\n── ${f.label}: ${f.summary}`);
    if (f.detail) console.log(f.detail.trim().replace(/^/gm, '   '));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\ncheck:terraform: ${outcomes.length - failed.length} passed, ${failed.length} failed (${seconds} s)` +
      (failed.length && !keep ? '; rerun with `-- --keep <paths>` to keep the working copies' : ''),
  );
  if (failed.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`check:terraform crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
