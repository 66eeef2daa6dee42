import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer } from './testing.ts';
import type { TestServer } from './testing.ts';

let server: TestServer;
afterEach(async () => {
  await server.close();
});

/** Opens a raw engine.io WebSocket with the given Origin; resolves with the HTTP outcome. */
function handshake(url: string, origin?: string): Promise<number> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    ...(origin !== undefined && { origin }),
  });
  return new Promise((resolve, reject) => {
    ws.once('upgrade', (res) => {
      resolve(res.statusCode ?? 0);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', reject);
  });
}

describe('handshake origin check', () => {
  it('refuses a foreign Origin with 403 and accepts the app’s own origin', async () => {
    server = await startTestServer();
    expect(await handshake(server.url, 'https://evil.example')).toBe(403);
    expect(await handshake(server.url, 'http://127.0.0.1.evil.example')).toBe(403);
    expect(await handshake(server.url, 'null')).toBe(403);
    expect(await handshake(server.url, server.url)).toBe(101);
    // Not a browser: no Origin, nothing to hijack.
    expect(await handshake(server.url)).toBe(101);
    expect(
      await server.signal.metrics.registry.getSingleMetricAsString('room_call_refusals_total'),
    ).toContain('room_call_refusals_total{code="forbidden-origin"} 3');
  });

  it('accepts origins listed in allowedOrigins', async () => {
    server = await startTestServer({ allowedOrigins: ['https://call.example.org'] });
    expect(await handshake(server.url, 'https://call.example.org')).toBe(101);
    expect(await handshake(server.url, 'https://other.example.org')).toBe(403);
  });
});
