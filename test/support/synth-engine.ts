/**
 * `node scripts/run.cjs test/support/synth-engine.ts <out-root> <env-file>...`, with DR_ENGINE
 * choosing the engine: synthesizes each environment file (validated and planned on its own, as
 * test/support/synth.ts does) into <out-root>/<file name without extension>, in one process so a
 * comparison of the engines costs two node start-ups, not one per file. Startup tuning
 * (stacks/startup.ts) is on, as in `npm run synth`. 
 */
import '../../stacks/startup';
import fs from 'node:fs';
import path from 'node:path';
import { App } from 'cdktf';
import { loadEnvironment } from '../../config/load';
import { planEnvironment } from '../../plan/plan';
import { buildStacks } from '../../stacks/build';

const [outRoot, ...files] = process.argv.slice(2);
if (!outRoot || !files.length) {
  process.stderr.write('usage: node scripts/run.cjs test/support/synth-engine.ts <out-root> <env-file>...\n');
  process.exit(2);
}
for (const file of files) {
  const outdir = path.join(outRoot, path.basename(file).replace(/\.[^.]+$/, ''));
  fs.mkdirSync(outdir, { recursive: true }); // cdktf creates only the last level
  const app = new App({ outdir });
  buildStacks(app, planEnvironment(loadEnvironment(file)));
  app.synth();
}
