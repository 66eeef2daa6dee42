import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTls, selfSignedCertificate } from './tls.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'room-call-tls-'));

describe('HTTPS certificates', () => {
  it('generates a self-signed certificate for localhost and the given addresses, and reuses it', async () => {
    const file = join(dir(), 'cert.pem');
    const first = await selfSignedCertificate(file, ['127.0.0.1', '::1']);
    const cert = new X509Certificate(first.cert);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(readFileSync(file, 'utf8')).toContain(first.cert);
    expect(await selfSignedCertificate(file, ['127.0.0.1'])).toEqual(first);
    // A new address on the machine: a new certificate that covers it.
    const widened = await selfSignedCertificate(file, ['127.0.0.1', '127.0.0.2']);
    expect(widened.cert).not.toBe(first.cert);
    expect(new X509Certificate(widened.cert).checkIP('127.0.0.2')).toBe('127.0.0.2');
  });

  it('serves HTTPS with the generated certificate, or with configured files', async () => {
    const file = join(dir(), 'cert.pem');
    const tls = await loadTls({ HTTPS: 'self-signed', SELF_SIGNED_CERT_FILE: file });
    if (!tls) throw new Error('no certificate');
    const server = createServer(tls, (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port, path: '/', ca: tls.cert, servername: 'localhost' },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        },
      )
        .on('error', reject)
        .end();
    });
    expect(body).toBe('secure');
    server.close();

    const certFile = join(dir(), 'c.pem');
    const keyFile = join(dir(), 'k.pem');
    writeFileSync(certFile, tls.cert);
    writeFileSync(keyFile, tls.key);
    expect(
      await loadTls({
        HTTPS: 'off',
        TLS_CERT: certFile,
        TLS_KEY: keyFile,
        SELF_SIGNED_CERT_FILE: file,
      }),
    ).toEqual({ cert: tls.cert, key: tls.key });
    expect(await loadTls({ HTTPS: 'off', SELF_SIGNED_CERT_FILE: file })).toBeNull();
  });
});
