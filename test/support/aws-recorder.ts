/**
 * Runs a generated shell step with the real AWS CLI against a recorder on 127.0.0.1: STS answers
 * GetCallerIdentity with `account`, every other call gets `{}` and is recorded. A wrapper first on
 * PATH adds --endpoint-url to every call of the real CLI (works with CLI v1 and v2).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export const AWS_CLI = [...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'aws')), '/usr/bin/aws'].find((p) => fs.existsSync(p));

export interface Recorded {
  readonly target: string;
  readonly body: string;
}

export interface StepResult {
  readonly code: number;
  readonly stderr: string;
  readonly requests: readonly Recorded[];
}

export async function runWithRecorder(command: string, environment: Record<string, string>, account: string): Promise<StepResult> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ target: `${req.url ?? ''} ${req.headers['x-amz-target'] ?? ''}`, body });
      if (body.includes('Action=GetCallerIdentity')) {
        res.setHeader('content-type', 'text/xml');
        res.end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/t</Arn><UserId>AIDT</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dr-cli-'));
  fs.writeFileSync(path.join(bin, 'aws'), `#!/bin/sh\nexec "${AWS_CLI}" "$@" --endpoint-url "$RECORDER_URL"\n`, { mode: 0o755 });
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  try {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        '/bin/sh',
        ['-c', command],
        {
          env: {
            ...inherited,
            PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
            ...environment,
            RECORDER_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            AWS_ACCESS_KEY_ID: 'AKIDTEST',
            AWS_SECRET_ACCESS_KEY: 'secret',
            AWS_EC2_METADATA_DISABLED: 'true',
            // No profile region or credentials of the machine running the tests.
            AWS_CONFIG_FILE: path.join(bin, 'no-config'),
            AWS_SHARED_CREDENTIALS_FILE: path.join(bin, 'no-credentials'),
          },
        },
        (error, _out, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      ),
    );
    return { code, stderr, requests };
  } finally {
    server.close();
    fs.rmSync(bin, { recursive: true, force: true });
  }
}
