// Just enough of gRPC over HTTP/2 for go-plugin's client: unary calls, length-prefixed
// messages, status in trailers. node:http2 does the TLS and the framing, protobufjs the
// messages. Streaming methods (go-plugin's broker and stdio streams) and unknown ones are
// answered "unimplemented", which go-plugin tolerates. @grpc/grpc-js would replace this file
// but adds ~100 ms to every plugin start (README: "Libraries, and why these").
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { Root, Type } from 'protobufjs/light';

/** A decoded request in, a response object out, or bytes already encoded (the cached schema). */
export type Handler = (request: Record<string, unknown>) => object | Uint8Array;

export interface TlsOptions {
  certPem: string;
  keyPem: string;
  /** The client's certificate (PLUGIN_CLIENT_CERT): trusted as the only CA and required. */
  clientCertPem?: string;
}

// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md and doc/statuscodes.md
const GRPC_OK = '0';
const GRPC_UNIMPLEMENTED = '12';
const GRPC_INTERNAL = '13';

function frame(message: Uint8Array): Buffer {
  const header = Buffer.alloc(5); // byte 0: not compressed; bytes 1-4: length
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

function unframe(body: Buffer): Uint8Array {
  if (body.length < 5) return new Uint8Array(0);
  if (body[0] !== 0) throw new Error('compressed gRPC messages are not supported');
  return body.subarray(5, 5 + body.readUInt32BE(1));
}

function fail(stream: http2.ServerHttp2Stream, code: string, message: string): void {
  if (stream.destroyed || stream.headersSent) return;
  const headers = { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': code, 'grpc-message': encodeURIComponent(message) };
  stream.respond(headers, { endStream: true });
}

interface Route {
  request: Type;
  response: Type;
  handle: Handler;
}

/** `handlers` by service ("package.Service") and method name, as gRPC paths with their message types. */
function routes(root: Root, handlers: ReadonlyMap<string, ReadonlyMap<string, Handler>>): Map<string, Route> {
  const out = new Map<string, Route>();
  for (const [name, methods] of handlers) {
    const service = root.lookupService(name);
    for (const [method, handle] of methods) {
      const m = service.methods[method];
      if (!m) throw new Error(`${name} has no method ${method}`);
      m.resolve();
      out.set(`/${name}/${method}`, { request: m.resolvedRequestType!, response: m.resolvedResponseType!, handle });
    }
  }
  return out;
}

/** Serves `handlers` on 127.0.0.1 with mutual TLS; resolves to host:port. */
export function startGrpcServer(
  root: Root,
  handlers: ReadonlyMap<string, ReadonlyMap<string, Handler>>,
  tls: TlsOptions,
  onError: (err: unknown) => void,
): Promise<string> {
  const byPath = routes(root, handlers);
  const server = http2.createSecureServer({
    cert: tls.certPem,
    key: tls.keyPem,
    ...(tls.clientCertPem ? { ca: tls.clientCertPem, requestCert: true, rejectUnauthorized: true } : {}),
    allowHTTP1: false,
  });
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path'] ?? '');
    const route = byPath.get(path);
    if (!route) {
      fail(stream, GRPC_UNIMPLEMENTED, `unknown method ${path}`);
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', onError);
    stream.on('end', () => {
      try {
        const result = route.handle(route.request.decode(unframe(Buffer.concat(chunks))) as unknown as Record<string, unknown>);
        const bytes = result instanceof Uint8Array ? result : route.response.encode(result).finish();
        if (stream.destroyed) return;
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': GRPC_OK }));
        stream.end(frame(bytes));
      } catch (err) {
        onError(err);
        fail(stream, GRPC_INTERNAL, err instanceof Error ? err.message : String(err));
      }
    });
  });
  server.on('sessionError', onError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}
