// Just enough of gRPC over HTTP/2 for go-plugin's client: unary calls, length-prefixed
// messages, status in trailers. Streaming methods (go-plugin's broker and stdio streams) are
// answered "unimplemented", which go-plugin tolerates. node:http2 does the TLS and framing,
// so the stand-in needs no gRPC library.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

/** A unary handler: request message bytes in, response message bytes out. */
export type UnaryHandler = (request: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export interface TlsOptions {
  certPem: string;
  keyPem: string;
  /** The client's certificate (PLUGIN_CLIENT_CERT): trusted as the only CA and required. */
  clientCertPem?: string;
}

const GRPC_OK = '0';
const GRPC_INTERNAL = '13';
const GRPC_UNIMPLEMENTED = '12';

function frame(message: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0); // not compressed
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

function unframe(body: Buffer): Uint8Array {
  if (body.length < 5) return new Uint8Array(0);
  if (body[0] !== 0) throw new Error('compressed gRPC messages are not supported');
  const n = body.readUInt32BE(1);
  return body.subarray(5, 5 + n);
}

function fail(stream: http2.ServerHttp2Stream, code: string, message: string): void {
  if (stream.destroyed || stream.headersSent) return;
  stream.respond(
    {
      ':status': 200,
      'content-type': 'application/grpc',
      'grpc-status': code,
      'grpc-message': encodeURIComponent(message),
    },
    { endStream: true },
  );
}

export function startGrpcServer(
  handlers: ReadonlyMap<string, UnaryHandler>,
  tls: TlsOptions,
  onError: (err: unknown) => void,
): Promise<{ address: string; close: () => void }> {
  const server = http2.createSecureServer({
    cert: tls.certPem,
    key: tls.keyPem,
    ...(tls.clientCertPem ? { ca: tls.clientCertPem, requestCert: true, rejectUnauthorized: true } : {}),
    allowHTTP1: false,
  });
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path'] ?? '');
    const handler = handlers.get(path);
    if (!handler) {
      fail(stream, GRPC_UNIMPLEMENTED, `unknown method ${path}`);
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', onError);
    stream.on('end', () => {
      void (async () => {
        try {
          const response = await handler(unframe(Buffer.concat(chunks)));
          if (stream.destroyed) return;
          stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
          stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': GRPC_OK }));
          stream.end(frame(response));
        } catch (err) {
          onError(err);
          fail(stream, GRPC_INTERNAL, err instanceof Error ? err.message : String(err));
        }
      })();
    });
  });
  server.on('sessionError', onError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ address: `127.0.0.1:${port}`, close: () => server.close() });
    });
  });
}
