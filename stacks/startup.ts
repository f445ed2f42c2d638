/**
 * Startup tuning for the synth command, imported first by main.ts. Each item is measured by
 * `npm run bench` (README, "Speed"); none changes the Terraform JSON (test/startup-levers.test.ts
 * and each lever's own test). Item 2 leaves the stack trace of an annotation in manifest.json
 * empty; private-dr's stacks add no annotations.
 *
 * 1. cdktf loads `archiver` (30-70 ms) at import time for TerraformAsset, which private-dr never
 *    creates. A stand-in in the module cache loads the real package on first use instead.
 * 2. cdktf and constructs capture a full, unlimited stack trace for every token and construct
 *    they create, used only to explain misuse. They capture into a plain `{ stack: '' }` object,
 *    never an Error; those captures are skipped and leave an empty trace. Errors, and any other
 *    caller, are untouched.
 * 3. Token resolution copies plain values itself and leaves tokens to cdktf (stacks/fast-resolve.ts):
 *    about half of synthesis time, same output.
 * 4. Each element is rendered and resolved once, in cdktf's preparing pass, and that fragment is
 *    written (stacks/prepared-fragments.ts): about a fifth of synthesis time, same output.
 * 5. A construct's path is computed once (stacks/construct-paths.ts), not on every read.
 * 6. cdktf's util.js helpers that every element runs (keysToSnakeCase, deepMerge,
 *    processDynamicAttributes) in faster equivalents (stacks/cdktf-util.ts).
 * scripts/run.cjs adds one more when it bundles: json-stable-stringify on V8's JSON.stringify
 * (stacks/stable-json.ts).
 */
import Module from 'node:module';
import { installUtilHelpers } from './cdktf-util';
import { installMemoizedPaths } from './construct-paths';
import { installFastResolve } from './fast-resolve';
import { installPreparedFragments } from './prepared-fragments';

function deferArchiver(): void {
  let archiverPath: string;
  try {
    archiverPath = require.resolve('archiver', { paths: [require.resolve('cdktf')] });
  } catch {
    return;
  }
  if (require.cache[archiverPath]) return;
  const stub = new Module(archiverPath);
  stub.filename = archiverPath;
  stub.loaded = true;
  stub.exports = (...args: unknown[]) => {
    delete require.cache[archiverPath];
    return (require(archiverPath) as (...a: unknown[]) => unknown)(...args);
  };
  require.cache[archiverPath] = stub;
}

function skipCreationStacks(): void {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object, constructorOpt?: Function) => {
    const creationStack = !(target instanceof Error) && (target as { stack?: unknown }).stack === '';
    if (!creationStack) capture(target, constructorOpt);
  };
}

deferArchiver();
skipCreationStacks();
installFastResolve();
installPreparedFragments();
installMemoizedPaths();
installUtilHelpers();
