/**
 * Runs generated `aws ...` commands through the real AWS CLI against a stub on 127.0.0.1 that
 * records every request, so tests prove a command parses against the service model and assert on
 * the request body it sends (../shared/reference/aws-api-models-offline.md).
 *
 * The CLI never reaches AWS: a shim named `aws` first on PATH adds `--endpoint-url` to every call,
 * credentials are dummies, and config files are /dev/null. Argument errors ("Invalid choice",
 * "Unknown options", "Error parsing parameter") never reach the stub, so "no request recorded"
 * means the command is wrong.
 *
 * Two CLIs may exist: the machine image's aws-cli v1 (newest models) and Debian's awscli v2
 * (January 2023 models). `findAwsCli(service, operation)` picks the first that knows an operation;
 * tests skip with a message when none does, and fail in CI, where .ci/run installs the CLI.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** `x-amz-target` for JSON-protocol services, the `Action` for query ones, else the path's last segment. */
  readonly operation: string;
  readonly body: string;
  /** JSON bodies parsed; query-protocol (form) bodies as a flat key -> value record. */
  readonly params: Record<string, unknown>;
}

export interface StubReply {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
}

export interface AwsRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly requests: readonly RecordedRequest[];
}

const candidates = (): string[] => {
  const found = new Set<string>();
  if (process.env.AWS_CLI) found.add(process.env.AWS_CLI);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, 'aws');
    if (dir && isExecutable(file)) found.add(file);
  }
  if (isExecutable('/usr/bin/aws')) found.add('/usr/bin/aws');
  return [...found];
};

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const knownOperations = new Map<string, string>();
const knows = new Map<string, boolean>();

/** Whether this CLI's models have `aws <service> <operation>` (its help lists the operation). */
function cliKnows(cli: string, service: string, operation: string): boolean {
  const key = `${cli} ${service}`;
  let listing = knownOperations.get(key);
  if (listing === undefined) {
    try {
      listing = execFileSync(cli, [service, 'help'], {
        encoding: 'utf8',
        env: { ...cliEnv(), PAGER: 'cat', MANPAGER: 'cat', AWS_PAGER: '' },
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 60_000,
      });
    } catch {
      listing = '';
    }
    knownOperations.set(key, listing);
  }
  const k = `${key} ${operation}`;
  if (!knows.has(k)) knows.set(k, new RegExp(`(^|\\s)o?\\s*${operation.replace(/-/g, '\\-')}(\\s|$)`, 'm').test(listing.replace(/\u0008./g, '')));
  return knows.get(k)!;
}

/** The first AWS CLI that knows `aws <service> <operation>`, or why there is none. */
export function findAwsCli(service: string, operation: string): { cli: string } | { missing: string } {
  const clis = candidates();
  if (!clis.length) return { missing: 'no AWS CLI on PATH (CI installs Debian\'s awscli; locally: apt-get install awscli)' };
  for (const cli of clis) if (cliKnows(cli, service, operation)) return { cli };
  return { missing: `no installed AWS CLI knows "aws ${service} ${operation}" (tried ${clis.join(', ')}); its service model is newer than theirs` };
}

/**
 * Jest helper: the CLI to use, or undefined after printing why the test is skipped. Under CI
 * (CI=true) a missing CLI or operation is a failure, never a silent skip.
 */
export function requireAwsCli(service: string, operation: string): string | undefined {
  const found = findAwsCli(service, operation);
  if ('cli' in found) return found.cli;
  if (process.env.CI === 'true') throw new Error(`CI must check "aws ${service} ${operation}": ${found.missing}`);
  console.warn(`skipped: ${found.missing}`);
  return undefined;
}

function cliEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'PYENV_ROOT', 'PYENV_VERSION', 'TMPDIR'];
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function parseParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  if ((contentType ?? '').includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function operationOf(req: http.IncomingMessage, params: Record<string, unknown>): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  if (typeof params.Action === 'string') return params.Action;
  return (req.url ?? '').split('?')[0].split('/').filter(Boolean)[0] ?? '';
}

/** An empty success in the request's protocol: XML for query/EC2 services, `{}` for JSON ones. */
function emptyResult(req: RecordedRequest): StubReply {
  if (typeof req.params.Action !== 'string') return { status: 200, body: '{}' };
  const op = req.params.Action;
  return { status: 200, contentType: 'text/xml', body: `<${op}Response><${op}Result></${op}Result></${op}Response>` };
}

/** A reply that answers STS GetCallerIdentity as `account` and everything else with `others` (default: an empty success). */
export function callerIs(account: string, others: (req: RecordedRequest) => StubReply | undefined = emptyResult): (req: RecordedRequest) => StubReply | undefined {
  return (req) =>
    req.operation === 'GetCallerIdentity'
      ? {
          status: 200,
          contentType: 'text/xml',
          body: `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>${account}</Account><Arn>arn:aws:sts::${account}:assumed-role/test/session</Arn><UserId>AROAEXAMPLE:session</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        }
      : others(req);
}

/**
 * Runs `script` with bash (`-euo pipefail` is the script's own business) where `aws` is `cli`
 * pointed at a recording stub. `reply` answers each request (where it answers nothing, or without
 * it: an empty success).
 */
export async function runWithAwsStub(
  cli: string,
  script: string,
  options: { reply?: (req: RecordedRequest) => StubReply | undefined; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<AwsRun> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = parseParams(body, req.headers['content-type']);
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, operation: operationOf(req, params), body, params };
      requests.push(recorded);
      const answer = options.reply?.(recorded) ?? emptyResult(recorded);
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-aws-'));
  try {
    const shim = path.join(dir, 'aws');
    fs.writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(cli)} --endpoint-url http://127.0.0.1:${port} "$@"\n`, { mode: 0o755 });
    const env = { ...cliEnv(), ...options.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` };
    const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    clearTimeout(timer);
    return { code, stdout, stderr, requests };
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
