// Installs the stand-in AWS provider where Terraform can find it without a network: bundles
// the stand-in into one script, wraps it in the executable Terraform expects, lays it out as
// an unpacked filesystem mirror and writes a CLI configuration that points only there. The
// caller hands `env` to every Terraform it runs, so the user's ~/.terraformrc never applies.
import { buildSync } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareSchemaCache, SCHEMA_FILE } from './schema';

export const PROVIDER_VERSION = '6.25.0';
/** Terraform's name for this machine's platform, e.g. linux_amd64 or darwin_arm64. */
const PLATFORM = `${process.platform}_${({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch}`;

/** Where the shared AWS schema lives for a project checkout: `<root>/../shared/terraform`. */
export function sharedSchemaPath(projectRoot: string): string {
  return path.resolve(projectRoot, '..', 'shared', 'terraform', SCHEMA_FILE);
}

export interface Installed {
  /** Environment for every Terraform child process. */
  env: NodeJS.ProcessEnv;
  cliConfigFile: string;
  providerBinary: string;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * `version` is the hashicorp/aws version the stand-in is installed as (what the stacks pin;
 * default PROVIDER_VERSION), `bindingsJs` the provider bindings its provider block is read from
 * (default @cdktf/provider-aws's): check:terraform passes CDK Terrain's for its output.
 */
export function installStandin(opts: { projectRoot: string; dir: string; schemaJsonGz: string; version?: string; bindingsJs?: string }): Installed {
  const { projectRoot, dir, schemaJsonGz, version = PROVIDER_VERSION } = opts;
  if (!existsSync(schemaJsonGz)) throw new Error(`no AWS provider schema at ${schemaJsonGz}`);
  mkdirSync(dir, { recursive: true });

  // One bundled file: starting the plugin then costs a node start-up, not a TypeScript build.
  const script = path.join(dir, 'standin.cjs');
  buildSync({
    entryPoints: [path.join(projectRoot, 'tools', 'terraform-standin', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: script,
    logLevel: 'error',
  });

  const bindings = opts.bindingsJs ?? require.resolve('@cdktf/provider-aws/lib/provider/index.js', { paths: [projectRoot] });
  const cache = prepareSchemaCache(schemaJsonGz, bindings, path.join(os.tmpdir(), 'private-dr-terraform-standin'));

  const mirror = path.join(dir, 'mirror');
  const pluginDir = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', version, PLATFORM);
  mkdirSync(pluginDir, { recursive: true });
  const providerBinary = path.join(pluginDir, `terraform-provider-aws_v${version}`);
  // Terraform starts the plugin from a directory of its choosing: every path is absolute.
  const args = [process.execPath, script, '--schema-pb', cache.schemaPb, '--metadata-pb', cache.metadataPb, '--schema-json', schemaJsonGz];
  writeFileSync(providerBinary, `#!/bin/sh\nexec ${args.map(shellQuote).join(' ')}\n`);
  chmodSync(providerBinary, 0o755);

  const cliConfigFile = path.join(dir, 'terraform.rc');
  writeFileSync(
    cliConfigFile,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return { env: terraformEnv(cliConfigFile), cliConfigFile, providerBinary };
}

/** The process environment for Terraform, minus anything from the user's setup that would leak in. */
export function terraformEnv(cliConfigFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^TF_/.test(k) && k !== 'TF_LOG' && k !== 'TF_LOG_PATH') continue; // TF_CLI_ARGS*, TF_DATA_DIR, TF_WORKSPACE, ...
    env[k] = v;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}
