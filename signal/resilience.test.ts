import { afterEach, describe, expect, it } from 'vitest';
import { next, record, settle, startTestServer, joined } from './testing.ts';
import type { TestServer } from './testing.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** Polls a condition; the test fails with `what` if it does not hold within the time. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 3000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a restarted server', () => {
  it('honours tokens it issued before: same PeerIds, and the room is rebuilt as peers resume', async () => {
    const resumeSecret = 'a-secret-that-survives-restarts';
    const before = await start({ resumeSecret });
    const [a, b] = [await before.client(), await before.client()];
    const alice = await joined(a, 'room', 'Alice');
    const bob = await joined(b, 'room', 'Bob');
    await servers.splice(0)[0]?.close(); // every connection drops, all state is gone

    const after = await start({ resumeSecret });
    const [a2, b2] = [await after.client(), await after.client()];
    const aliceBack = await joined(a2, 'room', 'Alice', alice.resume);
    expect(aliceBack.self.id).toBe(alice.self.id);
    // The first one back finds the room empty: it must keep its connection to Bob anyway.
    expect(aliceBack.peers).toEqual([]);

    const arrival = next(a2, 'room:peer-joined');
    const bobBack = await joined(b2, 'room', 'Bob', bob.resume);
    expect(bobBack.self.id).toBe(bob.self.id);
    expect(bobBack.peers.map((p) => p.id)).toEqual([alice.self.id]);
    expect((await arrival).id).toBe(bob.self.id);
  });

  it('gives a fresh PeerId when the secret changed', async () => {
    const before = await start({ resumeSecret: 'first-secret-xxxxxxxx' });
    const alice = await joined(await before.client(), 'room', 'Alice');
    const after = await start({ resumeSecret: 'second-secret-xxxxxxx' });
    const back = await joined(await after.client(), 'room', 'Alice', alice.resume);
    expect(back.self.id).not.toBe(alice.self.id);
  });
});

describe('leaving and vanishing', () => {
  it('a peer that vanishes is reported left after the grace period and leaves nothing behind', async () => {
    const server = await start({ graceMs: 300 });
    const [a, b] = [await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const departure = next(b, 'room:peer-left');
    const droppedAt = Date.now();
    a.io.engine.close();
    await eventually(
      async () => (await server.signal.stats()).pendingDepartures === 1,
      'grace timer started',
    );
    expect(await departure).toEqual({ id: alice.self.id });
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(250);
    expect(await server.signal.stats()).toMatchObject({ rooms: 1, pendingDepartures: 0 });

    b.disconnect(); // the client said goodbye: no grace period
    await eventually(async () => (await server.signal.stats()).rooms === 0, 'room emptied');
    expect(await server.signal.stats()).toEqual({
      rooms: 0,
      pendingDepartures: 0,
      connections: 0,
    });
  });

  it('a resume on a new connection retires the old one without a grace timer or a departure', async () => {
    const server = await start({ graceMs: 200 });
    const [a, b] = [await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const left = record(b, 'room:peer-left');
    const arrived = record(b, 'room:peer-joined');
    const retired = new Promise<string>((resolve) => a.once('disconnect', resolve));

    // The old connection is still open (a half-dead network): the new one takes over.
    const again = await server.client();
    const back = await joined(again, 'room', 'Alice', alice.resume);
    expect(back.self.id).toBe(alice.self.id);
    expect(await retired).toBe('io server disconnect');
    await settle(again);
    expect((await server.signal.stats()).pendingDepartures).toBe(0);

    // Still there well after the grace period of the retired connection.
    await new Promise((r) => setTimeout(r, 400));
    await settle(b);
    expect(left).toEqual([]);
    expect(arrived).toEqual([]);
    const peers = await joined(await server.client(), 'room', 'Carol');
    expect(peers.peers.map((p) => p.name).sort()).toEqual(['Alice', 'Bob']);
  });

  it('a resume within the grace period cancels the departure', async () => {
    const server = await start({ graceMs: 300 });
    const [a, b] = [await server.client(), await server.client()];
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const left = record(b, 'room:peer-left');
    a.io.engine.close();
    await eventually(
      async () => (await server.signal.stats()).pendingDepartures === 1,
      'grace timer started',
    );
    await joined(await server.client(), 'room', 'Alice', alice.resume);
    expect((await server.signal.stats()).pendingDepartures).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    await settle(b);
    expect(left).toEqual([]);
  });
});
