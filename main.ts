/**
 * The app: environment files -> validated configs -> plans -> stacks -> Terraform JSON.
 * Every file is validated before the first construct exists, so a refused file writes nothing
 * and leaves an earlier synthesis untouched. Output goes to CDKTF_OUTDIR (default cdktf.out),
 * replaced whole once every stack is written (output/outdir.ts): a failure or kill part-way
 * leaves the previous output as it was.
 */
import './stacks/startup';
import path from 'node:path';
import { runCommand } from './config/report';
import { appPlans } from './plan/plan-files';
import { DEFAULT_OUTDIR } from './plan/stack-list';
import { synthesize } from './stacks/synthesize';

runCommand(() => {
  const plans = appPlans(path.resolve(__dirname, 'envs'));

  const { removedStacks } = synthesize(process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR, plans);
  if (removedStacks.length) console.log(`removed stack folders not in this synthesis: ${removedStacks.join(', ')}`);
});
