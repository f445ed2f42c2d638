/**
 * npm run stacks [-- [--json] [--waves] [env ...]]
 *
 * Lists every stack of every environment in envs/ (or of DR_ENV, or of the environments named
 * as arguments: names in envs/ or paths) in deploy order: env, purpose, account, region, the
 * peer of peering stacks and dependencies. --json prints a JSON array for CI matrices (stdout
 * holds nothing else); --waves groups the stacks in waves that can be applied in parallel.
 * Validates the files like synth does, and writes nothing.
 */
import path from 'node:path';
import { selectedFiles } from '../config/load';
import { runCommand } from '../config/report';
import { planFiles } from '../plan/plan-files';
import { DEFAULT_OUTDIR, deployWaves, formatStackTable, formatWaveTable, stackRows, wavesJson } from '../plan/stack-list';

const USAGE = 'usage: npm run stacks -- [--json] [--waves] [env name or file ...]';

runCommand(() => {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('-')));
  const selectors = args.filter((a) => !a.startsWith('-'));
  const unknown = [...flags].filter((f) => !['--json', '--waves', '--help', '-h'].includes(f));
  if (flags.has('--help') || flags.has('-h') || unknown.length) {
    if (unknown.length) process.stderr.write(`unknown option ${unknown.join(', ')}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exit(unknown.length ? 2 : 0);
  }

  const envDir = path.resolve(__dirname, '..', 'envs');
  const rows = stackRows(planFiles(selectedFiles(envDir, selectors)), process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR);

  if (flags.has('--waves')) {
    const waves = deployWaves(rows);
    process.stdout.write(flags.has('--json') ? `${JSON.stringify(wavesJson(waves), null, 2)}\n` : `${formatWaveTable(waves)}\n`);
  } else {
    process.stdout.write(flags.has('--json') ? `${JSON.stringify(rows, null, 2)}\n` : `${formatStackTable(rows)}\n`);
  }
});
