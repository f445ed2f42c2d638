#!/usr/bin/env node
// Runs a TypeScript entry point without type-checking it: esbuild strips the types of our own
// files and node loads everything under node_modules as it is. Type-checking happens in
// `npm test` (tsc), never on the synth path.
//
// Starting esbuild costs more than the rest of a small synth, so the bundle is cached in
// node_modules/.cache/private-dr with the list of files it was built from; it is reused while
// every one of them has the same size and modification time. Writes go to a temporary file and
// are renamed into place, so parallel runs (jest workers, CI matrices) never read half a file.
//
// DR_ENGINE picks the synthesis engine (scripts/engines.cjs): cdktf (default) or cdktn (CDK
// Terrain). For cdktn, imports of cdktf, constructs and @cdktf/provider-aws/lib/* are rewritten
// here, at bundling time, to the CDK Terrain packages in engines/cdktn; each engine has its own
// cached bundle.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import engines from './engines.cjs';

const [entryArg, ...rest] = process.argv.slice(2);
if (!entryArg) {
  console.error('usage: node scripts/run.mjs <entry.ts> [args...]');
  process.exit(2);
}
const entry = path.resolve(entryArg);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let engine;
try {
  engine = engines.selectedEngine();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
const absent = engines.missing(engine);
if (absent) {
  console.error(`DR_ENGINE=${engine}: ${absent}`);
  process.exit(2);
}
const cacheDir = path.join(root, 'node_modules', '.cache', 'private-dr');
const cacheBase = path.join(cacheDir, `${path.relative(root, entry).replace(/[\\/]/g, '__')}${engine === engines.DEFAULT_ENGINE ? '' : `.${engine}`}`);

/** Points imports of the engine-neutral package names at the selected engine's packages (left to node for cdktf). */
const enginePlugin = {
  name: 'private-dr-engine',
  setup(b) {
    if (engine === engines.DEFAULT_ENGINE) return;
    const engineRequire = createRequire(path.join(engines.ENGINES[engine].dir, 'package.json'));
    b.onResolve({ filter: /^(cdktf|constructs|@cdktf\/provider-aws)(\/|$)/ }, (args) => ({
      path: engineRequire.resolve(engines.engineRequest(engine, args.path)),
      external: true,
    }));
  },
};

const stamp = (file) => {
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}` : 'missing';
};

function cached() {
  try {
    const manifest = JSON.parse(fs.readFileSync(`${cacheBase}.json`, 'utf8'));
    if (Object.entries(manifest.inputs).every(([file, s]) => stamp(path.resolve(root, file)) === s)) {
      return fs.readFileSync(`${cacheBase}.cjs`, 'utf8');
    }
  } catch {
    // No cache yet, or an unreadable one: build.
  }
  return undefined;
}

async function build() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    metafile: true,
    outfile: `${cacheBase}.cjs`,
    absWorkingDir: root,
    logLevel: 'error',
    plugins: [enginePlugin],
  });
  const code = result.outputFiles[0].text;
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((f) => [f, stamp(path.resolve(root, f))]));
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cacheBase}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, `${cacheBase}.cjs`);
    fs.writeFileSync(`${tmp}.json`, JSON.stringify({ inputs }));
    fs.renameSync(`${tmp}.json`, `${cacheBase}.json`);
  } catch {
    // A read-only node_modules only loses the cache.
  }
  return code;
}

const code = cached() ?? (await build());
process.argv = [process.argv[0], entry, ...rest];
const mod = new Module(entry, undefined);
mod.filename = entry;
mod.paths = Module._nodeModulePaths(path.dirname(entry));
mod.require = createRequire(entry);
mod._compile(code, entry);
