/**
 * `npm run validate [file or name ...]`: validates environment files without synthesizing.
 * Without arguments it checks DR_ENV, or else every file in envs/. Prints
 * `ok <file> (<n> sites, <m> stacks)` for each valid file and every problem of the others;
 * exits 0 only if all are valid. Writes nothing.
 */
import path from 'node:path';
import { AggregateEnvironmentError, envFiles, loadEnvironment } from '../config/load';
import { InvalidEnvironmentError, problem } from '../config/problems';
import { runCommand } from '../config/report';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
import { stackNameClashes } from '../plan/stack-names-unique';
import { planEnvironment } from '../plan/plan';

/** Relative to the working directory when inside it (envs/prod.yaml), else absolute. */
const display = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
};

runCommand(() => {
  const envDir = path.resolve(__dirname, '..', 'envs');
  const errors: InvalidEnvironmentError[] = [];
  const files: string[] = [];
  const selectors = process.argv.slice(2);
  for (const selector of selectors.length ? selectors : [process.env.DR_ENV ?? '']) {
    try {
      files.push(...envFiles(envDir, selector));
    } catch (e) {
      if (!(e instanceof InvalidEnvironmentError)) throw e;
      // An argument is not DR_ENV: keep the message, drop that path.
      errors.push(selectors.length ? new InvalidEnvironmentError(e.file, e.problems.map((p) => problem('', p.message))) : e);
    }
  }
  if (!files.length && !errors.length) {
    throw new InvalidEnvironmentError(envDir, [problem('', 'no environment files (*.yaml, *.yml, *.json); add one, e.g. envs/example.yaml')]);
  }

  const byName = new Map<string, string>();
  const plans: { file: string; plan: ReturnType<typeof planEnvironment> }[] = [];
  for (const file of [...new Set(files)]) {
    try {
      const env = loadEnvironment(file);
      const other = byName.get(env.name);
      if (other) {
        throw new InvalidEnvironmentError(display(file), [problem('name', `"${env.name}" is also the name of ${display(other)}; stack names would collide, so give each file its own name`)]);
      }
      byName.set(env.name, file);
      const plan = planEnvironment(env);
      plans.push({ file: display(file), plan });
      console.log(`ok ${display(file)} (${count(env.sites.length, 'site')}, ${count(plan.stacks.length, 'stack')})`);
    } catch (e) {
      if (!(e instanceof InvalidEnvironmentError)) throw e;
      errors.push(e.file === file ? new InvalidEnvironmentError(display(file), e.problems) : e);
    }
  }
  errors.push(...stackNameClashes(plans));
  if (errors.length) throw new AggregateEnvironmentError(errors);
});
