/**
 * The app: environment files -> validated configs -> plans -> stacks -> Terraform JSON.
 * Every file is validated before the first construct exists, so a refused file writes nothing
 * and leaves an earlier synthesis untouched. Output goes to CDKTF_OUTDIR (default cdktf.out).
 */
import './stacks/startup';
import path from 'node:path';
import { App } from 'cdktf';
import { envFiles } from './config/load';
import { problem, InvalidEnvironmentError } from './config/problems';
import { runCommand } from './config/report';
import { capacityReport } from './plan/capacity';
import { planFiles } from './plan/plan-files';
import { buildStacks } from './stacks/build';
import { dnsForwarderFiles, writeGeneratedFiles } from './stacks/dns-files';

runCommand(() => {
  const envDir = path.resolve(__dirname, 'envs');
  const files = envFiles(envDir);
  if (!files.length) throw new InvalidEnvironmentError(envDir, [problem('', 'no environment files (*.yaml, *.yml, *.json); add one, e.g. envs/example.yaml')]);
  const plans = planFiles(files);

  const app = new App({ skipValidation: false });
  for (const plan of plans) {
    buildStacks(app, plan);
    for (const line of capacityReport(plan)) console.log(line);
  }
  app.synth();
  writeGeneratedFiles(app.outdir, dnsForwarderFiles(plans));
});
