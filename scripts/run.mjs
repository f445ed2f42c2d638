#!/usr/bin/env node
// Runs a TypeScript entry point without type-checking it: esbuild strips the types of our own
// files in memory (tens of milliseconds) and node loads everything under node_modules as it is.
// Type-checking happens in `npm test` (tsc --noEmit), never on the synth path. Nothing is
// written to disk, so parallel runs (jest workers, CI matrices) cannot race on a build folder.
import { buildSync } from 'esbuild';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const [entryArg, ...rest] = process.argv.slice(2);
if (!entryArg) {
  console.error('usage: node scripts/run.mjs <entry.ts> [args...]');
  process.exit(2);
}
const entry = path.resolve(entryArg);
const { outputFiles } = buildSync({
  entryPoints: [entry],
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  outfile: entry.replace(/\.ts$/, '.cjs'),
  logLevel: 'error',
});

process.argv = [process.argv[0], entry, ...rest];
const mod = new Module(entry, undefined);
mod.filename = entry;
mod.paths = Module._nodeModulePaths(path.dirname(entry));
mod.require = createRequire(entry);
mod._compile(outputFiles[0].text, entry);
