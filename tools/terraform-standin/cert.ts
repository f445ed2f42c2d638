// The plugin's certificate for go-plugin's AutoMTLS. Terraform trusts exactly the certificate
// the plugin prints in its handshake line and checks it for the name "localhost" (go-plugin
// client.go loadServerCert; its own mtls.go generateCert gives the shape copied here: CN and
// DNS SAN localhost, a CA so that it can sit in the trust pool, client and server auth).
//
// node:crypto makes keys and signatures but cannot build an X.509 certificate (nodejs/node#51169
// is still open on Node 20), so node-forge assembles and signs it: one dependency-free package.
// forge signs only RSA certificates, and making an RSA key takes a few hundred milliseconds, so
// this runs once per install (./install.ts), not at every plugin start: each plugin then only
// reads the files. Terraform still makes a fresh client certificate for every plugin it starts,
// and the plugin accepts no other client.
import forge from 'node-forge';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

export interface SelfSigned {
  certPem: string;
  keyPem: string;
}

export function selfSignedLocalhost(): SelfSigned {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // positive, 128 bits of randomness
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  const name = [{ name: 'commonName', value: 'localhost' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true, keyAgreement: true, keyCertSign: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }, // 2 = dNSName
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}
