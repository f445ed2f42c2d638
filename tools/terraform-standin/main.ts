// Entry point of the stand-in AWS provider, started by Terraform as a go-plugin plugin.
// go-plugin's contract for plugins not written in Go: check the magic cookie, serve gRPC
// (with TLS against the client certificate Terraform passes in PLUGIN_CLIENT_CERT), then print
// one handshake line on stdout:
//   CORE-PROTOCOL-VERSION|APP-PROTOCOL-VERSION|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT
// where SERVER-CERT is the DER certificate in unpadded standard base64.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Root, type INamespace } from 'protobufjs/light';
import { startGrpcServer } from './grpc-server';
import { providerHandlers } from './provider';

const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const FILES = ['protocol', 'cert', 'key', 'schema-pb', 'metadata-pb', 'schema-json'] as const;

async function main(): Promise<void> {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write('This is a Terraform provider plugin (an offline stand-in for hashicorp/aws); Terraform runs it.\n');
    process.exit(1);
  }
  const { values } = parseArgs({ options: Object.fromEntries(FILES.map((f) => [f, { type: 'string' as const }])) });
  const missing = FILES.filter((f) => !values[f]);
  if (missing.length) throw new Error(`usage: ${FILES.map((f) => `--${f} FILE`).join(' ')} (missing ${missing.join(', ')})`);
  const file = (f: (typeof FILES)[number]): string => values[f] as string;
  const versions = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? '6').split(',');
  if (!versions.includes('6')) throw new Error(`Terraform offers plugin protocols ${versions.join(',')}; the stand-in speaks 6`);

  const certPem = readFileSync(file('cert'), 'utf8');
  const clientCertPem = process.env.PLUGIN_CLIENT_CERT || undefined;
  const log = (err: unknown): void => {
    process.stderr.write(`[standin] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  };
  const handlers = providerHandlers(
    { schemaPb: file('schema-pb'), metadataPb: file('metadata-pb'), schemaJsonGz: file('schema-json') },
    () => process.exit(0),
  );
  const root = Root.fromJSON(JSON.parse(readFileSync(file('protocol'), 'utf8')) as INamespace);
  const address = await startGrpcServer(root, handlers, { certPem, keyPem: readFileSync(file('key'), 'utf8'), clientCertPem }, log);
  // Without AutoMTLS (no client certificate) go-plugin connects in plain text: no cert then.
  const cert = clientCertPem ? new X509Certificate(certPem).raw.toString('base64').replace(/=+$/, '') : '';
  process.stdout.write(`1|6|tcp|${address}|grpc|${cert}\n`);

  // Terraform normally ends the plugin; should Terraform itself die, do not linger.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
}

main().catch((err: unknown) => {
  process.stderr.write(`stand-in provider failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
