// The stand-in provider's parts, without Terraform or the shared schema. Its protobuf codec and
// message tables are hand-written (README: measured against protobufjs), so they are checked
// here against Terraform's own protocol definition (tools/terraform-standin/proto, vendored),
// read by protobufjs as an independent decoder: every field number in the tables, and what the
// running plugin answers over gRPC with mutual TLS. Also: the certificate go-plugin's client is
// asked to trust, and the install layout under any provider address and version.
// test/terraform-check.test.ts runs the stand-in under Terraform itself.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { selfSignedLocalhost } from '../tools/terraform-standin/cert';
import { installStandin } from '../tools/terraform-standin/install';
import * as m from '../tools/terraform-standin/messages';
import type { MessageType } from '../tools/terraform-standin/protobuf';

const ROOT = path.resolve(__dirname, '..');

/** Terraform 1.11's plugin protocol, as protobufjs reads the vendored .proto. */
function loadProtocol(): protobuf.Root {
  const root = new protobuf.Root();
  root.addJSON(protobuf.common.get('google/protobuf/timestamp.proto')!.nested!); // imported by tfplugin6
  protobuf.parse(readFileSync(path.join(ROOT, 'tools', 'terraform-standin', 'proto', 'tfplugin6.8.proto'), 'utf8'), root, { keepCase: true });
  root.resolveAll();
  return root;
}
const protocol = loadProtocol();

/** Every field of a hand-written table (and the tables it refers to) against the .proto message. */
function expectMatches(table: MessageType, type: protobuf.Type, seen = new Set<MessageType>()): void {
  if (seen.has(table)) return;
  seen.add(table);
  for (const [name, field] of Object.entries(table.fields)) {
    const proto = type.fields[name];
    const where = `${type.fullName}.${name}`;
    expect({ where, no: proto?.id, repeated: !!proto?.repeated && !proto.map, map: !!proto?.map }).toEqual({
      where,
      no: field.no,
      repeated: !!field.repeated,
      map: !!field.map,
    });
    if (typeof field.kind === 'object') expectMatches(field.kind, proto!.resolvedType as protobuf.Type, seen);
    else if (field.kind === 'enum') expect({ where, enum: proto!.resolvedType instanceof protobuf.Enum }).toEqual({ where, enum: true });
    else expect({ where, type: proto!.type }).toEqual({ where, type: field.kind });
  }
}

test('the hand-written tfplugin6 tables use the field numbers of the protocol Terraform 1.11 speaks (tfplugin6.8.proto)', () => {
  const tables: Array<[MessageType, string[]]> = [
    [m.GetProviderSchemaResponse, ['GetProviderSchema.Response']],
    [m.GetMetadataResponse, ['GetMetadata.Response']],
    [m.TypedConfigRequest, ['ValidateResourceConfig.Request', 'ValidateDataResourceConfig.Request', 'ValidateEphemeralResourceConfig.Request', 'ReadDataSource.Request', 'OpenEphemeralResource.Request']],
    [m.UpgradeResourceStateRequest, ['UpgradeResourceState.Request']],
    [m.UpgradeResourceStateResponse, ['UpgradeResourceState.Response']],
    [m.ReadResourceRequest, ['ReadResource.Request']],
    [m.ReadResourceResponse, ['ReadResource.Response']],
    [m.PlanResourceChangeRequest, ['PlanResourceChange.Request']],
    [m.PlanResourceChangeResponse, ['PlanResourceChange.Response']],
    [m.ApplyResourceChangeRequest, ['ApplyResourceChange.Request']],
    [m.ApplyResourceChangeResponse, ['ApplyResourceChange.Response']],
    [m.ReadDataSourceResponse, ['ReadDataSource.Response']],
    [m.OpenEphemeralResourceResponse, ['OpenEphemeralResource.Response']],
    // provider.ts answers these with diagnostics only, at the field number each one uses.
    [m.DiagnosticsAt1, ['ValidateResourceConfig.Response', 'ValidateDataResourceConfig.Response', 'ValidateEphemeralResourceConfig.Response', 'ConfigureProvider.Response', 'CloseEphemeralResource.Response', 'RenewEphemeralResource.Response']],
    [m.DiagnosticsAt2, ['ValidateProviderConfig.Response', 'GetFunctions.Response', 'ImportResourceState.Response', 'MoveResourceState.Response']],
  ];
  for (const [table, names] of tables) for (const name of names) expectMatches(table, protocol.lookupType(`tfplugin6.${name}`));
  // A table that drifted from the protocol is caught:
  expect(() => expectMatches(m.ReadResourceResponse, protocol.lookupType('tfplugin6.ApplyResourceChange.Response'))).toThrow();
});

const tmp = mkdtempSync(path.join(os.tmpdir(), 'standin-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('the plugin certificate is what go-plugin trusts: self-signed CA for localhost, client and server auth', () => {
  const { certPem, keyPem } = selfSignedLocalhost();
  const cert = new X509Certificate(certPem);
  expect(cert.checkHost('localhost')).toBe('localhost');
  expect(cert.subjectAltName).toBe('DNS:localhost');
  expect(cert.ca).toBe(true);
  expect(cert.verify(cert.publicKey)).toBe(true);
  expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
  expect(cert.checkPrivateKey(require('node:crypto').createPrivateKey(keyPem))).toBe(true);
  expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
});

// A one-resource provider schema in `terraform providers schema -json` form.
const schema = {
  format_version: '1.0',
  provider_schemas: {
    'registry.terraform.io/hashicorp/aws': {
      resource_schemas: {
        aws_thing: {
          version: 2,
          block: {
            attributes: { id: { type: 'string', computed: true }, name: { type: 'string', required: true } },
            block_types: { rule: { nesting_mode: 'list', max_items: 3, block: { attributes: { port: { type: 'number', optional: true } } } } },
          },
        },
      },
      data_source_schemas: { aws_other: { block: { attributes: { arn: { type: 'string', computed: true } } } } },
    },
  },
};

function call(address: string, tls: { cert: string; key: string; ca: string }, method: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`https://${address}`, { ...tls, servername: 'localhost' });
    const failed = (err: unknown): void => {
      session.destroy();
      reject(err);
    };
    session.on('error', failed);
    const req = session.request({ ':method': 'POST', ':path': `/tfplugin6.Provider/${method}`, 'content-type': 'application/grpc', te: 'trailers' });
    req.on('error', failed);
    req.setTimeout(10_000, () => failed(new Error(`${method}: no answer in 10 s`)));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('trailers', (t) => {
      if (t['grpc-status'] !== '0') failed(new Error(`grpc-status ${String(t['grpc-status'])}`));
    });
    req.on('end', () => {
      session.close();
      const body = Buffer.concat(chunks);
      // TLS 1.3 lets a rejected client through the handshake: the refusal shows as no answer.
      if (body.length < 5) failed(new Error(`${method}: no response message`));
      else resolve(body.subarray(5, 5 + body.readUInt32BE(1)));
    });
    req.end(Buffer.alloc(5)); // one empty, uncompressed request message
  });
}

test('installs under a given provider address and version and serves the given schema over mutual TLS', async () => {
  const schemaJsonGz = path.join(tmp, 'schema.json.gz');
  writeFileSync(schemaJsonGz, gzipSync(JSON.stringify(schema)));
  const installed = installStandin({
    projectRoot: ROOT,
    dir: path.join(tmp, 'provider'),
    schemaJsonGz,
    source: 'hashicorp/aws',
    version: '6.47.0',
    cacheDir: path.join(tmp, 'cache'),
  });
  expect(path.relative(path.join(tmp, 'provider', 'mirror'), installed.providerBinary)).toMatch(
    /^registry\.terraform\.io\/hashicorp\/aws\/6\.47\.0\/\w+_\w+\/terraform-provider-aws_v6\.47\.0$/,
  );
  expect(statSync(installed.providerBinary).mode & 0o111).toBeTruthy();
  expect(readFileSync(installed.cliConfigFile, 'utf8')).toContain('include = ["registry.terraform.io/hashicorp/aws"]');
  expect(installed.env.TF_CLI_CONFIG_FILE).toBe(installed.cliConfigFile);

  // Terraform's side of go-plugin's AutoMTLS: its own client certificate in, the plugin's out.
  const client = selfSignedLocalhost();
  const plugin = spawn(installed.providerBinary, [], {
    env: { ...process.env, TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2', PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: client.certPem },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve) => plugin.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
    const [core, app, network, address, transport, certB64] = line.split('|');
    expect([core, app, network, transport]).toEqual(['1', '6', 'tcp', 'grpc']);
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const serverCert = new X509Certificate(Buffer.from(certB64!, 'base64'));
    expect(serverCert.checkHost('localhost')).toBe('localhost');

    const tls = { cert: client.certPem, key: client.keyPem, ca: serverCert.toString() };
    const decoded = (type: string, bytes: Buffer): Record<string, any> =>
      protocol.lookupType(type).toObject(protocol.lookupType(type).decode(bytes), { longs: Number, bytes: String }) as Record<string, any>;
    const served = decoded('tfplugin6.GetProviderSchema.Response', await call(address!, tls, 'GetProviderSchema'));
    const thing = served.resource_schemas.aws_thing;
    expect(thing.version).toBe(2);
    expect(thing.block.attributes.map((a: { name: string }) => a.name)).toEqual(['id', 'name']);
    expect(thing.block.attributes[1]).toMatchObject({ name: 'name', required: true, type: Buffer.from('"string"').toString('base64') });
    expect(thing.block.block_types[0]).toMatchObject({ type_name: 'rule', nesting: 2, max_items: 3 });
    expect(served.provider.block.attributes.map((a: { name: string }) => a.name)).toContain('region');
    expect(served.server_capabilities).toEqual({ get_provider_schema_optional: true });
    const metadata = decoded('tfplugin6.GetMetadata.Response', await call(address!, tls, 'GetMetadata'));
    expect(metadata.resources).toEqual([{ type_name: 'aws_thing' }]);
    expect(metadata.data_sources).toEqual([{ type_name: 'aws_other' }]);

    // A client without a certificate the plugin was told to trust is turned away.
    const stranger = selfSignedLocalhost();
    await expect(call(address!, { cert: stranger.certPem, key: stranger.keyPem, ca: tls.ca }, 'GetMetadata')).rejects.toThrow(
      /certificate|no response message|socket hang up|ECONNRESET/,
    );
  } finally {
    plugin.kill();
  }
});
