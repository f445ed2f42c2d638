/**
 * Preloaded with NODE_OPTIONS=--require into every node process a test of `npm run cdktf` starts
 * (npm, the wrapper, cdktf-cli and the app it runs), so tests see what ran with what, with no
 * test hook in the wrapper itself:
 * - PRIVATE_DR_RECORD=<file>: each process appends one JSON line: its script and arguments, and
 *   the CHECKPOINT_DISABLE it was started with (null when unset);
 * - PRIVATE_DR_KILL_CDKTF=<signal>: cdktf-cli's process kills itself with that signal as it starts.
 */
const fs = require('node:fs');
const path = require('node:path');

const script = process.argv[1] ?? '';
const isCdktfCli = script.split(path.sep).slice(-4).join('/') === 'cdktf-cli/bundle/bin/cdktf';

if (process.env.PRIVATE_DR_RECORD) {
  const line = { argv: process.argv.slice(1), checkpointDisable: process.env.CHECKPOINT_DISABLE ?? null, cdktfCli: isCdktfCli };
  fs.appendFileSync(process.env.PRIVATE_DR_RECORD, `${JSON.stringify(line)}\n`);
}
if (isCdktfCli && process.env.PRIVATE_DR_KILL_CDKTF) process.kill(process.pid, process.env.PRIVATE_DR_KILL_CDKTF);
