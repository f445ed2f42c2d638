/**
 * npm run bench [-- [--json] [--runs N]]
 *
 * Times the real synth job (package.json's `synth` command line, which cdktf.json's `app` repeats:
 * one child process per run, DR_ENV and CDKTF_OUTDIR pointing into a temp dir) on generated environments (bench/large-env.ts):
 * "6 x 3" (6 region pairs x 3 staging accounts, target accounts, cmk) and the "20 x 5" stress
 * case, plus what importing the provider package root costs (ROOT_IMPORT below,
 * which the synth path avoids by importing providers by deep path). The synth runs use their own
 * bundle cache (PRIVATE_DR_CACHE_DIR in a temp dir, warmed by one untimed run); "cold" runs start
 * each time from an empty one, so they include bundling and writing the cache. Each measurement
 * is the median of N runs (default 11), interleaved, each after `sync` (settleDisk): wall time and
 * peak RSS (GNU time's %M, or the child's own process.resourceUsage().maxRSS when /usr/bin/time is
 * missing).
 *
 * Budgets (issue 17), against the provider root import measured in the same run, with the synth
 * command's environment assignments (so both start node alike):
 * - synth(6 x 3) <= 0.15 x root import; cold synth(6 x 3) <= 0.5 x root import;
 * - marginal cost per extra stack (6 x 3 -> 20 x 5) <= 5 ms;
 * - peak RSS of 6 x 3 no higher than before this work, 20 x 5 under 250 MB (PEAK_LIMIT_MB).
 * A failed budget prints FAIL and exits 1; `--no-fail` reports only (exit 0).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The cost the synth budget is measured against: loading every provider class at once. */
const ROOT_IMPORT = `require(${JSON.stringify(['@cdktf', 'provider-aws'].join('/'))})`;
import { BENCH_CASES, largeEnvironment } from '../bench/large-env';

const ROOT = path.resolve(__dirname, '..');

/**
 * `npm run synth` (package.json) as the bench runs it: its leading environment assignments and
 * its node arguments, V8 flags included -- `[NAME=value ...] node [--flag=value ...]
 * scripts/run.cjs main.ts` -- so the bench times the command users run.
 */
export function synthCommand(scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts): { env: Record<string, string>; args: string[] } {
  const match = /^((?:[A-Z_][A-Z0-9_]*=\S* )*)node((?: --[a-z-]+=\S+)*) scripts\/run\.cjs main\.ts$/.exec(scripts.synth ?? '');
  if (!match) throw new Error(`package.json scripts.synth is not "[NAME=value ...] node [--flag=value ...] scripts/run.cjs main.ts": ${scripts.synth}`);
  const env = Object.fromEntries(match[1].trim().split(' ').filter(Boolean).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  return { env, args: [...match[2].trim().split(' ').filter(Boolean), path.join(ROOT, 'scripts', 'run.cjs'), 'main.ts'] };
}
const TIME_BUDGET_RATIO = 0.15;
const COLD_BUDGET_RATIO = 0.5;
const MARGINAL_BUDGET_MS = 5;
/**
 * Peak RSS limits: the 6 x 3 case may not use more than before the issue-17 speed work (103 MB,
 * cdktf 0.21, node 20; README "Speed"); the 20 x 5 stress case keeps the earlier 250 MB limit.
 */
const PEAK_LIMIT_MB: Record<string, number> = { '6 x 3': 103, '20 x 5': 250 };

interface Sample {
  readonly wallMs: number;
  readonly peakKb: number;
}

export interface Measurement {
  readonly wallMs: number;
  readonly peakMb: number;
  readonly runs: readonly { wallMs: number; peakMb: number }[];
}

export interface CaseResult extends Measurement {
  readonly case: string;
  readonly stacks: number;
  readonly resources: number;
  readonly dataSources: number;
  readonly msPerStack: number;
}

export interface Check {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
  readonly pass: boolean;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

function gnuTime(): boolean {
  if (!fs.existsSync('/usr/bin/time')) return false;
  const probe = spawnSync('/usr/bin/time', ['-f', '%M', '-o', os.devNull, 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

/**
 * Writes out what earlier runs left in the page cache, untimed, before the next timed run. The
 * bench writes and deletes a few hundred files per round (each run's output, the cold runs' bundle
 * caches); the kernel writes that back later, and a synth that creates its own directories and
 * files meanwhile waited on the file system's journal for it. On this project's VM (ext4 on a
 * virtual disk) that made half the 6 x 3 runs 20-30 % slower and moved the median with it, while
 * the root import, which writes nothing, did not move (README, "Speed"). Where `sync` is missing
 * (Windows) nothing is flushed.
 */
function settleDisk(): void {
  spawnSync('sync', [], { stdio: 'ignore' });
}

/** Runs `node <args>` once, measuring wall time and peak RSS of the node process. */
function runNode(args: readonly string[], env: NodeJS.ProcessEnv, tmp: string, useTime: boolean): Sample {
  const rssFile = path.join(tmp, `rss-${process.hrtime.bigint()}`);
  let command: string;
  let argv: string[];
  if (useTime) {
    command = '/usr/bin/time';
    argv = ['-f', '%M', '-o', rssFile, process.execPath, ...args];
  } else {
    // The child reports its own peak RSS on exit (KB, like GNU time).
    const preload = path.join(tmp, 'rss-preload.cjs');
    if (!fs.existsSync(preload)) {
      fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
    }
    command = process.execPath;
    argv = ['-r', preload, ...args];
  }
  settleDisk();
  const start = process.hrtime.bigint();
  const child = spawnSync(command, argv, { cwd: ROOT, env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) {
    throw new Error(`node ${args.join(' ')} failed (exit ${child.status ?? child.signal}):\n${child.stderr || child.stdout}`);
  }
  const text = fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
  const peakKb = Number(text);
  if (!Number.isFinite(peakKb) || peakKb <= 0) throw new Error(`could not read peak RSS from ${rssFile}: "${text}"`);
  fs.rmSync(rssFile, { force: true });
  return { wallMs, peakKb };
}

function summarize(samples: readonly Sample[]): Measurement {
  return {
    wallMs: round(median(samples.map((s) => s.wallMs))),
    peakMb: round(median(samples.map((s) => s.peakKb)) / 1024, 1),
    runs: samples.map((s) => ({ wallMs: round(s.wallMs), peakMb: round(s.peakKb / 1024, 1) })),
  };
}

/** Stacks, resources and data sources that a synthesis wrote. */
export function countOutput(outdir: string): { stacks: number; resources: number; dataSources: number } {
  const stacksDir = path.join(outdir, 'stacks');
  let resources = 0;
  let dataSources = 0;
  const names = fs.readdirSync(stacksDir);
  for (const name of names) {
    const tf = JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as {
      resource?: Record<string, Record<string, unknown>>;
      data?: Record<string, Record<string, unknown>>;
    };
    for (const byName of Object.values(tf.resource ?? {})) resources += Object.keys(byName).length;
    for (const byName of Object.values(tf.data ?? {})) dataSources += Object.keys(byName).length;
  }
  return { stacks: names.length, resources, dataSources };
}

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));

function main(): void {
  const args = process.argv.slice(2);
  let json = false;
  let fail = true;
  // A 6 x 3 synth is a few hundred milliseconds, short enough for one slow moment of a shared
  // machine to move a median of 5; 11 rounds (about 75 s here) keep it steadier.
  let runs = 11;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') json = true;
    else if (args[i] === '--no-fail') fail = false;
    else if (args[i] === '--runs' && /^[1-9]\d*$/.test(args[i + 1] ?? '')) runs = Number(args[++i]);
    else {
      process.stderr.write(`unknown or incomplete argument ${args[i]}\nusage: npm run bench -- [--json] [--no-fail] [--runs N]\n`);
      process.exit(2);
    }
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-bench-'));
  const useTime = gnuTime();
  const started = Date.now();
  try {
    const cases = BENCH_CASES.map((c) => {
      const file = path.join(tmp, `${c.label.replace(/\W+/g, '')}.json`);
      fs.writeFileSync(file, `${JSON.stringify(largeEnvironment(c.options), null, 2)}\n`);
      return { ...c, file, samples: [] as Sample[], outdir: '' };
    });
    const rootSamples: Sample[] = [];
    const coldSamples: Sample[] = [];
    const log = (line: string) => (json ? undefined : process.stderr.write(`${line}\n`));
    log(`bench: ${runs} run(s) each, peak RSS from ${useTime ? '/usr/bin/time %M' : 'process.resourceUsage().maxRSS'}`);
    const command = synthCommand();
    const synth = (file: string, outdir: string, cache: string) =>
      runNode(command.args, { ...command.env, DR_ENV: file, CDKTF_OUTDIR: outdir, PRIVATE_DR_CACHE_DIR: cache }, tmp, useTime);
    // The yardstick starts node as the synth command does (NODE_EXTRA_CA_CERTS left out: node
    // reads that file at every start), so the ratio compares the work, not the start-up settings.
    // Where the inherited environment differs, the root import as it would run there is timed too.
    const inheritedDiffers = Object.entries(command.env).some(([k, v]) => (process.env[k] ?? '') !== v);
    const inheritedSamples: Sample[] = [];
    const warmCache = path.join(tmp, 'cache');
    synth(cases[0].file, path.join(tmp, 'out-warmup'), warmCache); // builds the bundle and its code cache

    // Interleaved, so a slow moment of the machine spreads over every case instead of one.
    for (let r = 0; r < runs; r++) {
      rootSamples.push(runNode(['-e', ROOT_IMPORT], command.env, tmp, useTime));
      if (inheritedDiffers) inheritedSamples.push(runNode(['-e', ROOT_IMPORT], {}, tmp, useTime));
      const coldCache = path.join(tmp, `cache-cold-${r}`);
      coldSamples.push(synth(cases[0].file, path.join(tmp, `out-cold-${r}`), coldCache));
      fs.rmSync(coldCache, { recursive: true, force: true });
      fs.rmSync(path.join(tmp, `out-cold-${r}`), { recursive: true, force: true });
      for (const c of cases) {
        const outdir = path.join(tmp, `out-${c.file.replace(/\W+/g, '_').slice(-20)}-${r}`);
        c.samples.push(synth(c.file, outdir, warmCache));
        if (r === 0) c.outdir = outdir;
        else fs.rmSync(outdir, { recursive: true, force: true });
      }
      log(`  run ${r + 1}/${runs} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }

    const rootImport = summarize(rootSamples);
    const inheritedRootImport = inheritedDiffers ? summarize(inheritedSamples) : undefined;
    const cold = summarize(coldSamples);
    const results: CaseResult[] = cases.map((c) => {
      const counts = countOutput(c.outdir);
      const m = summarize(c.samples);
      return { case: c.label, ...counts, ...m, msPerStack: round(m.wallMs / counts.stacks, 1) };
    });
    const [small, large] = results;
    const ratio = round(small.wallMs / rootImport.wallMs, 3);
    const coldRatio = round(cold.wallMs / rootImport.wallMs, 3);
    const inheritedRatio = inheritedRootImport ? round(small.wallMs / inheritedRootImport.wallMs, 3) : undefined;
    const marginal = round((large.wallMs - small.wallMs) / (large.stacks - small.stacks), 1);
    const checks: Check[] = [
      { name: `synth(${small.case}) / root import time`, value: ratio, limit: TIME_BUDGET_RATIO, unit: 'x', pass: ratio <= TIME_BUDGET_RATIO },
      { name: `cold synth(${small.case}, no bundle cache) / root import time`, value: coldRatio, limit: COLD_BUDGET_RATIO, unit: 'x', pass: coldRatio <= COLD_BUDGET_RATIO },
      { name: `marginal cost per extra stack (${small.case} -> ${large.case})`, value: marginal, limit: MARGINAL_BUDGET_MS, unit: 'ms', pass: marginal <= MARGINAL_BUDGET_MS },
      ...results.map((r) => {
        const limit = PEAK_LIMIT_MB[r.case] ?? 250;
        return { name: `peak RSS synth(${r.case})`, value: r.peakMb, limit, unit: 'MB', pass: r.peakMb <= limit };
      }),
    ];
    const growth = {
      msPerStack: Object.fromEntries(results.map((r) => [r.case, r.msPerStack])),
      marginalMsPerStack: marginal,
      fixedMs: round(small.wallMs - marginal * small.stacks),
      perStackGrowth: round(large.msPerStack / small.msPerStack, 2),
    };

    const report = {
      node: process.version,
      cpus: os.cpus().length,
      runs,
      peakRssSource: useTime ? 'gnu-time' : 'resourceUsage',
      rootImport,
      ...(inheritedRootImport ? { inheritedRootImport, inheritedRatio } : {}),
      synthEnv: command.env,
      cold,
      cases: results,
      ratio,
      coldRatio,
      checks,
      growth,
      totalMs: Date.now() - started,
    };
    const passed = checks.every((c) => c.pass);
    if (!passed && fail) process.exitCode = 1;
    if (json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }

    const shownEnv = Object.entries(command.env)
      .map(([k, v]) => `${k}=${v} `)
      .join('');
    const shownCommand = `${shownEnv}node ${command.args.map((a) => (path.isAbsolute(a) ? path.relative(ROOT, a) : a)).join(' ')}`;
    const header = ['case', 'stacks', 'resources', 'wall ms', 'peak MB', 'ms/stack'];
    const rows = [
      ...results.map((r) => [r.case, String(r.stacks), String(r.resources), String(r.wallMs), r.peakMb.toFixed(1), r.msPerStack.toFixed(1)]),
      [`cold ${small.case}`, String(small.stacks), String(small.resources), String(cold.wallMs), cold.peakMb.toFixed(1), '-'],
      ['root import', '-', '-', String(rootImport.wallMs), rootImport.peakMb.toFixed(1), '-'],
      ...(inheritedRootImport ? [['root import, inherited env', '-', '-', String(inheritedRootImport.wallMs), inheritedRootImport.peakMb.toFixed(1), '-']] : []),
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i > 0)).join('  ');
    const out = [
      '',
      line(header),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...rows.map(line),
      '',
      `(median of ${runs}, each run after sync; node ${process.version}, ${os.cpus().length} CPUs; synth = ${shownCommand}; root import = ${shownEnv}node -e "${ROOT_IMPORT}")`,
      ...(inheritedRootImport
        ? [`(root import, inherited env: node -e as this shell would run it, without the synth command's ${shownEnv.trim()}; synth(${small.case}) / that = ${inheritedRatio})`]
        : []),
      '',
      'budgets:',
      ...checks.map((c) => `  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name} = ${c.value}${c.unit === 'x' ? '' : ` ${c.unit}`}  (limit <= ${c.limit}${c.unit === 'x' ? '' : ` ${c.unit}`})`),
      '',
      'growth:',
      `  ms per stack: ${results.map((r) => `${r.msPerStack} (${r.case}, ${r.stacks} stacks)`).join(', ')}`,
      `  marginal: ${marginal} ms per extra stack; fixed cost about ${growth.fixedMs} ms; per-stack cost x${growth.perStackGrowth} from ${small.case} to ${large.case} (${growth.perStackGrowth <= 1.2 ? 'linear or better' : 'SUPER-LINEAR'})`,
      '',
      passed ? 'all budgets PASS' : `FAIL: ${checks.filter((c) => !c.pass).map((c) => c.name).join('; ')}`,
      `total bench time ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === __filename) main();
