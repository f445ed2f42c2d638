/**
 * npm run diagram [-- [--out file.md] [env ...]]
 *
 * Draws each environment in envs/ (or DR_ENV, or the environments named as arguments) as a
 * Mermaid flowchart: accounts and regions, VPCs, endpoints, resolvers, gateways, and the paths
 * for peering, routes, replication and DNS. Prints Mermaid text; --out writes a Markdown file
 * with one ```mermaid block per environment (GitHub renders it).
 */
import path from 'node:path';
import { selectedFiles } from '../config/load';
import { runCommand } from '../config/report';
import { writeFileAtomically } from '../output/files';
import { diagramMarkdown, planDiagram } from '../plan/diagram';
import { planFiles } from '../plan/plan-files';

const USAGE = 'usage: npm run diagram -- [--out file.md] [env name or file ...]';

runCommand(() => {
  const args = process.argv.slice(2);
  let out: string | undefined;
  const selectors: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out' || arg === '-o') {
      out = args[++i];
      if (!out) fail('--out needs a file name');
    } else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else selectors.push(arg);
  }

  const envDir = path.resolve(__dirname, '..', 'envs');
  const plans = planFiles(selectedFiles(envDir, selectors));

  if (out) {
    const file = path.resolve(out);
    // Whole or not at all; a directory, a read-only or full disk is a message (output/errors.ts).
    writeFileAtomically(file, diagramMarkdown(plans));
    process.stderr.write(`wrote ${path.relative(process.cwd(), file) || file} (${plans.map((p) => p.env.name).join(', ')})\n`);
  } else {
    process.stdout.write(plans.map(planDiagram).join('\n'));
  }
});

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}
