#!/usr/bin/env node
// Runs a TypeScript entry point without type-checking it (`npm test` runs tsc; the synth path
// never does). esbuild bundles the entry with the packages it synthesizes with -- the engine
// (cdktf, constructs, @cdktf/provider-aws/lib/<used resources>), zod and yaml -- into one file,
// so node reads and compiles one script instead of resolving and loading hundreds of modules;
// every other package stays a plain require.
//
// The bundle is cached in node_modules/.cache/private-dr with the list of files it was built
// from, and reused while every one of them has the same size and modification time; next to it,
// V8's code cache for the bundle (written after the first run that had none, so it holds the
// functions that run actually compiled), which spares the next runs most of the compiling; one per
// bundle and set of V8 flags (codeCacheFile).
// Writes go to a temporary file and are renamed into place, so parallel runs (jest workers, CI
// matrices) never read half a file; a read-only node_modules only loses the cache.
//
// DR_ENGINE picks the synthesis engine (scripts/engines.cjs): cdktf (default) or cdktn (CDK
// Terrain). For cdktn, imports of cdktf, constructs and @cdktf/provider-aws/lib/* are resolved
// here, at bundling time, to the CDK Terrain packages in engines/cdktn; each engine has its own
// cached bundle. Measured by `npm run bench` (README, "Speed").
//
// CommonJS rather than an ES module: node's ESM loader (module jobs, facades for the built-ins,
// parsing engines.cjs for its exports) added 20-30 ms to every start.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const engines = require('./engines.cjs');

// A run is a few hundred milliseconds of mostly cold code. Node 20's V8 (11.x) counts a
// function's execution against an interrupt budget of 66 KB and sends it to TurboFan after a few
// of them: in the bench's 6 x 3 synth that queued about 70 background compilations, which took
// CPU from the main thread and the garbage collector on a 2-core machine and finished mostly too
// late to pay back. At 132 KB about half as many run and a synth takes about a tenth less time
// (README, "Speed"). Measured on node 20's V8 11.3 and set on every 11.x: later V8s tier up
// differently, and setFlagsFromString prints an error for a flag its V8 no longer knows.
const TUNED_V8 = /^11\./.test(process.versions.v8);
if (TUNED_V8) v8.setFlagsFromString('--interrupt-budget=135168');

const { builtinModules, createRequire } = Module;

const [entryArg, ...rest] = process.argv.slice(2);
if (!entryArg) {
  console.error('usage: node scripts/run.cjs <entry.ts> [args...]');
  process.exit(2);
}
const entry = path.resolve(entryArg);
const root = path.resolve(__dirname, '..');
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
// PRIVATE_DR_CACHE_DIR moves the cache (npm run bench times cold runs in an empty one).
const cacheDir = process.env.PRIVATE_DR_CACHE_DIR ? path.resolve(process.env.PRIVATE_DR_CACHE_DIR) : path.join(root, 'node_modules', '.cache', 'private-dr');
const cacheBase = path.join(cacheDir, `${path.relative(root, entry).replace(/[\\/]/g, '__')}.${engine}`);
const FORMAT = 12; // bump when the cache's own layout changes (a changed runner rebuilds anyway: it is a stamped input)

/** Packages bundled when our code imports them, with whatever they import in turn. */
const BUNDLED = new Set([...Object.keys(engines.ENGINES.cdktf.packages), 'zod', 'yaml']);
/** Packages a bundled package imports that stay on disk: cdktf's archiver (assets only) is deferred by stacks/startup.ts. */
const NEVER_BUNDLED = new Set(['archiver']);
/**
 * Node built-ins a bundled package loads at import time but that a synthesis never calls: cdktf
 * requires child_process for binary-version checks, asset copies and test matchers (about 3 ms to
 * load). The package gets a stand-in that loads the real module on first use.
 */
const LAZY_BUILTINS = new Set(['child_process']);
const LAZY = 'private-dr-lazy-builtin';
/**
 * json-stable-stringify, which cdktf writes every stack and the manifest with, becomes
 * stacks/stable-json.ts: the same text from V8's JSON.stringify, with the package itself (still
 * bundled, loaded on first use) for whatever that does not cover. (CDK Terrain writes with
 * safe-stable-stringify, left as it is.)
 */
const STABLE_JSON = 'json-stable-stringify';
const STABLE = 'private-dr-stable-json';
const builtins = new Set(builtinModules);
const packageOf = (request) => request.split('/').slice(0, request.startsWith('@') ? 2 : 1).join('/');

const bundlePlugin = {
  name: 'private-dr-bundle',
  setup(b) {
    const engineRequire = createRequire(path.join(engines.ENGINES[engine].dir, 'package.json'));
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const fromPackage = args.importer.split(path.sep).includes('node_modules');
      const builtin = args.path.replace(/^node:/, '');
      if (fromPackage && LAZY_BUILTINS.has(builtin)) return { path: builtin, namespace: LAZY };
      if (fromPackage && args.path === STABLE_JSON && args.namespace !== STABLE) return { path: createRequire(args.importer).resolve(args.path), namespace: STABLE };
      if (args.path.startsWith('node:') || builtins.has(args.path)) return undefined;
      const pkg = packageOf(args.path);
      if (fromPackage) {
        // Kept on disk, but the copy this importer would load (cdktf has its own archiver).
        if (NEVER_BUNDLED.has(pkg)) return { path: createRequire(args.importer).resolve(args.path), external: true };
        return undefined;
      }
      if (!BUNDLED.has(pkg)) return { path: args.path, external: true };
      const request = engines.engineRequest(engine, args.path);
      return request === undefined ? undefined : { path: engineRequire.resolve(request) };
    });
    // Every property read loads the real module once, then reads from it.
    b.onLoad({ filter: /.*/, namespace: LAZY }, (args) => ({
      contents: `let real;
const load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Object.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});`,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: STABLE }, (args) => ({
      // The package (and the 20 packages it depends on) initializes only when first needed.
      contents: `const { stableStringify } = require(${JSON.stringify(path.join(root, 'stacks', 'stable-json.ts'))});
let original;
const fallback = (value, opts) => (original ??= require(${JSON.stringify(args.path)}))(value, opts);
module.exports = (value, opts) => stableStringify(value, opts, fallback);`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * An input's path. esbuild names them relative to the root, already normalized, so they are
 * joined as text: normalizing a hundred paths again (path.join or path.resolve) took 2-3 ms of
 * every start.
 */
const inputPath = (file) => (path.isAbsolute(file) ? file : `${root}/${file}`);
const stamp = (file) => {
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}` : 'missing';
};
/** Our own files are checked one by one; a package by its package.json, which every install rewrites. */
function stamps(files) {
  const out = {};
  for (const f of files) {
    // Modules this plugin makes up have no file; the real files they load are inputs of their own.
    if (f.startsWith(`${LAZY}:`) || f.startsWith(`${STABLE}:`)) continue;
    const parts = f.split('/');
    const at = parts.lastIndexOf('node_modules');
    const key = at < 0 ? f : [...parts.slice(0, at + (parts[at + 1]?.startsWith('@') ? 3 : 2)), 'package.json'].join('/');
    out[key] ??= stamp(inputPath(key));
  }
  return out;
}

/**
 * Each bundle carries a random id in its last line, and its V8 code cache is named by it: V8
 * checks a code cache against the length of the source only, and runs the functions it holds, so
 * a run of an old bundle that writes its code cache after another run rebuilt the bundle (to the
 * same length) would otherwise hand the new bundle the old code. File times and inodes are too
 * coarse for that on some file systems; the id travels with the text.
 */
const BUNDLE_ID = '\n// private-dr bundle ';
const bundleIdOf = (code) => {
  const at = code.lastIndexOf(BUNDLE_ID);
  return at < 0 ? undefined : /^[0-9a-f]{16}$/.exec(code.slice(at + BUNDLE_ID.length).trim())?.[0];
};

/** The cached bundle, while every input is as it was when it was built (and it has its id). */
function cached() {
  try {
    const manifest = JSON.parse(fs.readFileSync(`${cacheBase}.json`, 'utf8'));
    if (manifest.format === FORMAT && manifest.root === root && Object.entries(manifest.inputs).every(([file, s]) => stamp(inputPath(file)) === s)) {
      const code = fs.readFileSync(`${cacheBase}.cjs`, 'latin1'); // ASCII (charset above): no UTF-8 decoding
      if (bundleIdOf(code) !== undefined) return code;
    }
  } catch {
    // No cache yet, or an unreadable one: build.
  }
  return undefined;
}

function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * The code cache of bundle `id` for this process's V8: cachedDataVersionTag() is what V8 checks a
 * code cache against besides the source (its version and flags, the runner's own included), so
 * runs with other V8 flags (a `--trace-gc`, a profile) keep a code cache each instead of
 * overwriting the synth command's, and node options that are not V8 flags (`-r`, `--inspect`)
 * share one.
 */
const codeCacheFile = (id) => `${cacheBase}.${id}.${v8.cachedDataVersionTag()}.v8`;

/** Removes this entry and engine's code caches (of earlier bundles); failing that only costs disk. */
function removeCodeCaches() {
  const base = path.basename(cacheBase);
  try {
    for (const name of fs.readdirSync(cacheDir)) {
      const own = name === `${base}.v8` || (name.startsWith(`${base}.`) && /^[0-9a-f]{16}\.\d+\.v8$/.test(name.slice(base.length + 1)));
      if (own) fs.rmSync(path.join(cacheDir, name), { force: true });
    }
  } catch {
    // A code cache left behind is never read for another bundle (its name holds the bundle's id).
  }
}

async function build() {
  const { build } = require('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    metafile: true,
    outfile: `${cacheBase}.cjs`,
    absWorkingDir: root,
    logLevel: 'error',
    // import() becomes require(): node 20's vm has no module loader for a script with a code cache.
    supported: { 'dynamic-import': false },
    // Less to read on every run; names stay, so classes, functions and messages are as written.
    minifyWhitespace: true,
    charset: 'ascii',
    plugins: [bundlePlugin],
  });
  const code = `${result.outputFiles[0].text}${BUNDLE_ID}${require('node:crypto').randomBytes(8).toString('hex')}\n`;
  // The runner itself too: its plugin decides what the bundle holds.
  const inputs = stamps([...Object.keys(result.metafile.inputs), path.relative(root, __filename), path.relative(root, require.resolve('./engines.cjs'))]);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    writeAtomically(`${cacheBase}.cjs`, code);
    writeAtomically(`${cacheBase}.json`, JSON.stringify({ format: FORMAT, root, inputs }));
  } catch {
    // A read-only node_modules only loses the cache.
    return { code, stored: false };
  }
  removeCodeCaches();
  return { code, stored: true };
}

/** Runs the bundle as the entry module, with V8's code cache when there is a usable one. */
function run({ code, stored }) {
  const id = stored ? bundleIdOf(code) : undefined;
  const codeCache = id === undefined ? undefined : codeCacheFile(id);
  let cachedData;
  try {
    if (codeCache) cachedData = fs.readFileSync(codeCache);
  } catch {
    // No code cache yet: written when this run ends.
  }
  const script = new vm.Script(Module.wrap(code), { filename: entry, cachedData });
  if (codeCache && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        writeAtomically(codeCache, script.createCachedData());
      } catch {
        // As above.
      }
    });
  }
  process.argv = [process.argv[0], entry, ...rest];
  const mod = new Module(entry, undefined);
  mod.filename = entry;
  mod.paths = Module._nodeModulePaths(path.dirname(entry));
  mod.require = createRequire(entry);
  script.runInThisContext().call(mod.exports, mod.exports, mod.require, mod, entry, path.dirname(entry));
  mod.loaded = true;
}

const hit = cached();
if (hit !== undefined) run({ code: hit, stored: true });
else
  build().then(run, (err) => {
    console.error(err);
    process.exit(1);
  });
