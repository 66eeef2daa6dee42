import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { next, record, settle, startTestServer, joined, OFFER } from './testing.ts';
import type { TestServer } from './testing.ts';

let server: TestServer;
afterEach(async () => {
  await server.close();
});

describe('joining and leaving', () => {
  it('gives a server-chosen PeerId and tells the room who arrived and who left', async () => {
    server = await startTestServer();
    const a = await server.client();
    const b = await server.client();

    const first = await joined(a, 'Standup', 'Alice');
    expect(first.peers).toEqual([]);
    expect(first.self).toMatchObject({ name: 'Alice', audio: true, video: true, screen: false });
    expect(first.self.id).not.toBe(a.id);
    expect(first.resume).toEqual(expect.any(String));
    expect(first.iceServers).toEqual([]);

    const arrival = next(a, 'room:peer-joined');
    const second = await joined(b, 'standup', 'Bob'); // room names compare case-insensitively
    expect(second.peers).toEqual([first.self]);
    expect(await arrival).toEqual(second.self);

    const departure = next(a, 'room:peer-left');
    expect(await b.emitWithAck('room:leave', {})).toEqual({ ok: true });
    expect(await departure).toEqual({ id: second.self.id });
    expect(await b.emitWithAck('room:leave', {})).toMatchObject({
      ok: false,
      error: { code: 'not-in-room' },
    });
  });

  it('refuses a second join on the same connection', async () => {
    server = await startTestServer();
    const a = await server.client();
    await joined(a, 'one', 'Alice');
    expect(await a.emitWithAck('room:join', { room: 'two', name: 'Alice' })).toMatchObject({
      ok: false,
      error: { code: 'already-in-room' },
    });
  });

  it('says the room is full at MAX_PEERS and tells the others nothing', async () => {
    server = await startTestServer({ maxPeers: 2 });
    const [a, b, c] = [await server.client(), await server.client(), await server.client()];
    await joined(a, 'pair', 'A');
    await joined(b, 'pair', 'B');
    const seen = record(a, 'room:peer-joined');
    expect(await c.emitWithAck('room:join', { room: 'PAIR', name: 'C' })).toMatchObject({
      ok: false,
      error: { code: 'room-full' },
    });
    await settle(a);
    expect(seen).toEqual([]);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['a/b', 'slash'],
    ['x'.repeat(65), 'too long'],
    ['<script>', 'markup'],
  ])('refuses room name %j (%s) with invalid-room', async (room) => {
    server = await startTestServer();
    const a = await server.client();
    expect(await a.emitWithAck('room:join', { room, name: 'Alice' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-room' },
    });
  });

  it.each([
    ['', 'empty'],
    ['y'.repeat(33), 'too long'],
    ['evil\u202Etxt', 'bidi override'],
    ['bell\u0007', 'control character'],
  ])('refuses display name %j (%s) with invalid-name', async (name) => {
    server = await startTestServer();
    const a = await server.client();
    expect(await a.emitWithAck('room:join', { room: 'ok', name })).toMatchObject({
      ok: false,
      error: { code: 'invalid-name' },
    });
  });

  it('accepts Hangul room and display names', async () => {
    server = await startTestServer();
    const a = await server.client();
    const res = await joined(a, '  회의실 ', '민지');
    expect(res.self.name).toBe('민지');
  });

  it('refuses a client speaking another protocol version', async () => {
    server = await startTestServer();
    const socket = connect(server.url, {
      transports: ['websocket'],
      auth: { protocol: 2 },
      reconnection: false,
    });
    const err = await new Promise<Error & { data?: { code?: string } }>((resolve) =>
      socket.once('connect_error', resolve),
    );
    expect(err.data?.code).toBe('unsupported-protocol');
    socket.disconnect();
  });
});

describe('relaying signals', () => {
  it('delivers descriptions and candidates to the named peer of the same room, with the sender id', async () => {
    server = await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    const bob = await joined(b, 'room', 'Bob');

    const offer = next(a, 'signal');
    expect(await b.emitWithAck('signal', { to: alice.self.id, description: OFFER })).toEqual({
      ok: true,
    });
    expect(await offer).toEqual({ from: bob.self.id, description: OFFER });

    const candidate = {
      candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    const gotCandidate = next(b, 'signal');
    expect(await a.emitWithAck('signal', { to: bob.self.id, candidate })).toEqual({ ok: true });
    expect(await gotCandidate).toEqual({ from: alice.self.id, candidate });

    const end = next(b, 'signal');
    await a.emitWithAck('signal', { to: bob.self.id, candidate: null });
    expect(await end).toEqual({ from: alice.self.id, candidate: null });
  });

  it('answers unknown-peer for a PeerId of another room and delivers nothing', async () => {
    server = await startTestServer();
    const [x1, x2, y1] = [await server.client(), await server.client(), await server.client()];
    await joined(x1, 'room-x', 'X1');
    await joined(x2, 'room-x', 'X2');
    const victim = await joined(y1, 'room-y', 'Y1');
    const seenY = record(y1, 'signal');
    const seenX = record(x2, 'signal');

    expect(
      await x1.emitWithAck('signal', { to: victim.self.id, description: OFFER }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unknown-peer' },
    });
    expect(
      await x1.emitWithAck('signal', { to: y1.id ?? 'socket-id', description: OFFER }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unknown-peer' },
    });
    await settle(y1);
    await settle(x2);
    expect(seenY).toEqual([]);
    expect(seenX).toEqual([]);
  });

  it('answers not-in-room to a connection that joined no room', async () => {
    server = await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    const bob = await joined(b, 'room', 'Bob');
    const seen = record(b, 'signal');
    expect(await a.emitWithAck('signal', { to: bob.self.id, description: OFFER })).toMatchObject({
      ok: false,
      error: { code: 'not-in-room' },
    });
    expect(await a.emitWithAck('peer:update', { audio: false })).toMatchObject({
      ok: false,
      error: { code: 'not-in-room' },
    });
    await settle(b);
    expect(seen).toEqual([]);
  });

  it('refuses malformed payloads with invalid-payload and relays them to no one', async () => {
    server = await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'room', 'A');
    const bob = await joined(b, 'room', 'B');
    const seen = record(b, 'signal');
    const to = bob.self.id;
    const bad: unknown[] = [
      { to, description: OFFER, candidate: null }, // both
      { to }, // neither
      { to, description: { type: 'pranswer', sdp: 'x' } },
      { to, description: { type: 'offer', sdp: 42 } },
      { to: 42, description: OFFER },
      { to, candidate: { candidate: 'x'.repeat(5000) } },
      { to, description: { type: 'offer', sdp: 'x'.repeat(63 * 1024) } },
      'a string',
      null,
      [to, OFFER],
    ];
    const untyped = a as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<unknown>;
    };
    for (const payload of bad) {
      expect(await untyped.emitWithAck('signal', payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
    for (const payload of [{ room: 7, name: 'x' }, { name: 'x' }, null]) {
      expect(await untyped.emitWithAck('room:join', payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
    expect(await untyped.emitWithAck('peer:update', { audio: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    // No acknowledgement callback at all must not hurt the server.
    (a as unknown as { emit(event: string, payload: unknown): void }).emit('signal', {
      to,
      description: OFFER,
    });
    await settle(b);
    expect(seen).toHaveLength(1);
    expect(seen.every((m) => m.description?.sdp === OFFER.sdp)).toBe(true);
  });

  it('broadcasts peer:update to the rest of the room', async () => {
    server = await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const update = next(b, 'peer:updated');
    const changed = { ...alice.self, audio: false, screen: true };
    expect(await a.emitWithAck('peer:update', { audio: false, screen: true })).toEqual({
      ok: true,
      self: changed,
    });
    expect(await update).toEqual(changed);
  });
});

describe('resume', () => {
  it('keeps the PeerId across a dropped connection and does not tell the others', async () => {
    server = await startTestServer({ graceMs: 5000 });
    const [a, b] = [await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const left = record(b, 'room:peer-left');
    const arrived = record(b, 'room:peer-joined');

    a.io.engine.close(); // the network drops, the client did not say goodbye
    const again = await server.client();
    const back = await joined(again, 'room', 'Alice', alice.resume);
    expect(back.self.id).toBe(alice.self.id);
    expect(back.peers.map((p) => p.name)).toEqual(['Bob']);
    await settle(b);
    expect(left).toEqual([]);
    expect(arrived).toEqual([]);
  });

  it('reports a peer that does not come back within the grace period as left', async () => {
    server = await startTestServer({ graceMs: 200 });
    const [a, b] = [await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const departure = next(b, 'room:peer-left');
    a.io.engine.close();
    expect(await departure).toEqual({ id: alice.self.id });
  });

  it('ignores a forged or foreign-room token and gives a fresh PeerId', async () => {
    server = await startTestServer();
    const [a, b, c] = [await server.client(), await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    const forged = await joined(b, 'room', 'Mallory', `${alice.resume.split('.')[0] ?? ''}.AAAA`);
    expect(forged.self.id).not.toBe(alice.self.id);
    const elsewhere = await joined(c, 'other', 'Alice', alice.resume);
    expect(elsewhere.self.id).not.toBe(alice.self.id);
  });
});
