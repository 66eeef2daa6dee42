import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from './protocol.ts';
import { createLogger } from './logger.ts';
import { createRequestHandler } from './http.ts';
import type { ReadyCheck } from './http.ts';
import { createSignalServer } from './createSignalServer.ts';
import type { SignalServer } from './createSignalServer.ts';

let http: Server;
let signal: SignalServer;
let base: string;

async function start(
  options: { metricsToken?: string; checks?: Record<string, ReadyCheck>; roomHtml?: boolean } = {},
) {
  const webRoot = mkdtempSync(join(tmpdir(), 'room-call-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>room-call</title>');
  if (options.roomHtml)
    writeFileSync(join(webRoot, 'room.html'), '<!doctype html><title>room-call</title><!--room-->');
  const metrics = new Registry();
  http = createServer(
    createRequestHandler({
      webRoot,
      metrics,
      readyChecks: options.checks ?? { signaling: () => undefined },
      metricsToken: options.metricsToken,
      https: false,
    }),
  );
  signal = createSignalServer(http, { logger: createLogger('silent'), metricsRegistry: metrics });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await signal.close();
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

describe('HTTP endpoints', () => {
  it('serves the app with security headers and a CSP that allows only our own scripts', async () => {
    await start();
    for (const path of ['/', '/r/some%20room', '/healthz']) {
      const res = await fetch(`${base}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("script-src-attr 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      // WebAssembly (blur, noise suppression) may compile; JavaScript eval stays forbidden.
      expect(csp).toContain("'wasm-unsafe-eval'");
      expect(csp).not.toMatch(/'unsafe-eval'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
      // Plain HTTP: HSTS belongs to whoever terminates TLS.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    expect(await (await fetch(`${base}/r/some%20room`)).text()).toContain('<title>room-call');
  });

  it("answers a room's URL with room.html (the room chunk preloaded) when the build has one", async () => {
    await start({ roomHtml: true });
    const page = async (path: string) => (await fetch(`${base}${path}`)).text();
    for (const room of ['/r/some%20room', '/r/standup/', '/r/a?x=1'])
      expect(await page(room), room).toContain('<!--room-->');
    for (const other of ['/', '/r/', '/r/a/b', '/rooms/a', '/nowhere'])
      expect(await page(other), other).not.toContain('<!--room-->');
    const res = await fetch(`${base}/r/some%20room`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('/healthz says alive; /readyz reports every check and fails while one fails', async () => {
    let storeUp = true;
    await start({
      checks: {
        signaling: () => undefined,
        store: () => {
          if (!storeUp) throw new Error('store unreachable');
        },
      },
    });
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { signaling: 'ok', store: 'ok' } });
    storeUp = false;
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      ready: false,
      checks: { signaling: 'ok', store: 'store unreachable' },
    });
  });

  it('/metrics counts sockets, rooms, joins, relays, refusals by code and event-loop lag', async () => {
    await start();
    const clients = [0, 1].map((): Socket<ServerToClientEvents, ClientToServerEvents> =>
      connect(base, { transports: ['websocket'], auth: { protocol: 1 }, reconnection: false }),
    );
    const [a, b] = clients;
    if (!a || !b) throw new Error('no clients');
    const alice = await a.emitWithAck('room:join', { room: 'm', name: 'A' });
    const bob = await b.emitWithAck('room:join', { room: 'm', name: 'B' });
    if (!alice.ok || !bob.ok) throw new Error('join failed');
    await a.emitWithAck('signal', { to: bob.self.id, candidate: null });
    await a.emitWithAck('signal', { to: 'nobody', candidate: null });
    await a.emitWithAck('room:join', { room: 'x', name: 'A' });

    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^room_call_sockets 2$/m);
    expect(text).toMatch(/^room_call_rooms 1$/m);
    expect(text).toMatch(/^room_call_joins_total 2$/m);
    expect(text).toMatch(/^room_call_relays_total\{kind="candidate"\} 1$/m);
    expect(text).toMatch(/^room_call_refusals_total\{code="unknown-peer"\} 1$/m);
    expect(text).toMatch(/^room_call_refusals_total\{code="already-in-room"\} 1$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    for (const c of clients) c.disconnect();
  });

  it('/metrics asks for the token when one is configured', async () => {
    await start({ metricsToken: 'a-long-metrics-token' });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${base}/metrics`, {
      headers: { authorization: 'Bearer a-long-metrics-token' },
    });
    expect(right.status).toBe(200);
  });
});
