// The one place that knows which packages a synthesis engine is made of. The code imports
// `cdktf`, `constructs` and `@cdktf/provider-aws/lib/<resource>` everywhere; with DR_ENGINE=cdktn
// those imports resolve to CDK Terrain (`cdktn`, `@cdktn/provider-aws`) and its own `constructs`
// instead, installed apart in engines/cdktn by `npm run install:cdktn`. scripts/run.cjs applies
// this at bundling time, jest.cdktn.config.js through moduleNameMapper; nothing else knows.
//
// CDK Terrain keeps cdktf's module layout and class names (lib/index exports, provider classes
// under lib/<resource> with the same names), so a request is rewritten package name for package
// name and the rest of the path stays.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');

/** @type {Record<string, { dir: string; packages: Record<string, string>; install: string }>} */
const ENGINES = {
  cdktf: {
    dir: projectRoot,
    packages: { cdktf: 'cdktf', constructs: 'constructs', '@cdktf/provider-aws': '@cdktf/provider-aws' },
    install: 'npm ci',
  },
  cdktn: {
    dir: path.join(projectRoot, 'engines', 'cdktn'),
    packages: { cdktf: 'cdktn', constructs: 'constructs', '@cdktf/provider-aws': '@cdktn/provider-aws' },
    install: 'npm run install:cdktn',
  },
};
const DEFAULT_ENGINE = 'cdktf';

/** The engine DR_ENGINE names (default cdktf); throws with the accepted names otherwise. */
function selectedEngine(env = process.env) {
  const name = env.DR_ENGINE || DEFAULT_ENGINE;
  if (!Object.hasOwn(ENGINES, name)) {
    throw new Error(`DR_ENGINE="${name}" is not a synthesis engine; use one of: ${Object.keys(ENGINES).join(', ')} (default ${DEFAULT_ENGINE})`);
  }
  return name;
}

/** Splits `@scope/pkg/sub/path` or `pkg/sub/path` into the engine-neutral package and the rest. */
function splitRequest(request) {
  for (const pkg of Object.keys(ENGINES.cdktf.packages)) {
    if (request === pkg) return { pkg, rest: '' };
    if (request.startsWith(`${pkg}/`)) return { pkg, rest: request.slice(pkg.length) };
  }
  return undefined;
}

/** `request` as the engine names it (`@cdktf/provider-aws/lib/vpc` -> `@cdktn/provider-aws/lib/vpc`), or undefined when it is no engine package. */
function engineRequest(engine, request) {
  const parts = splitRequest(request);
  return parts ? ENGINES[engine].packages[parts.pkg] + parts.rest : undefined;
}

/** Absolute path of an engine package's folder. */
function packageDir(engine, pkg) {
  return path.join(ENGINES[engine].dir, 'node_modules', ENGINES[engine].packages[pkg]);
}

/** Why the engine cannot run here, or undefined when every package of it is installed. */
function missing(engine) {
  const absent = Object.keys(ENGINES[engine].packages).filter((pkg) => !fs.existsSync(path.join(packageDir(engine, pkg), 'package.json')));
  if (!absent.length) return undefined;
  const names = absent.map((pkg) => ENGINES[engine].packages[pkg]).join(', ');
  return `the ${engine} engine is not installed (${names} missing under ${path.relative(projectRoot, ENGINES[engine].dir) || '.'}/node_modules); run \`${ENGINES[engine].install}\``;
}

/** Versions of the engine's packages as installed, e.g. { cdktn: '0.24.0', ... }. */
function versions(engine) {
  const out = {};
  for (const pkg of Object.keys(ENGINES[engine].packages)) {
    const file = path.join(packageDir(engine, pkg), 'package.json');
    out[ENGINES[engine].packages[pkg]] = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).version : null;
  }
  return out;
}

/** jest moduleNameMapper entries that load the engine's packages in place of cdktf's. */
function jestModuleNameMapper(engine) {
  const map = {};
  for (const pkg of Object.keys(ENGINES[engine].packages)) {
    const dir = packageDir(engine, pkg);
    const quoted = pkg.replace(/[/.@-]/g, (c) => `\\${c}`);
    map[`^${quoted}$`] = dir;
    map[`^${quoted}/(.*)$`] = `${dir}/$1`;
  }
  return map;
}

module.exports = { ENGINES, DEFAULT_ENGINE, projectRoot, selectedEngine, engineRequest, packageDir, missing, versions, jestModuleNameMapper };
