/**
 * Issue 12, output half: synthesis never loses a user's state and never leaves a half-written
 * output. Local state lives outside the output directory; the output is replaced whole (a kill,
 * full disk or concurrent run leaves no mix); stale stacks disappear; filesystem failures are a
 * message, exit 1 and "Nothing was written.".
 *
 * The real command runs as users run it (node scripts/run.cjs main.ts); kills and full disks are
 * injected into it by test/support/fs-fault.js, loaded with --require.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadEnvironment } from '../config/load';
import { OutputError } from '../output/errors';
import { writeFileAtomically } from '../output/files';
import { findStateFiles } from '../output/local-state';
import { replaceOutput, type Replaced } from '../output/outdir';
import { planEnvironment } from '../plan/plan';
import { synthesize } from '../stacks/synthesize';
import { edited, validEnv } from './support/env';
import { scenario } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const RUN = path.join(ROOT, 'scripts', 'run.cjs');
const FAULT = path.join(__dirname, 'support', 'fs-fault.js');

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-output-'));
  temps.push(dir);
  return dir;
};

interface Fault {
  op: 'writeFileSync' | 'renameSync' | 'mkdirSync';
  match: string;
  nth?: number;
  action: string;
}

const commandEnv = (env: Record<string, string>, fault?: Fault): NodeJS.ProcessEnv => {
  const base = { ...process.env };
  for (const k of ['CDKTF_OUTDIR', 'DR_ENV', 'SYNTH_HCL_OUTPUT', 'PRIVATE_DR_TEST_FS_FAULT']) delete base[k];
  return { ...base, ...env, ...(fault ? { PRIVATE_DR_TEST_FS_FAULT: JSON.stringify(fault) } : {}) };
};
const nodeArgs = (entry: string, args: string[], fault?: Fault) => [...(fault ? ['--require', FAULT] : []), RUN, path.join(ROOT, entry), ...args];

/** `npm run synth` in `cwd`, optionally with a fault injected. */
function synth(cwd: string, env: Record<string, string>, fault?: Fault): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, nodeArgs('main.ts', [], fault), { cwd, encoding: 'utf8', env: commandEnv(env, fault), timeout: 60_000 });
}

function synthAsync(cwd: string, env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs('main.ts', []), { cwd, env: commandEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** Every file (content), directory and symbolic link under `dir`, for byte-for-byte comparison. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const rel = path.relative(dir, full);
      if (entry.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(full);
      } else out[rel] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return out;
}

const manifestStacks = (outdir: string): string[] => Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).sort();
const stackFolders = (outdir: string): string[] => fs.readdirSync(path.join(outdir, 'stacks')).sort();
/** Names beside the output directory other than the output itself and state/: staging, lock, backup. */
const leftovers = (parent: string, base = 'cdktf.out') => fs.readdirSync(parent).filter((n) => n.startsWith(`.${base}.`));

const SAME = scenario('same-account');
const TGW = scenario('onprem-tgw');
const SAME_STACKS = planEnvironment(loadEnvironment(SAME)).stacks.map((s) => s.name).sort();

/** What main.ts does for one file, in this process (the commands are spawned where it matters). */
function synthInProcess(outdir: string, file: string): Replaced {
  return synthesize(outdir, [planEnvironment(loadEnvironment(file))], () => undefined);
}

/** A project-like directory with one good synthesis of `same-account` in cdktf.out. */
function synthesized(): { dir: string; outdir: string; before: Record<string, string> } {
  const dir = tmp();
  const outdir = path.join(dir, 'cdktf.out');
  synthInProcess(outdir, SAME);
  return { dir, outdir, before: snapshot(outdir) };
}

/** The OutputError message `action` throws. */
function outputErrorOf(action: () => unknown): string {
  try {
    action();
  } catch (e) {
    if (e instanceof OutputError) return e.message;
    throw e;
  }
  throw new Error('expected an OutputError');
}

/** An error as a failed system call throws it. */
const systemError = (code: string, file: string) => Object.assign(new Error(`${code}: injected, open '${file}'`), { code, syscall: 'open', path: file });

describe('local state lives outside the output directory', () => {
  it('is written to state/ beside the output, for any CDKTF_OUTDIR, with nested parents created', () => {
    const dir = tmp();
    const result = synth(dir, { DR_ENV: SAME, CDKTF_OUTDIR: 'a/b/c' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const outdir = path.join(dir, 'a', 'b', 'c');
    expect(stackFolders(outdir)).toEqual(SAME_STACKS);
    const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'same-dublin-source', 'cdk.tf.json'), 'utf8'));
    expect(path.resolve(outdir, 'stacks', 'same-dublin-source', config.terraform.backend.local.path)).toBe(path.join(dir, 'a', 'b', 'state', 'terraform.same-dublin-source.tfstate'));
    expect(leftovers(path.join(dir, 'a', 'b'), 'c')).toEqual([]);
  });

  it('refuses to replace an output holding state (the old layout), prints the exact moves, and synthesizes once they are done', () => {
    const { dir, outdir } = synthesized();
    const stackDir = path.join(outdir, 'stacks', 'same-dublin-source');
    fs.writeFileSync(path.join(stackDir, 'terraform.same-dublin-source.tfstate'), '{"serial": 7}');
    fs.writeFileSync(path.join(stackDir, 'terraform.same-dublin-source.tfstate.backup'), '{"serial": 6}');
    fs.mkdirSync(path.join(stackDir, 'terraform.tfstate.d', 'dev'), { recursive: true });
    fs.writeFileSync(path.join(stackDir, 'terraform.tfstate.d', 'dev', 'terraform.tfstate'), '{"serial": 2}');
    fs.mkdirSync(path.join(stackDir, '.terraform'));
    fs.writeFileSync(path.join(stackDir, '.terraform', 'terraform.tfstate'), '{"backend": {}}');
    const before = snapshot(outdir);

    // Removing the site's stacks would have deleted its folder, state included (cdktf synth did).
    const result = synth(dir, { DR_ENV: TGW });
    expect(result.status).toBe(1);
    const s = 'cdktf.out/stacks/same-dublin-source';
    expect(result.stderr).toBe(
      [
        'cdktf.out holds Terraform state; synthesis replaces that directory whole and never deletes or moves state, so it stopped:',
        `  ${s}/terraform.same-dublin-source.tfstate`,
        `  ${s}/terraform.same-dublin-source.tfstate.backup`,
        `  ${s}/terraform.tfstate.d/dev/terraform.tfstate`,
        'Local state now lives in state/, beside the output directory (README, "Output and local state").',
        'Move it there (mv -n never overwrites), then synthesize again:',
        '  mkdir -p state',
        `  mv -n ${s}/terraform.same-dublin-source.tfstate ${s}/terraform.same-dublin-source.tfstate.backup state/`,
        '  mkdir -p state/terraform.same-dublin-source.tfstate.d/dev',
        `  mv -n ${s}/terraform.tfstate.d/dev/terraform.tfstate state/terraform.same-dublin-source.tfstate.d/dev/`,
        "After that, run `terraform init -migrate-state` once in each of those stacks' directories (or `cdktf deploy --migrate-state`):",
        'Terraform sees that the backend path changed and keeps the moved state.',
        'Nothing was written.',
        '',
      ].join('\n'),
    );
    expect(snapshot(outdir)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);

    // The printed commands, run as printed, make the next synthesis go through; the state is where
    // the new configuration reads it, byte for byte, and nothing was deleted.
    const commands = result.stderr.split('\n').filter((l) => /^ {2}(mkdir|mv) /.test(l)).join('\n');
    expect(spawnSync('sh', ['-c', `set -e\n${commands}`], { cwd: dir }).status).toBe(0);
    synthInProcess(outdir, SAME);
    expect(fs.readFileSync(path.join(dir, 'state', 'terraform.same-dublin-source.tfstate'), 'utf8')).toBe('{"serial": 7}');
    expect(fs.readFileSync(path.join(dir, 'state', 'terraform.same-dublin-source.tfstate.d', 'dev', 'terraform.tfstate'), 'utf8')).toBe('{"serial": 2}');
    expect(findStateFiles(outdir)).toEqual([]);
    // Terraform's working files stay with their stack.
    expect(fs.readFileSync(path.join(stackDir, '.terraform', 'terraform.tfstate'), 'utf8')).toBe('{"backend": {}}');
  });

  it('says which state files are already in state/ rather than overwrite them, and which it cannot place', () => {
    const { dir, outdir, before } = synthesized();
    fs.writeFileSync(path.join(outdir, 'stacks', 'same-dublin-source', 'terraform.same-dublin-source.tfstate'), '{}');
    fs.writeFileSync(path.join(outdir, 'notes.tfstate'), '{}');
    fs.mkdirSync(path.join(dir, 'state'));
    fs.writeFileSync(path.join(dir, 'state', 'terraform.same-dublin-source.tfstate'), '{}');
    const message = outputErrorOf(() => synthInProcess(outdir, SAME));
    // (Paths outside the working directory are shown absolute.)
    expect(message).toContain(`Already in ${dir}/state/ (compare "serial" in both files, keep the higher, and move the other aside):\n  ${dir}/state/terraform.same-dublin-source.tfstate\n`);
    expect(message.endsWith(`Not read by any synthesized stack; move these out of ${outdir} yourself:\n  ${outdir}/notes.tfstate`)).toBe(true);
    const empty = Buffer.from('{}').toString('base64');
    expect(snapshot(outdir)).toEqual({ ...before, 'notes.tfstate': empty, 'stacks/same-dublin-source/terraform.same-dublin-source.tfstate': empty });
  });
});

describe('synthesis replaces the output whole', () => {
  it('a kill at a stack write leaves the previous output byte-identical; the next run clears what it left', () => {
    const { dir, outdir, before } = synthesized();
    const file = path.join(dir, 'env.yaml');
    fs.writeFileSync(file, stringify(validEnv()));
    // Killed at its third stack write: two stacks are complete, the third is not.
    const killed = synth(dir, { DR_ENV: file }, { op: 'writeFileSync', match: '.cdktf.out.synth-', nth: 3, action: 'SIGKILL' });
    expect(killed.signal).toBe('SIGKILL');
    expect(snapshot(outdir)).toEqual(before);
    const [left] = leftovers(dir);
    expect(left).toMatch(/^\.cdktf\.out\.synth-\d+-[0-9a-f]+$/);
    expect(fs.readdirSync(path.join(dir, left, 'stacks'))).toHaveLength(3);

    synthInProcess(outdir, file);
    expect(stackFolders(outdir)).toEqual(manifestStacks(outdir));
    expect(leftovers(dir)).toEqual([]);
  });

  it('a kill between the two renames leaves the previous output whole beside it, and the next run restores it first', () => {
    const { dir, outdir, before } = synthesized();
    const killed = synth(dir, { DR_ENV: TGW }, { op: 'renameSync', match: '.cdktf.out.synth-', action: 'SIGKILL' });
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.existsSync(outdir)).toBe(false);
    expect(snapshot(path.join(dir, '.cdktf.out.previous'))).toEqual(before);

    // Even a run that then fails (a full disk) puts it back first.
    const warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() =>
        replaceOutput(outdir, (fresh) => {
          throw systemError('ENOSPC', path.join(fresh, 'manifest.json'));
        }),
      ).toThrow(OutputError);
      expect(warn).toHaveBeenCalledWith(`warning: restored ${outdir} from ${dir}/.cdktf.out.previous, left there by a synthesis killed while replacing it\n`);
    } finally {
      warn.mockRestore();
    }
    expect(snapshot(outdir)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a full disk is a message, exit 1, "Nothing was written.", and the previous output is byte-identical', () => {
    const { dir, outdir, before } = synthesized();
    const result = synth(dir, { DR_ENV: TGW }, { op: 'writeFileSync', match: '.cdktf.out.synth-', nth: 1, action: 'ENOSPC' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('could not write the output to cdktf.out (stacks/tgw-staging-staging-eu-west-3/cdk.tf.json): no space left on the device (ENOSPC)\nNothing was written.\n');
    expect(snapshot(outdir)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });

  it('removes the folders of stacks no longer in the environment, and keeps Terraform working files of the others', () => {
    const dir = tmp();
    const file = path.join(dir, 'env.yaml');
    fs.writeFileSync(file, stringify(validEnv()));
    const outdir = path.join(dir, 'cdktf.out');
    synthInProcess(outdir, file);
    expect(stackFolders(outdir)).toContain('test-staging-staging-a-us-east-1');
    const kept = path.join(outdir, 'stacks', 'test-dublin-source');
    fs.mkdirSync(path.join(kept, '.terraform', 'providers'), { recursive: true });
    fs.writeFileSync(path.join(kept, '.terraform', 'providers', 'plugin'), 'binary');
    fs.symlinkSync('plugin', path.join(kept, '.terraform', 'providers', 'link'));
    fs.writeFileSync(path.join(kept, '.terraform.lock.hcl'), 'lock');
    const plugin = fs.statSync(path.join(kept, '.terraform', 'providers', 'plugin')).ino;

    fs.writeFileSync(file, stringify(edited(validEnv(), (e) => e.sites.pop())));
    const result = synth(dir, { DR_ENV: file });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('removed stack folders not in this synthesis: test-staging-staging-a-us-east-1\n');
    expect(stackFolders(outdir)).toEqual(manifestStacks(outdir));
    expect(stackFolders(outdir)).not.toContain('test-staging-staging-a-us-east-1');
    // Carried over as hard links: no copy of a provider, no new `terraform init`.
    expect(fs.statSync(path.join(kept, '.terraform', 'providers', 'plugin')).ino).toBe(plugin);
    expect(fs.readlinkSync(path.join(kept, '.terraform', 'providers', 'link'))).toBe('plugin');
    expect(fs.readFileSync(path.join(kept, '.terraform.lock.hcl'), 'utf8')).toBe('lock');
  });

  it('two syntheses into one output directory at once never mix: the output is one of them, whole', async () => {
    const dir = tmp();
    // What each one writes alone.
    const expected = [SAME, TGW].map((file) => {
      const own = path.join(tmp(), 'cdktf.out');
      synthInProcess(own, file);
      return snapshot(own);
    });
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all([synthAsync(dir, { DR_ENV: SAME }), synthAsync(dir, { DR_ENV: TGW })]);
      for (const r of results) {
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
      }
      expect(expected).toContainEqual(snapshot(path.join(dir, 'cdktf.out')));
      expect(leftovers(dir)).toEqual([]);
    }
  });
});

describe('cdktf synth (cdktf-cli 0.21)', () => {
  // cdktf-cli lists the stack folders before it runs the app and removes, after it, those that
  // are not in the new manifest; it must neither fail on folders the swap already removed nor
  // find anything in them but an empty folder.
  it('keeps working: stale stacks removed, Terraform working files of the others kept', () => {
    const dir = tmp();
    const file = path.join(dir, 'env.yaml');
    fs.writeFileSync(file, stringify(validEnv()));
    const outdir = path.join(dir, 'cdktf.out');
    synthInProcess(outdir, file);
    const kept = path.join(outdir, 'stacks', 'test-dublin-source');
    fs.mkdirSync(path.join(kept, '.terraform'));
    fs.writeFileSync(path.join(kept, '.terraform', 'plugin'), 'binary');
    fs.writeFileSync(file, stringify(edited(validEnv(), (e) => e.sites.pop())));

    const cli = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'), 'synth', '--output', outdir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...commandEnv({ DR_ENV: file }), CHECKPOINT_DISABLE: '1', CI: 'true' },
      timeout: 120_000,
    });
    // (stderr may carry Terraform's own warnings about the machine's CLI configuration.)
    expect(cli.stderr).not.toMatch(/error|ENOENT/i);
    expect(cli.status).toBe(0);
    expect(stackFolders(outdir)).toEqual(manifestStacks(outdir));
    expect(stackFolders(outdir)).not.toContain('test-staging-staging-a-us-east-1');
    expect(fs.readFileSync(path.join(kept, '.terraform', 'plugin'), 'utf8')).toBe('binary');
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('filesystem failures are messages', () => {
  it('an output directory that is a file (ENOTDIR), or under a file', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'cdktf.out'), 'a file');
    const result = synth(dir, { DR_ENV: SAME });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('could not write the output to cdktf.out: it is a file, not a directory (ENOTDIR); set CDKTF_OUTDIR to a directory\nNothing was written.\n');
    expect(fs.readFileSync(path.join(dir, 'cdktf.out'), 'utf8')).toBe('a file');

    expect(outputErrorOf(() => synthInProcess(path.join(dir, 'cdktf.out', 'x', 'out'), SAME))).toBe(
      `could not create the directory ${dir}/cdktf.out/x: a part of the path is a file, not a directory (ENOTDIR)`,
    );
    expect(fs.readdirSync(dir)).toEqual(['cdktf.out']);
  });

  it.each([
    ['EROFS', 'openSync', '.cdktf.out.lock', 'the file system is read-only (EROFS)'],
    ['EACCES', 'mkdirSync', '.cdktf.out.synth-', 'permission denied (EACCES)'],
  ] as const)('a read-only or forbidden output directory (%s)', (code, op, match, words) => {
    const { dir, outdir, before } = synthesized();
    const original = fs[op] as (...args: unknown[]) => unknown;
    const spy = jest.spyOn(fs, op).mockImplementation(((...args: unknown[]) => {
      if (String(args[0]).includes(match)) throw systemError(code, String(args[0]));
      return original(...args);
    }) as never);
    try {
      expect(outputErrorOf(() => synthInProcess(outdir, TGW))).toBe(`could not write the output to ${outdir}: ${words}`);
    } finally {
      spy.mockRestore();
    }
    expect(snapshot(outdir)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });

  it('missing parents made for an output that then fails are removed again', () => {
    const dir = tmp();
    const outdir = path.join(dir, 'x', 'y', 'out');
    const message = outputErrorOf(() =>
      replaceOutput(outdir, (fresh) => {
        throw systemError('ENOSPC', path.join(fresh, 'stacks', 'a', 'cdk.tf.json'));
      }),
    );
    expect(message).toBe(`could not write the output to ${outdir} (stacks/a/cdk.tf.json): no space left on the device (ENOSPC)`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('diagram --out a directory (EISDIR) writes nothing', () => {
    const dir = tmp();
    const result = spawnSync(process.execPath, nodeArgs('scripts/diagram.ts', ['--out', dir, SAME]), { cwd: ROOT, encoding: 'utf8', env: commandEnv({}) });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`could not write ${dir}: it is a directory, not a file (EISDIR)\nNothing was written.\n`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('replaceOutput', () => {
  const write = (files: Record<string, string>) => (dir: string) => {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
  };
  const output = (stacks: string[]) => write(Object.fromEntries([['manifest.json', '{}'], ...stacks.map((s) => [`stacks/${s}/cdk.tf.json`, s])]));

  it('refuses a directory that holds files but is no earlier output, and the working directory', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'thesis.md'), 'years of work');
    expect(() => replaceOutput(dir, output(['a']))).toThrow(OutputError);
    expect(() => replaceOutput(dir, output(['a']))).toThrow(/it holds files but no manifest\.json/);
    expect(fs.readdirSync(dir)).toEqual(['thesis.md']);
    expect(() => replaceOutput('.', output(['a']))).toThrow(/it holds the working directory/);
    expect(() => replaceOutput(path.join(dir, 'state'), output(['a']))).toThrow(/that is where local Terraform state lives/);
  });

  it('replaces the target of a symbolic link, keeping the link', () => {
    const dir = tmp();
    replaceOutput(path.join(dir, 'real'), output(['a']));
    fs.symlinkSync('real', path.join(dir, 'link'));
    const { removedStacks } = replaceOutput(path.join(dir, 'link'), output(['b']));
    expect(removedStacks).toEqual(['a']);
    expect(fs.lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(stackFolders(path.join(dir, 'real'))).toEqual(['b']);
  });

  it('waits for another run holding the lock, and takes over a lock whose owner is gone', async () => {
    const dir = tmp();
    const lock = path.join(dir, '.out.lock');
    // A live owner that lets go after 300 ms.
    const holder = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').rmSync(${JSON.stringify(lock)}), 300)`], { stdio: 'ignore' });
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    fs.writeFileSync(lock, `${holder.pid} ${os.hostname()}\n`);
    const started = Date.now();
    replaceOutput(path.join(dir, 'out'), output(['a']));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(stackFolders(path.join(dir, 'out'))).toEqual(['a']);
    await exited;

    // An owner that no longer exists (a synthesis killed while swapping).
    fs.writeFileSync(lock, `${holder.pid} ${os.hostname()}\n`);
    replaceOutput(path.join(dir, 'out'), output(['b']));
    expect(stackFolders(path.join(dir, 'out'))).toEqual(['b']);
    expect(fs.readdirSync(dir).sort()).toEqual(['out']);
  });

  it('leaves a fresh directory where a writer threw, and rethrows what is not a filesystem failure', () => {
    const dir = tmp();
    expect(() =>
      replaceOutput(path.join(dir, 'out'), () => {
        throw new Error('a bug');
      }),
    ).toThrow('a bug');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('writeFileAtomically', () => {
  it('replaces a file whole, or leaves it', () => {
    const dir = tmp();
    const file = path.join(dir, 'docs', 'env.md');
    writeFileAtomically(file, 'one');
    expect(fs.readFileSync(file, 'utf8')).toBe('one');
    writeFileAtomically(file, 'two');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['env.md']);
    expect(() => writeFileAtomically(path.join(file, 'x.md'), 'three')).toThrow(/^could not write .*env\.md\/x\.md: a part of the path is a file, not a directory \(ENOTDIR\)$/);
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
  });
});
