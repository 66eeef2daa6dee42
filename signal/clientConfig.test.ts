import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_CONFIG_PATH, clientConfigOf, serveClientConfig } from './clientConfig.ts';
import { readConfig } from './config.ts';

const secret = 'runtime-turn-secret-1234567890';
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function serve(env: Record<string, string>): Promise<string> {
  const handle = serveClientConfig(clientConfigOf(readConfig(env)));
  const http = createServer((req, res) => {
    if (handle(req, res)) return;
    res.statusCode = 404;
    res.end('fallthrough');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  closers.push(() => http.close());
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe('client config', () => {
  it('tells the app the default policy and whether a relay exists, without the secret', async () => {
    const base = await serve({
      TURN_URLS: 'turn:127.0.0.1:3478',
      TURN_SECRET: secret,
      ICE_TRANSPORT_POLICY: 'relay',
    });
    const res = await fetch(`${base}${CLIENT_CONFIG_PATH}?v=1`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ iceTransportPolicy: 'relay', relayAvailable: true });
    expect(text).not.toContain(secret);
  });

  it('reports no relay without TURN, and leaves other requests alone', async () => {
    const base = await serve({});
    expect(await (await fetch(`${base}${CLIENT_CONFIG_PATH}`)).json()).toEqual({
      iceTransportPolicy: 'all',
      relayAvailable: false,
    });
    const other = await fetch(`${base}/r/config.json`);
    expect(await other.text()).toBe('fallthrough');
    const post = await fetch(`${base}${CLIENT_CONFIG_PATH}`, { method: 'POST' });
    expect(post.status).toBe(404);
  });
});
