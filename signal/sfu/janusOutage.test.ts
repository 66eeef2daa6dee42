import { createServer as createHttpServer } from 'node:http';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { createRequestHandler } from '../http.ts';
import { joined, startTestServer } from '../testing.ts';
import { startJanusInNamespace } from './janusNamespace.ts';
import { useJanus } from './sfuSuite.ts';
import { startSfuServer } from './sfuTesting.ts';

const suite = useJanus();

const refused = (code: string) => ({ ok: false, error: { code } });

describe('when Janus is not there', () => {
  it('refuses a join with sfu-unavailable and keeps no room', async () => {
    suite.server = await startTestServer({
      sfu: { urls: ['ws://127.0.0.1:1'], requestTimeoutMs: 2000 },
      meshMax: 0,
    });
    const a = await suite.server.client();
    expect(await a.emitWithAck('room:join', { room: 'studio', name: 'Alice' })).toMatchObject(
      refused('sfu-unavailable'),
    );
    expect((await suite.server.signal.stats()).rooms).toBe(0);
    await expect(suite.server.signal.sfu?.ready()).rejects.toThrow(/not reachable/);
  });

  it('fails /readyz while Janus does not answer, and passes once it does', async () => {
    for (const [url, status, sfu] of [
      ['ws://127.0.0.1:1', 503, 'janus is not reachable'],
      [suite.janus.wsUrl, 200, 'ok'],
    ] as const) {
      suite.server = await startTestServer({
        sfu: { urls: [url], apiSecret: suite.janus.apiSecret },
      });
      const { sfu: broker } = suite.server.signal;
      const http = createHttpServer(
        createRequestHandler({
          metrics: new Registry(),
          readyChecks: { sfu: () => broker?.ready() },
          https: false,
        }),
      );
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      try {
        const res = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/readyz`);
        expect(res.status).toBe(status);
        expect(await res.json()).toMatchObject({ checks: { sfu } });
      } finally {
        http.close();
        await suite.server.close();
      }
    }
    suite.server = await startTestServer(); // for afterEach
  });

  it('places rooms only on reachable instances when several URLs are given', async () => {
    suite.server = await startTestServer({
      sfu: {
        urls: ['ws://127.0.0.1:1', suite.janus.wsUrl],
        apiSecret: suite.janus.apiSecret,
        adminKey: suite.janus.adminKey,
      },
      meshMax: 0,
    });
    expect((await joined(await suite.server.client(), 'studio', 'Alice')).media).toBe('sfu');
  });

  it.each([
    ['a wrong API secret', { apiSecret: 'not-the-secret', adminKey: 'x' }],
    ['no admin key where Janus wants one', {}],
  ])('refuses with sfu-unavailable for %s', async (_, keys) => {
    suite.server = await startTestServer({
      sfu: { urls: [suite.janus.wsUrl], apiSecret: suite.janus.apiSecret, ...keys },
      meshMax: 0,
    });
    const res = await (
      await suite.server.client()
    ).emitWithAck('room:join', { room: 'r', name: 'A' });
    expect(res).toMatchObject(refused('sfu-unavailable'));
    expect((await suite.server.signal.stats()).rooms).toBe(0);
  });

  it('connects again after losing Janus; members resume onto it, old rooms are swept', async () => {
    // A TCP relay to Janus whose connections can be cut, Janus staying up.
    const piped: Socket[] = [];
    const relay = createServer((socket) => {
      const target = new URL(suite.janus.wsUrl);
      const upstream = createConnection(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      for (const end of [socket, upstream]) end.on('error', () => undefined);
      piped.push(socket, upstream);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(relay.address() as AddressInfo).port}`;
    const admin = await Janode.connect({
      address: { url: suite.janus.wsUrl, apisecret: suite.janus.apiSecret },
      max_retries: 0,
    });
    const inspector = await (await admin.create()).attach(VideoRoomPlugin);
    const rooms = async () => (await inspector.list({ admin_key: suite.janus.adminKey })).list;
    try {
      suite.server = await startTestServer({
        sfu: { urls: [url], apiSecret: suite.janus.apiSecret, adminKey: suite.janus.adminKey },
        meshMax: 0,
      });
      const a = await suite.server.client();
      const first = await joined(a, 'studio', 'Alice');
      const [before] = await rooms();
      const dropped = new Promise((resolve) => a.once('disconnect', resolve));
      for (const socket of piped.splice(0)) socket.destroy();
      await dropped;

      const again = await joined(await suite.server.client(), 'studio', 'Alice', first.resume);
      expect(again.self.id).toBe(first.self.id);
      await suite.server.signal.sfu?.ready();
      await vi.waitFor(async () => {
        const now = await rooms();
        expect(now).toHaveLength(1);
        expect(now[0]?.room).not.toBe(before?.room);
      });
    } finally {
      await admin.close().catch(() => undefined);
      for (const socket of piped) socket.destroy();
      relay.close();
    }
  });

  it('disconnects the members of SFU rooms when Janus goes away, and refuses joins', async () => {
    const own = await startJanusInNamespace();
    try {
      suite.server = await startSfuServer(own);
      const [a, b] = [await suite.server.client(), await suite.server.client()];
      await joined(a, 'studio', 'Alice');
      await joined(b, 'studio', 'Bob');
      const dropped = [a, b].map(
        (client) => new Promise((resolve) => client.once('disconnect', resolve)),
      );
      await own.stop();
      await Promise.all(dropped);
      await expect(suite.server.signal.sfu?.ready()).rejects.toThrow();
      const c = await suite.server.client();
      expect(await c.emitWithAck('room:join', { room: 'studio', name: 'Carol' })).toMatchObject(
        refused('sfu-unavailable'),
      );
    } finally {
      await own.stop();
    }
  });
});
