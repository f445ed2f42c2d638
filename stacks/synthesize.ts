/**
 * One synthesis: every environment plan -> its stacks and generated files, written into a fresh
 * directory that replaces `outdir` whole (output/outdir.ts). main.ts and the tests share it, so
 * what the tests synthesize is what users get.
 */
import { App } from 'cdktf';
import { replaceOutput, type Replaced } from '../output/outdir';
import { capacityReport } from '../plan/capacity';
import type { EnvironmentPlan } from '../plan/types';
import { buildStacks } from './build';
import { dnsForwarderFiles, dnsForwarderWarnings, writeGeneratedFiles } from './dns-files';

export function synthesize(outdir: string, plans: readonly EnvironmentPlan[], log: (line: string) => void = console.log): Replaced {
  // `dir` becomes the output only when this callback returns: everything the app writes beside
  // the stacks goes under it too.
  return replaceOutput(outdir, (dir) => {
    const app = new App({ outdir: dir, skipValidation: false });
    for (const plan of plans) {
      buildStacks(app, plan);
      for (const line of capacityReport(plan)) log(line);
    }
    app.synth();
    writeGeneratedFiles(dir, dnsForwarderFiles(plans));
    for (const line of dnsForwarderWarnings(plans, outdir)) log(line);
  });
}
