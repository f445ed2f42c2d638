/**
 * Where local Terraform state lives (`backend: local`), and what to do with state that earlier
 * versions kept inside the output directory.
 *
 * State lives in `state/` beside the output directory: `state/terraform.<stack>.tfstate` in the
 * project root for the default cdktf.out (cdktf's own file name; its default is the absolute
 * `<cwd>/terraform.<stack>.tfstate`). Never inside the output directory, which synthesis
 * replaces whole and which `rm -rf cdktf.out` must be able to remove harmlessly.
 *
 * The path written into cdk.tf.json is relative, `../../../state/terraform.<stack>.tfstate`:
 * Terraform resolves a local backend's `path` (and a terraform_remote_state reader's) from its
 * working directory, which for every stack is `<outdir>/stacks/<stack>` (cdktf deploy, the CI
 * workflow, `terraform -chdir=...`). One relative string therefore serves a stack's backend block
 * and every reader of it in a sibling stack, and the synthesized JSON stays byte-identical on
 * every machine and for every CDKTF_OUTDIR; an absolute path would embed the checkout's location.
 */
import fs from 'node:fs';
import path from 'node:path';
import { shown } from './errors';

export const STATE_DIR = 'state';
/** From a stack's working directory, <outdir>/stacks/<stack>, to the directory holding <outdir>. */
const FROM_STACK_DIR = '../../..';

export const stateFileName = (stack: string) => `terraform.${stack}.tfstate`;
/** The backend `path` of a stack, relative to its working directory. */
export const localStatePath = (stack: string) => `${FROM_STACK_DIR}/${STATE_DIR}/${stateFileName(stack)}`;
/** The backend `workspace_dir` (non-default workspaces), so that they stay out of the output too. */
export const localWorkspaceDir = (stack: string) => `${localStatePath(stack)}.d`;

/** The directory local state of `outdir`'s stacks lives in. */
export const stateDirOf = (outdir: string) => path.join(path.dirname(path.resolve(outdir)), STATE_DIR);

/** State snapshots and their backups; `.terraform/terraform.tfstate` is backend settings, not state. */
const STATE_FILE = /\.tfstate(\.backup)?$/;

/** Every state file under `dir` (not inside `.terraform` directories, not through symbolic links), sorted. */
export function findStateFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.terraform') walk(full);
      } else if (STATE_FILE.test(entry.name)) found.push(full);
    }
  };
  if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk(dir);
  return found.sort();
}

const quote = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Where a state file found in `outdir` belongs in the state directory (relative to it), when it
 * is one the old layout wrote: `stacks/<s>/terraform.<s>.tfstate[.backup]` and non-default
 * workspaces `stacks/<s>/terraform.tfstate.d/<ws>/terraform.tfstate[.backup]`.
 */
function newHome(outdir: string, file: string): string | undefined {
  const parts = path.relative(outdir, file).split(path.sep);
  if (parts[0] !== 'stacks' || parts.length < 3) return undefined;
  const stack = parts[1];
  if (parts.length === 3 && (parts[2] === stateFileName(stack) || parts[2] === `${stateFileName(stack)}.backup`)) return '';
  if (parts.length === 5 && parts[2] === 'terraform.tfstate.d' && /^terraform\.tfstate(\.backup)?$/.test(parts[4])) {
    return path.join(`${stateFileName(stack)}.d`, parts[3]);
  }
  return undefined;
}

/**
 * The refusal printed when `outdir` holds state: which files, the exact commands that move them
 * where the synthesized configuration now reads them, and the one Terraform step after that.
 */
export function stateInOutputMessage(outdir: string, files: readonly string[]): string {
  const stateDir = stateDirOf(outdir);
  const moves = new Map<string, string[]>();
  const others: string[] = [];
  const taken: string[] = [];
  for (const file of files) {
    const home = newHome(outdir, file);
    if (home === undefined) {
      others.push(file);
      continue;
    }
    const dir = path.join(stateDir, home);
    if (fs.existsSync(path.join(dir, path.basename(file)))) taken.push(path.join(dir, path.basename(file)));
    moves.set(dir, [...(moves.get(dir) ?? []), file]);
  }
  const lines = [
    `${shown(outdir)} holds Terraform state; synthesis replaces that directory whole and never deletes or moves state, so it stopped:`,
    ...files.map((f) => `  ${shown(f)}`),
    `Local state now lives in ${shown(stateDir)}/, beside the output directory (README, "Output and local state").`,
  ];
  if (moves.size) {
    lines.push('Move it there (mv -n never overwrites), then synthesize again:');
    for (const [dir, group] of moves) {
      lines.push(`  mkdir -p ${quote(shown(dir))}`);
      lines.push(`  mv -n ${group.map((f) => quote(shown(f))).join(' ')} ${quote(`${shown(dir)}/`)}`);
    }
    lines.push(
      "After that, run `terraform init -migrate-state` once in each of those stacks' directories (or `cdktf deploy --migrate-state`):",
      'Terraform sees that the backend path changed and keeps the moved state.',
    );
  }
  if (taken.length) {
    lines.push(`Already in ${shown(stateDir)}/ (compare "serial" in both files, keep the higher, and move the other aside):`, ...taken.map((f) => `  ${shown(f)}`));
  }
  if (others.length) {
    lines.push(`Not read by any synthesized stack; move these out of ${shown(outdir)} yourself:`, ...others.map((f) => `  ${shown(f)}`));
  }
  return lines.join('\n');
}
