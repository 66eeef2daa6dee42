/**
 * Reactions over real Socket.IO clients: `peer:react` relayed as `peer:reacted` to the whole room
 * (the sender included) and nobody else, only the fixed emoji set, at most
 * `Limits.reactionsPerWindow` per person per window; a refused one reaches nobody.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Limits, Reactions } from './protocol.ts';
import { joined, next, record, settle, startTestServer } from './testing.ts';
import type { TestServer } from './testing.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(): Promise<TestServer> {
  const server = await startTestServer();
  servers.push(server);
  return server;
}

describe('reactions', () => {
  it('relays a reaction to everyone in the room, the sender included, and no one else', async () => {
    const server = await start();
    const [a, b, elsewhere] = [await server.client(), await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    await joined(elsewhere, 'other', 'Carol');
    const stray = record(elsewhere, 'peer:reacted');
    const toBob = next(b, 'peer:reacted');
    const toAlice = next(a, 'peer:reacted');
    expect(await a.emitWithAck('peer:react', { emoji: '🎉' })).toEqual({ ok: true });
    expect(await toBob).toEqual({ id: alice.self.id, emoji: '🎉' });
    expect(await toAlice).toEqual({ id: alice.self.id, emoji: '🎉' });
    await settle(elsewhere);
    expect(stray).toEqual([]);
  });

  it('accepts each emoji of the set and refuses anything else as invalid-payload', async () => {
    const server = await start();
    const [a, b] = [await server.client(), await server.client()];
    await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const seen = record(b, 'peer:reacted');
    for (const emoji of ['🐍', '', '👍👍', 'thumbs up', 42, null]) {
      expect(await a.emitWithAck('peer:react', { emoji } as never)).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
    expect(await a.emitWithAck('peer:react', {} as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    await settle(b);
    expect(seen).toEqual([]);
    // Five of the six (the limit), each accepted.
    for (const emoji of Reactions.slice(0, Limits.reactionsPerWindow)) {
      expect(await a.emitWithAck('peer:react', { emoji })).toEqual({ ok: true });
    }
    await settle(b);
    expect(seen.map((r) => r.emoji)).toEqual(Reactions.slice(0, Limits.reactionsPerWindow));
  });

  it('refuses a reaction outside a room', async () => {
    const server = await start();
    const lone = await server.client();
    expect(await lone.emitWithAck('peer:react', { emoji: '👍' })).toMatchObject({
      ok: false,
      error: { code: 'not-in-room' },
    });
  });

  it('refuses the 6th reaction within 10 s as rate-limited, delivered to nobody', async () => {
    expect(Limits.reactionsPerWindow).toBe(5);
    expect(Limits.reactionWindowMs).toBe(10_000);
    const server = await start();
    const [a, b, c] = [await server.client(), await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    await joined(c, 'room', 'Carol');
    const [toAlice, toBob] = [record(a, 'peer:reacted'), record(b, 'peer:reacted')];
    const replies = [];
    for (let i = 0; i < 8; i += 1) replies.push(await a.emitWithAck('peer:react', { emoji: '👏' }));
    expect(replies.slice(0, 5)).toEqual(Array(5).fill({ ok: true }));
    for (const refused of replies.slice(5)) {
      expect(refused).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    }
    // Someone else's reactions are counted apart.
    expect(await c.emitWithAck('peer:react', { emoji: '😮' })).toEqual({ ok: true });
    await settle(a);
    await settle(b);
    const fromAlice = { id: alice.self.id, emoji: '👏' };
    expect(toBob.filter((r) => r.id === alice.self.id)).toEqual(Array(5).fill(fromAlice));
    expect(toAlice.filter((r) => r.id === alice.self.id)).toEqual(Array(5).fill(fromAlice));
    expect(toBob.filter((r) => r.emoji === '😮')).toHaveLength(1);
  });
});
