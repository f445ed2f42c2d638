/**
 * Real tools for tests that prove operator outputs (shellcheck, BIND's named and
 * named-checkconf, dig). Locally a missing tool skips the test with a message; under CI
 * (CI=true), where .ci/run installs them from Debian's packages, it is a failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const SEARCH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SEARCH];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The tools' paths, or undefined after saying why the tests are skipped (a failure in CI). */
export function requireTools<T extends string>(names: readonly T[], pkg: string): Record<T, string> | undefined {
  const found = names.map((n) => [n, findTool(n)] as const);
  const missing = found.filter(([, f]) => !f).map(([n]) => n);
  if (!missing.length) return Object.fromEntries(found) as Record<T, string>;
  const why = `${missing.join(', ')} not installed (Debian: apt-get install ${pkg})`;
  if (process.env.CI === 'true') throw new Error(`CI must run these checks: ${why}; .ci/run installs it`);
  console.warn(`skipped: ${why}`);
  return undefined;
}

export function run(file: string, args: readonly string[], input?: string): { code: number; out: string } {
  const r = spawnSync(file, args, { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** A port free on 127.0.0.1 for TCP right now (named also takes UDP on it; collisions are unlikely). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Named {
  readonly port: number;
  stop(): Promise<void>;
  log(): string;
}

/** Starts named in the foreground with `conf`, and waits until it answers on 127.0.0.1:port. */
export async function startNamed(named: string, dig: string, conf: string, port: number): Promise<Named> {
  const child = spawn(named, ['-g', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`named exited:\n${log}`);
    const probe = spawnSync(dig, ['@127.0.0.1', '-p', String(port), '+time=1', '+tries=1', 'version.bind', 'CH', 'TXT'], { encoding: 'utf8' });
    if (probe.status === 0) return { port, stop, log: () => log };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`named did not answer on 127.0.0.1:${port}:\n${log}`);
}
