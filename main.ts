/**
 * The app: environment files -> validated configs -> plans -> stacks -> Terraform JSON.
 * Every file is validated before the first construct exists, so a refused file writes nothing
 * and leaves an earlier synthesis untouched. Output goes to CDKTF_OUTDIR (default cdktf.out),
 * replaced whole once every stack is written (output/outdir.ts): a failure or kill part-way
 * leaves the previous output as it was.
 */
import './stacks/startup';
import path from 'node:path';
import { App } from 'cdktf';
import { envFiles } from './config/load';
import { problem, InvalidEnvironmentError } from './config/problems';
import { runCommand } from './config/report';
import { replaceOutput } from './output/outdir';
import { capacityReport } from './plan/capacity';
import { planFiles } from './plan/plan-files';
import { DEFAULT_OUTDIR } from './plan/stack-list';
import { buildStacks } from './stacks/build';
import { dnsForwarderFiles, writeGeneratedFiles } from './stacks/dns-files';

runCommand(() => {
  const envDir = path.resolve(__dirname, 'envs');
  const files = envFiles(envDir);
  if (!files.length) throw new InvalidEnvironmentError(envDir, [problem('', 'no environment files (*.yaml, *.yml, *.json); add one, e.g. envs/example.yaml')]);
  const plans = planFiles(files);

  // `outdir` is a fresh directory that becomes the output only when this function returns:
  // anything else the app writes (beside the stacks) goes under it too, e.g. path.join(outdir, 'dns').
  const { removedStacks } = replaceOutput(process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR, (outdir) => {
    const app = new App({ outdir, skipValidation: false });
    for (const plan of plans) {
      buildStacks(app, plan);
      for (const line of capacityReport(plan)) console.log(line);
    }
    app.synth();
    writeGeneratedFiles(outdir, dnsForwarderFiles(plans));
  });
  if (removedStacks.length) console.log(`removed stack folders not in this synthesis: ${removedStacks.join(', ')}`);
});
