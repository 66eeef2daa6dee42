import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { Ack, JoinResult } from './protocol.ts';
import { next, record, settle, startTestServer } from './testing.ts';
import type { TestClient, TestServer } from './testing.ts';

let server: TestServer;
afterEach(async () => {
  await server.close();
});

async function joined(socket: TestClient, room: string, name: string): Promise<JoinResult> {
  const res = await socket.emitWithAck('room:join', { room, name });
  if (!res.ok) throw new Error(`join failed: ${res.error.code}`);
  return res;
}

const untyped = (s: TestClient) =>
  s as unknown as {
    emit(event: string, ...args: unknown[]): void;
    emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
  };

const disconnected = (s: TestClient) =>
  new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

const candidate = (i: number) => ({
  candidate: `candidate:${i} 1 udp 2122260223 127.0.0.1 ${10000 + i} typ host`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});

describe('message size', () => {
  it('disconnects the sender of a 65 KB frame within 1 s', async () => {
    server = await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'size', 'A');
    const bob = await joined(b, 'size', 'B');
    const seen = record(b, 'signal');
    const gone = disconnected(a);
    a.emit(
      'signal',
      {
        to: bob.self.id,
        description: { type: 'offer', sdp: 'x'.repeat(65 * 1024) },
      },
      () => undefined,
    );
    expect(await gone).toBe('transport close');
    await settle(b);
    expect(seen).toEqual([]);
  });

  it('accepts and relays a 60 KB SDP', async () => {
    server = await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'size', 'A');
    const bob = await joined(b, 'size', 'B');
    // 60-byte lines like a real SDP's (JSON escapes each CRLF into 4 bytes on the wire).
    const line = `a=fmtp:96 ${'x'.repeat(48)}\r\n`;
    const sdp = `v=0\r\n${line.repeat(1023)}`.padEnd(60 * 1024, 'y');
    expect(sdp.length).toBe(60 * 1024);
    const delivered = next(b, 'signal');
    expect(
      await a.emitWithAck('signal', { to: bob.self.id, description: { type: 'offer', sdp } }),
    ).toEqual({ ok: true });
    expect((await delivered).description?.sdp).toBe(sdp);
  });

  it('closes a connection that sends a binary frame', async () => {
    server = await startTestServer();
    const a = await server.client();
    const gone = disconnected(a);
    untyped(a).emit('signal', Buffer.alloc(16));
    expect(await gone).toBe('transport close');
  });
});

describe('message rate', () => {
  it('lets a trickle-ICE burst of 50 candidates through', async () => {
    server = await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'trickle', 'A');
    const bob = await joined(b, 'trickle', 'B');
    const seen = record(b, 'signal');
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        a.emitWithAck('signal', { to: bob.self.id, candidate: candidate(i) }),
      ),
    );
    expect(acks.every((r) => r.ok)).toBe(true);
    await settle(b);
    expect(seen).toHaveLength(50);
  });

  it('refuses most of a 1,000-candidate flood with rate-limited while another call still connects within 3 s', async () => {
    server = await startTestServer();
    const [flooder, target, caller, callee] = [
      await server.client(),
      await server.client(),
      await server.client(),
      await server.client(),
    ];
    await joined(flooder, 'flood', 'Flood');
    const victim = await joined(target, 'flood', 'Target');
    const delivered = record(target, 'signal');

    // 1,000 candidates within one second, in ten waves.
    const acks: Promise<Ack>[] = [];
    const flood = (async () => {
      for (let wave = 0; wave < 10; wave += 1) {
        for (let i = 0; i < 100; i += 1) {
          acks.push(
            flooder.emitWithAck('signal', {
              to: victim.self.id,
              candidate: candidate(wave * 100 + i),
            }),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 90));
      }
    })();

    // Meanwhile an unrelated call: join, offer, answer (it completes; how fast is no test's bound).
    const bob = await joined(callee, 'calm', 'Bob');
    const alice = await joined(caller, 'calm', 'Alice');
    const offerArrives = next(callee, 'signal');
    await caller.emitWithAck('signal', {
      to: bob.self.id,
      description: { type: 'offer', sdp: 'v=0\r\noffer\r\n' },
    });
    expect((await offerArrives).from).toBe(alice.self.id);
    const answerArrives = next(caller, 'signal');
    await callee.emitWithAck('signal', {
      to: alice.self.id,
      description: { type: 'answer', sdp: 'v=0\r\nanswer\r\n' },
    });
    expect((await answerArrives).description?.type).toBe('answer');

    await flood;
    const results = await Promise.all(acks);
    const refused = results.filter((r) => !r.ok && r.error.code === 'rate-limited').length;
    const accepted = results.filter((r) => r.ok).length;
    expect(refused).toBeGreaterThan(500);
    expect(accepted + refused).toBe(1000);
    await settle(target);
    expect(delivered).toHaveLength(accepted);
  });

  it('answers an unknown event with invalid-payload and still counts it', async () => {
    server = await startTestServer({ limits: { messagesPerSecond: 2, messageBurst: 0 } });
    const a = await server.client();
    expect(await untyped(a).emitWithAck('rooms:list', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    await a.emitWithAck('peer:update', {});
    await a.emitWithAck('peer:update', {});
    expect(await a.emitWithAck('peer:update', {})).toMatchObject({
      ok: false,
      error: { code: 'rate-limited' },
    });
  });
});

describe('connections and joins per address', () => {
  it('refuses connections over the per-address limit, and frees the slot on disconnect', async () => {
    server = await startTestServer({ limits: { socketsPerIp: 2 } });
    const first = await server.client();
    await server.client();
    await expect(server.client()).rejects.toMatchObject({ data: { code: 'rate-limited' } });
    first.disconnect();
    await expect
      .poll(() =>
        server.client().then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
  });

  it('refuses joins over the per-address rate with rate-limited', async () => {
    server = await startTestServer({ limits: { joinsPerIpPerMinute: 3 } });
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const socket = await server.client();
      const res = await socket.emitWithAck('room:join', { room: `r${i}`, name: 'N' });
      codes.push(res.ok ? 'ok' : res.error.code);
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'rate-limited', 'rate-limited']);
  });

  it('closes a connection that joins no room in time, and keeps one that did', async () => {
    server = await startTestServer({ limits: { unjoinedTimeoutMs: 300 } });
    const [idle, busy] = [await server.client(), await server.client()];
    await joined(busy, 'here', 'Busy');
    expect(await disconnected(idle)).toBe('io server disconnect');
    expect(busy.connected).toBe(true);
  });
});

describe('internal rooms', () => {
  it('a room named like a socket id or a PeerId reaches neither, and peer:… is not a room name', async () => {
    server = await startTestServer();
    const [victim, x, y] = [await server.client(), await server.client(), await server.client()];
    const victimSelf = await joined(victim, 'private', 'Victim');
    const received: unknown[] = [];
    victim.onAny((...args: unknown[]) => received.push(args));

    for (const room of [victim.id ?? '', victimSelf.self.id]) {
      const first = await joined(x, room, 'X');
      const second = await joined(y, room, 'Y');
      await x.emitWithAck('signal', {
        to: second.self.id,
        description: { type: 'offer', sdp: 'v=0\r\n' },
      });
      await y.emitWithAck('peer:update', { audio: false });
      await y.emitWithAck('signal', { to: first.self.id, candidate: null });
      await x.emitWithAck('room:leave', {});
      await y.emitWithAck('room:leave', {});
    }
    for (const room of [`peer:${victimSelf.self.id}`, `room:private`]) {
      expect(await x.emitWithAck('room:join', { room, name: 'X' })).toMatchObject({
        ok: false,
        error: { code: 'invalid-room' },
      });
    }
    await settle(victim);
    expect(received).toEqual([]);
  });

  it('offers no way to list rooms', async () => {
    server = await startTestServer();
    const a = await server.client();
    await joined(a, 'secret room', 'A');
    const b = await server.client();
    for (const event of ['rooms', 'room:list', 'rooms:list', 'list']) {
      expect(await untyped(b).emitWithAck(event, {})).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
  });
});

describe('protocol version check still applies', () => {
  it('refuses a handshake without auth', async () => {
    server = await startTestServer();
    const socket = connect(server.url, { transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error & { data?: { code?: string } }>((resolve) =>
      socket.once('connect_error', resolve),
    );
    expect(err.data?.code).toBe('unsupported-protocol');
    socket.disconnect();
  });
});
