// scripts/run.cjs caches one bundle per entry and engine, and V8's code cache beside it. The code
// cache must be accepted on the next run (a rejected one would be rewritten every time, and every
// run would compile from scratch), and the bundle must carry the engine packages inside it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'envs', 'example.yaml');

test('the bundle cache is written once and its V8 code cache is accepted by the next run', () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-run-cache-'));
  try {
    const run = () => {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), 'scripts/validate.ts', EXAMPLE], {
        cwd: ROOT,
        env: { ...process.env, PRIVATE_DR_CACHE_DIR: cache, DR_ENGINE: '' },
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    };
    run();
    const files = fs.readdirSync(cache).sort();
    // The code cache is named by the id in the bundle's last line and by V8's version and flags.
    const id = /\n\/\/ private-dr bundle ([0-9a-f]{16})\n$/.exec(fs.readFileSync(path.join(cache, 'scripts__validate.ts.cdktf.cjs'), 'latin1'))?.[1];
    expect(id).toBeDefined();
    expect(files).toHaveLength(3);
    expect(files).toEqual(
      expect.arrayContaining(['scripts__validate.ts.cdktf.cjs', 'scripts__validate.ts.cdktf.json', expect.stringMatching(new RegExp(`^scripts__validate\\.ts\\.cdktf\\.${id}\\.\\d+\\.v8$`))]),
    );
    const bundle = fs.readFileSync(path.join(cache, 'scripts__validate.ts.cdktf.cjs'), 'utf8');
    const manifest = JSON.parse(fs.readFileSync(path.join(cache, 'scripts__validate.ts.cdktf.json'), 'utf8')) as { inputs: Record<string, string> };
    // Bundled, not required from node_modules at run time: zod is in the bundle, watched by its package.json.
    expect(Object.keys(manifest.inputs)).toContain('node_modules/zod/package.json');
    expect(bundle).not.toMatch(/require\("zod"\)/);
    expect(bundle).toMatch(/^[\x00-\x7f]*$/); // ASCII, read back as latin1
    // The runner decides what the bundle holds: a changed runner is a changed input.
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['scripts/run.cjs', 'scripts/engines.cjs']));
    const stat = (f: string) => fs.statSync(path.join(cache, f)).mtimeMs;
    const before = files.map(stat);
    run();
    expect(files.map(stat)).toEqual(before);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

describe('the code cache', () => {
  const runEntry = (entry: string, cache: string, nodeOptions: readonly string[] = []) => {
    const r = spawnSync(process.execPath, [...nodeOptions, path.join(ROOT, 'scripts', 'run.cjs'), entry], {
      cwd: ROOT,
      env: { ...process.env, PRIVATE_DR_CACHE_DIR: cache, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect({ stderr: r.stderr, status: r.status }).toEqual({ stderr: '', status: 0 });
    return r.stdout;
  };
  const codeCaches = (cache: string) => fs.readdirSync(cache).filter((f) => f.endsWith('.v8')).sort();
  const mtimes = (cache: string) => codeCaches(cache).map((f) => fs.statSync(path.join(cache, f)).mtimeMs);

  it('is kept per set of V8 flags, so runs with other flags do not overwrite each other\'s', () => {
    const dir = tempDir('private-dr-run-flags-');
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(entry, "console.log('ran');\n");
    const preload = path.join(dir, 'preload.cjs');
    fs.writeFileSync(preload, '');
    const cache = path.join(dir, 'cache');
    const flags = ['--max-semi-space-size=8'];
    expect(runEntry(entry, cache)).toBe('ran\n');
    expect(runEntry(entry, cache, flags)).toBe('ran\n');
    expect(codeCaches(cache)).toHaveLength(2);
    // Each accepted on the next run with its flags (a rejected one would be written again), and a
    // node option that is no V8 flag shares the plain run's.
    const before = mtimes(cache);
    runEntry(entry, cache);
    runEntry(entry, cache, flags);
    runEntry(entry, cache, ['-r', preload]);
    expect(codeCaches(cache)).toHaveLength(2);
    expect(mtimes(cache)).toEqual(before);
  });

  it("of an earlier bundle is never used for a rebuilt one, even of the same length", () => {
    // V8 checks a code cache against the source's length only and runs the code it holds. A run of
    // the old bundle that ends after another run rebuilt it writes the old code cache late.
    const dir = tempDir('private-dr-run-stale-');
    const entry = path.join(dir, 'entry.ts');
    const cache = path.join(dir, 'cache');
    const bundle = () => fs.readFileSync(path.join(cache, fs.readdirSync(cache).find((f) => f.endsWith('.cjs'))!), 'utf8');
    fs.writeFileSync(entry, "console.log('AAAA');\n");
    expect(runEntry(entry, cache)).toBe('AAAA\n');
    const [old] = codeCaches(cache);
    const oldBytes = fs.readFileSync(path.join(cache, old));
    const oldLength = bundle().length;
    fs.writeFileSync(entry, "console.log('BBBB');\n");
    fs.utimesSync(entry, new Date(), new Date(Date.now() + 5000)); // a changed input, whatever the clock's resolution
    expect(runEntry(entry, cache)).toBe('BBBB\n');
    expect(bundle().length).toBe(oldLength);
    expect(codeCaches(cache)).not.toContain(old); // the rebuild removed it
    // The late write: under the name of the bundle it was made for.
    fs.writeFileSync(path.join(cache, old), oldBytes);
    expect(runEntry(entry, cache)).toBe('BBBB\n');
  });
});

test('import() works in a bundled entry, with and without the code cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-run-import-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(entry, "const name: string = 'node:os';\nvoid import(name).then((m) => import('node:path').then((p) => console.log(typeof m.cpus, typeof p.join)));\n");
    for (let i = 0; i < 2; i++) {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), entry], { cwd: ROOT, env: { ...process.env, PRIVATE_DR_CACHE_DIR: path.join(dir, 'cache') }, encoding: 'utf8' });
      expect({ i, stderr: r.stderr, stdout: r.stdout, status: r.status }).toEqual({ i, stderr: '', stdout: 'function function\n', status: 0 });
    }
    expect(fs.readdirSync(path.join(dir, 'cache')).some((f) => f.endsWith('.v8'))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("child_process, which cdktf loads at import but a synthesis never calls, loads only when a package uses it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-run-lazy-'));
  try {
    // Under the project root, so the entry imports cdktf as the app does.
    const entry = path.join(ROOT, 'test', 'support', `lazy-builtin-entry-${process.pid}.ts`);
    fs.writeFileSync(
      entry,
      [
        "import { App, TerraformStack } from 'cdktf';",
        "import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';",
        "const loaded = () => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.includes('NativeModule child_process');",
        "new TerraformStack(new App({ outdir: process.argv[2] }), 'probe');",
        'const before = loaded();',
        "const problems = new ValidateBinaryVersion('node', '>=1.0.0', `\"${process.execPath}\" --version`).validate();",
        'console.log(JSON.stringify({ before, after: loaded(), problems }));',
      ].join('\n'),
    );
    try {
      for (let i = 0; i < 2; i++) {
        // The first run bundles (esbuild runs as a child process), the second runs the cached bundle.
        const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.cjs'), entry, dir], { cwd: ROOT, env: { ...process.env, PRIVATE_DR_CACHE_DIR: path.join(dir, 'cache') }, encoding: 'utf8' });
        expect({ stderr: r.stderr, status: r.status }).toEqual({ stderr: '', status: 0 });
        if (i === 1) expect(JSON.parse(r.stdout)).toEqual({ before: false, after: true, problems: [] });
      }
    } finally {
      fs.rmSync(entry, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
