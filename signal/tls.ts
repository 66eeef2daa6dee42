/**
 * HTTPS for use on a local network: browsers open camera and microphone only on
 * https pages (or localhost). Either the operator's certificate and key, or a
 * self-signed certificate generated once and kept in a file, so a browser
 * exception made for it survives restarts.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { generate } from 'selfsigned';

export interface TlsFiles {
  cert: string;
  key: string;
}

export interface TlsSettings {
  TLS_CERT?: string | undefined;
  TLS_KEY?: string | undefined;
  HTTPS: 'off' | 'self-signed';
  SELF_SIGNED_CERT_FILE: string;
}

/** The addresses people on the network may type: every interface's, plus localhost. */
function localAddresses(): string[] {
  const found = Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address.split('%')[0] ?? i.address] : []));
  return [...new Set(['127.0.0.1', '::1', ...found])];
}

function covers(pem: string, addresses: string[], now: Date): boolean {
  try {
    const cert = new X509Certificate(pem);
    if (new Date(cert.validTo) <= now) return false;
    return (
      cert.checkHost('localhost') !== undefined &&
      addresses.every((a) => cert.checkIP(a) !== undefined)
    );
  } catch {
    return false;
  }
}

function readPair(text: string): TlsFiles | null {
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(text)?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  return key && cert ? { key, cert } : null;
}

export async function selfSignedCertificate(
  file: string,
  addresses = localAddresses(),
  now = new Date(),
): Promise<TlsFiles> {
  try {
    const stored = readPair(readFileSync(file, 'utf8'));
    if (stored && covers(stored.cert, addresses, now)) return stored;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const notAfter = new Date(now);
  notAfter.setFullYear(notAfter.getFullYear() + 1);
  const pems = await generate([{ name: 'commonName', value: 'room-call (self-signed)' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          ...addresses.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  const text = `${pems.private.trim()}\n${pems.cert.trim()}\n`;
  writeFileSync(file, text, { mode: 0o600 });
  const pair = readPair(text);
  if (!pair) throw new Error('generated certificate could not be read back');
  return pair;
}

/** The certificate to serve, or null for plain HTTP. */
export async function loadTls(settings: TlsSettings): Promise<TlsFiles | null> {
  if (settings.TLS_CERT && settings.TLS_KEY) {
    return {
      cert: readFileSync(settings.TLS_CERT, 'utf8'),
      key: readFileSync(settings.TLS_KEY, 'utf8'),
    };
  }
  if (settings.HTTPS === 'self-signed')
    return selfSignedCertificate(settings.SELF_SIGNED_CERT_FILE);
  return null;
}
