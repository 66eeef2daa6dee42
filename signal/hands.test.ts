/**
 * Raised hands over real Socket.IO clients: `peer:update { hand }` is kept in the room registry
 * as the server time it went up, relayed inside the room only, kept across a resume, listed in a
 * newcomer's join ack, and gone with its owner.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { joined, next, record, settle, startTestServer } from './testing.ts';
import type { TestServer } from './testing.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(): Promise<TestServer> {
  const server = await startTestServer({ graceMs: 5000 });
  servers.push(server);
  return server;
}

describe('raised hands', () => {
  it('relays a raise inside the room only, stamped with the server time', async () => {
    const server = await start();
    const [a, b, elsewhere] = [await server.client(), await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    await joined(elsewhere, 'other room', 'Carol');
    const strayUpdates = record(elsewhere, 'peer:updated');
    const ownUpdates = record(a, 'peer:updated');
    expect(alice.self.hand).toBeNull();

    const seen = next(b, 'peer:updated');
    const before = Date.now();
    const ack = await a.emitWithAck('peer:update', { hand: true });
    const update = await seen;
    expect(update.id).toBe(alice.self.id);
    expect(update.hand).toBeGreaterThanOrEqual(before);
    expect(update.hand).toBeLessThanOrEqual(Date.now());
    // The sender learns its own server time from the ack (it is not sent the update).
    expect(ack).toEqual({ ok: true, self: update });

    await settle(elsewhere);
    await settle(a);
    expect(strayUpdates).toEqual([]);
    expect(ownUpdates).toEqual([]);
  });

  it('keeps the first time when raised again, and lowers to null', async () => {
    const server = await start();
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const first = await a.emitWithAck('peer:update', { hand: true });
    const again = await a.emitWithAck('peer:update', { hand: true });
    if (!first.ok || !again.ok) throw new Error('update refused');
    expect(again.self?.hand).toBe(first.self?.hand);

    const lowered = next(b, 'peer:updated');
    await a.emitWithAck('peer:update', { hand: false });
    expect((await lowered).hand).toBeNull();
  });

  it("lists raised hands in a newcomer's join ack, in the order they went up", async () => {
    const server = await start();
    const [a, b, c] = [await server.client(), await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    const bob = await joined(b, 'room', 'Bob');
    await b.emitWithAck('peer:update', { hand: true });
    await a.emitWithAck('peer:update', { hand: true });
    const carol = await joined(c, 'room', 'Carol');
    const hands = Object.fromEntries(carol.peers.map((p) => [p.id, p.hand]));
    expect(hands[bob.self.id]).toEqual(expect.any(Number));
    expect(hands[alice.self.id]).toBeGreaterThanOrEqual(hands[bob.self.id] ?? Infinity);
  });

  it('keeps a raised hand across a resume on a new connection', async () => {
    const server = await start();
    const [a, b] = [await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const raised = await a.emitWithAck('peer:update', { hand: true });
    if (!raised.ok) throw new Error('update refused');
    const left = record(b, 'room:peer-left');

    a.io.engine.close();
    const back = await joined(await server.client(), 'room', 'Alice', alice.resume);
    expect(back.self.id).toBe(alice.self.id);
    expect(back.self.hand).toBe(raised.self?.hand);
    const newcomer = await joined(await server.client(), 'room', 'Dan');
    expect(newcomer.peers.find((p) => p.id === alice.self.id)?.hand).toBe(raised.self?.hand);
    await settle(b);
    expect(left).toEqual([]);
  });

  it('clears the hand when its owner leaves', async () => {
    const server = await start();
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    await a.emitWithAck('peer:update', { hand: true });
    const departure = next(b, 'room:peer-left');
    expect(await a.emitWithAck('room:leave', {})).toEqual({ ok: true });
    await departure;
    const again = await joined(a, 'room', 'Alice');
    expect(again.self.hand).toBeNull();
    const carol = await joined(await server.client(), 'room', 'Carol');
    expect(carol.peers.map((p) => p.hand)).toEqual([null, null]);
  });

  it('refuses a hand that is not a boolean, and an update outside a room', async () => {
    const server = await start();
    const [a, b, lone] = [await server.client(), await server.client(), await server.client()];
    await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const updates = record(b, 'peer:updated');
    for (const hand of ['yes', 1, null, { up: true }]) {
      const res = await a.emitWithAck('peer:update', { hand } as never);
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
    expect(await lone.emitWithAck('peer:update', { hand: true })).toMatchObject({
      ok: false,
      error: { code: 'not-in-room' },
    });
    await settle(b);
    expect(updates).toEqual([]);
  });
});
