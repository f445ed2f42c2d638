// Reads synthesized cdktf stacks and prepares working copies Terraform can run offline. The
// synthesized cdk.tf.json is copied byte for byte, so the line numbers in Terraform's messages
// are those of the synthesized file; the changes live in an override file beside it: the
// backend becomes local (state stays in the temp working copy) and every
// terraform_remote_state that reads another synthesized stack is pointed at that stack's local
// state file, so a consumer can be planned once its producer has been applied offline.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

type Json = Record<string, unknown>;

export interface Stack {
  /** Display label of the synthesized app (environment file or directory). */
  group: string;
  name: string;
  sourceDir: string;
  workDir: string;
  /** Stacks whose state this one reads; empty when it has no terraform_remote_state. */
  producers: string[];
  /** terraform_remote_state data sources that match no synthesized stack. */
  unresolvedInputs: string[];
  config: Json;
}

/** The stack directories of a cdktf output dir (`<outdir>/stacks/*`), or a single stack dir. */
export function findStackDirs(dir: string): string[] {
  if (existsSync(path.join(dir, 'cdk.tf.json'))) return [dir];
  const stacksDir = path.join(dir, 'stacks');
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(stacksDir, e.name, 'cdk.tf.json')))
    .map((e) => path.join(stacksDir, e.name))
    .sort();
}

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

export const STATE_FILE = 'terraform.tfstate';
/** Terraform merges `*_override.tf.json` files over the configuration, after everything else. */
export const OVERRIDE_FILE = 'zz_standin_override.tf.json';

// Settings that say where a backend keeps state; the others (locking, encryption, credentials)
// may differ between a stack's backend block and a remote state that reads it.
const LOCATION_KEYS = ['bucket', 'key', 'path', 'prefix', 'workspace_key_prefix', 'container_name', 'storage_account_name', 'organization', 'workspaces'];

function sameStateLocation(backend: Json, remote: Json): boolean {
  for (const k of LOCATION_KEYS) {
    if ((k in backend || k in remote) && !isDeepStrictEqual(backend[k], remote[k])) return false;
  }
  return LOCATION_KEYS.some((k) => k in remote);
}

export function prepareStacks(group: string, stackDirs: string[], workRoot: string): Stack[] {
  const stacks: Stack[] = stackDirs.map((dir) => {
    const config = JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as Json;
    const name = path.basename(dir);
    return { group, name, sourceDir: dir, workDir: path.join(workRoot, name), producers: [], unresolvedInputs: [], config };
  });
  const backendOf = (s: Stack): Json => obj(obj(s.config.terraform).backend);
  const readsBackendOf = (consumer: Stack, ds: Json, producer: Stack): boolean => {
    const type = ds.backend as string;
    const written = backendOf(producer);
    if (!(type in written)) return false;
    if (type !== 'local') return sameStateLocation(obj(written[type]), obj(ds.config));
    // Local state paths are relative to each stack's own working directory.
    const at = (dir: string, cfg: Json): string => path.resolve(dir, typeof cfg.path === 'string' ? cfg.path : STATE_FILE);
    return at(producer.sourceDir, obj(written[type])) === at(consumer.sourceDir, obj(ds.config));
  };

  const overrides = new Map<Stack, Json>(stacks.map((s) => [s, {}]));
  for (const s of stacks) {
    const remote = obj(obj(s.config.data).terraform_remote_state);
    const remoteOverride: Json = {};
    for (const [dsName, raw] of Object.entries(remote)) {
      const ds = obj(raw);
      // A remote state that reads where another stack's backend writes names its producer;
      // cdktf's own cross-stack inputs are also named "cross-stack-reference-input-<stack>".
      const producer =
        stacks.find((p) => p !== s && readsBackendOf(s, ds, p)) ??
        stacks.find((p) => p !== s && dsName === `cross-stack-reference-input-${p.name}`);
      if (!producer) {
        s.unresolvedInputs.push(dsName);
        continue;
      }
      if (!s.producers.includes(producer.name)) s.producers.push(producer.name);
      remoteOverride[dsName] = { backend: 'local', config: { path: path.join(producer.workDir, STATE_FILE) } };
    }
    if (Object.keys(remoteOverride).length) overrides.get(s)!.data = { terraform_remote_state: remoteOverride };
  }

  for (const s of stacks) {
    // An override backend block replaces the stack's backend (or cloud) block entirely.
    overrides.get(s)!.terraform = { backend: { local: { path: STATE_FILE } } };
    mkdirSync(s.workDir, { recursive: true });
    // Never carry over a provider dir or state from a local deploy of the synthesized output.
    const skip = /^\.terraform$|\.tfstate(\.backup)?$/;
    cpSync(s.sourceDir, s.workDir, { recursive: true, filter: (src) => !skip.test(path.basename(src)) });
    writeFileSync(path.join(s.workDir, OVERRIDE_FILE), JSON.stringify(overrides.get(s), null, 2));
  }
  return stacks;
}

/**
 * Before the offline apply: the same configuration without provisioners. A local-exec in a
 * synthesized stack (say, one that initializes a service with the AWS CLI) must never run from
 * a check, whatever credentials happen to be around.
 */
export function writeWithoutProvisioners(stack: Stack): number {
  let removed = 0;
  if (!JSON.stringify(stack.config.resource ?? {}).includes('"provisioner"')) return 0;
  const config = structuredClone(stack.config);
  for (const byName of Object.values(obj(config.resource))) {
    for (const resource of Object.values(obj(byName))) {
      const r = obj(resource);
      if ('provisioner' in r) {
        delete r.provisioner;
        delete r.connection;
        removed++;
      }
    }
  }
  writeFileSync(path.join(stack.workDir, 'cdk.tf.json'), JSON.stringify(config, null, 2));
  return removed;
}
