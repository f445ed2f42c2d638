// A one-off self-signed TLS certificate for the plugin's side of go-plugin's AutoMTLS.
// Node can make keys and signatures but not X.509 certificates, so the few DER structures
// needed are assembled here rather than pulling in a certificate library or relying on an
// `openssl` binary. The shape mirrors what go-plugin itself generates: an ECDSA key, CN and
// DNS SAN "localhost" (the name Terraform's client verifies), usable for client and server
// auth, marked as a CA because each side puts the other's certificate in its trust pool.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else if (n < 0x100) len = Buffer.from([0x81, n]);
  else if (n < 0x10000) len = Buffer.from([0x82, n >> 8, n & 0xff]);
  else throw new Error('cert: DER element too long');
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => der(0x31, Buffer.concat(items));
const octets = (content: Buffer): Buffer => der(0x04, content);
const bool = (v: boolean): Buffer => der(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string): Buffer => der(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, content: Buffer): Buffer => der(0xa0 + n, content);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function integer(bytes: Buffer): Buffer {
  // DER INTEGERs are signed and minimal: no redundant leading zero bytes, and a 0x00 in front
  // of a set high bit keeps the value positive. OpenSSL rejects anything else.
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && bytes[i + 1]! < 0x80) i++;
  const v = bytes.subarray(i);
  return der(0x02, v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function utcTime(d: Date): Buffer {
  const s = d.toISOString(); // 2025-01-02T03:04:05.678Z -> 250102030405Z
  return der(0x17, Buffer.from(s.slice(2, 4) + s.slice(5, 7) + s.slice(8, 10) + s.slice(11, 13) + s.slice(14, 16) + s.slice(17, 19) + 'Z'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

export interface SelfSigned {
  certPem: string;
  keyPem: string;
  /** The certificate's DER bytes: go-plugin's handshake line carries them base64-encoded. */
  certDer: Buffer;
}

export function selfSignedLocalhost(): SelfSigned {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8('localhost'))));
  const now = Date.now();
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // X.509 v3
    integer(randomBytes(16)),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 7 * 24 * 3600_000))),
    name,
    spki,
    explicit(
      3,
      seq(
        extension('2.5.29.19', true, seq(bool(true))), // basicConstraints: CA
        // keyUsage: digitalSignature, keyEncipherment, keyAgreement, keyCertSign
        extension('2.5.29.15', true, der(0x03, Buffer.from([0x02, 0xac]))),
        // extKeyUsage: serverAuth, clientAuth
        extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
        extension('2.5.29.17', false, seq(der(0x82, Buffer.from('localhost')))), // SAN dNSName
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey); // ECDSA signatures come DER-encoded
  const certDer = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = certDer.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    certDer,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
