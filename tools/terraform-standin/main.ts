// Entry point of the stand-in AWS provider, started by Terraform as a go-plugin plugin.
// go-plugin's contract for plugins not written in Go: check the magic cookie, serve gRPC
// (with TLS against the client certificate Terraform passes in PLUGIN_CLIENT_CERT), then print
// one handshake line on stdout:
//   CORE-PROTOCOL-VERSION|APP-PROTOCOL-VERSION|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT
// where SERVER-CERT is the DER certificate in unpadded standard base64.
import { parseArgs } from 'node:util';
import { selfSignedLocalhost } from './cert';
import { startGrpcServer } from './grpc-server';
import { providerHandlers } from './provider';

const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

async function main(): Promise<void> {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write('This is a Terraform provider plugin (an offline stand-in for hashicorp/aws); Terraform runs it.\n');
    process.exit(1);
  }
  const { values } = parseArgs({
    options: { 'schema-pb': { type: 'string' }, 'metadata-pb': { type: 'string' }, 'schema-json': { type: 'string' } },
  });
  const { 'schema-pb': schemaPb, 'metadata-pb': metadataPb, 'schema-json': schemaJsonGz } = values;
  if (!schemaPb || !metadataPb || !schemaJsonGz) {
    throw new Error('usage: --schema-pb FILE --metadata-pb FILE --schema-json FILE.json.gz');
  }
  const versions = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? '6').split(',');
  if (!versions.includes('6')) throw new Error(`Terraform offers plugin protocols ${versions.join(',')}; the stand-in speaks 6`);

  const tls = selfSignedLocalhost();
  const log = (err: unknown): void => {
    process.stderr.write(`[standin] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  };
  const server = await startGrpcServer(
    providerHandlers({ schemaPb, metadataPb, schemaJsonGz }, () => process.exit(0)),
    { certPem: tls.certPem, keyPem: tls.keyPem, clientCertPem: process.env.PLUGIN_CLIENT_CERT || undefined },
    log,
  );
  const cert = process.env.PLUGIN_CLIENT_CERT ? tls.certDer.toString('base64').replace(/=+$/, '') : '';
  process.stdout.write(`1|6|tcp|${server.address}|grpc|${cert}\n`);

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
