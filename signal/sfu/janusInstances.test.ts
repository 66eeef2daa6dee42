/**
 * Several Janus instances behind one signaling server: new rooms go to the least loaded one,
 * and the rooms of an instance that is lost move to another when their members resume. Real
 * Janus instances (each in a namespace of its own), real Socket.IO clients, real WebRTC
 * endpoints (sfuTesting.ts).
 */
import { randomBytes } from 'node:crypto';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import Janode from 'janode';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { joined, settle } from '../testing.ts';
import type { TestClient, TestServer } from '../testing.ts';
import type { JoinResult, PeerId } from '../protocol.ts';
import { startJanusInNamespace } from './janusNamespace.ts';
import type { JanusServer } from './janusProcess.ts';
import { connected, inspect, publish, receive, startSfuServer } from './sfuTesting.ts';
import type { JanusInspector } from './sfuTesting.ts';

Janode.Logger.setLevel('none');

// One SFU_SECRET and SFU_ADMIN_KEY for every instance, as in a deployment.
const secrets = {
  apiSecret: randomBytes(18).toString('base64url'),
  adminKey: randomBytes(18).toString('base64url'),
};
interface Pair {
  janus: [JanusServer, JanusServer];
  /** What each holds. */
  look: [JanusInspector, JanusInspector];
}

async function startPair(): Promise<Pair> {
  const janus = await Promise.all([startJanusInNamespace(secrets), startJanusInNamespace(secrets)]);
  try {
    return { janus, look: await Promise.all([inspect(janus[0]), inspect(janus[1])]) };
  } catch (err) {
    await Promise.all(janus.map((j) => j.stop()));
    throw err;
  }
}

async function stopPair({ janus, look }: Pair): Promise<void> {
  await Promise.all(look.map((i) => i.close()));
  await Promise.all(janus.map((j) => j.stop()));
}

/** Two instances that live through the whole file (a test that kills one starts its own). */
let pair: Pair;
let server: TestServer;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  pair = await startPair();
});
afterEach(async () => {
  await server.close();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await stopPair(pair);
});

/** Which instances the server is connected to, by position. */
const up = () => server.signal.sfu?.stats().instances.map((i) => i.up);

async function member(room: string, name: string): Promise<[TestClient, JoinResult]> {
  const client = await server.client();
  return [client, await joined(client, room, name)];
}

/** The number of SFU rooms the server placed on each instance, by position. */
const placed = () => server.signal.sfu?.stats().instances.map((i) => i.rooms);

const disconnected = (client: TestClient) =>
  new Promise<void>((resolve) => client.once('disconnect', () => resolve()));

describe('placing rooms', () => {
  it('puts each new room on the instance with the fewest publishers, then the fewest rooms', async () => {
    server = await startSfuServer(pair.janus);
    await vi.waitFor(() => expect(up()).toEqual([true, true]));
    const [alice] = await member('one', 'Alice');
    await member('two', 'Bob');
    // No publishers anywhere: the fewest rooms decides (the first listed on a tie).
    expect(placed()).toEqual([1, 1]);
    const [first, second] = pair.look;
    expect(await first.rooms()).toHaveLength(1);
    expect(await second.rooms()).toHaveLength(1);

    await publish(alice).then(({ pc }) => cleanups.push(() => pc.close()));
    // The first instance has a publisher: new rooms go to the second however many it holds.
    await member('three', 'Carol');
    await member('four', 'Dave');
    expect(placed()).toEqual([1, 3]);
    // A room stays where it is.
    await member('one', 'Erin');
    expect(placed()).toEqual([1, 3]);
    expect(await first.rooms()).toHaveLength(1);
    expect(await second.rooms()).toHaveLength(3);

    const metrics = await server.signal.metrics.registry.metrics();
    expect(metrics).toMatch(/^room_call_sfu_rooms 4$/m);
    expect(metrics).toMatch(/^room_call_sfu_janus_rooms\{janus="0"\} 1$/m);
    expect(metrics).toMatch(/^room_call_sfu_janus_rooms\{janus="1"\} 3$/m);
    expect(metrics).toMatch(/^room_call_sfu_janus_publishers\{janus="0"\} 1$/m);
    expect(metrics).toMatch(/^room_call_sfu_janus_publishers\{janus="1"\} 0$/m);
    expect(metrics).toMatch(/^room_call_sfu_janus_up\{janus="1"\} 1$/m);
    expect(metrics).not.toContain(pair.janus[0].wsUrl.replace(/^ws:\/\//, ''));
  });
});

describe('losing an instance', () => {
  it("moves its rooms, and only those, to the other: the members resume there and see each other's media", async () => {
    const own = await startPair();
    cleanups.push(() => stopPair(own));
    const [doomed, survivor] = own.janus;
    const [doomedLook, survivorLook] = own.look;
    server = await startSfuServer([doomed, survivor]);
    await vi.waitFor(() => expect(up()).toEqual([true, true]));
    const [a, aliceJoin] = await member('studio', 'Alice');
    const [b, bobJoin] = await member('studio', 'Bob');
    const [c] = await member('other', 'Carol');
    expect(await doomedLook.rooms()).toHaveLength(1);
    const [otherRoom] = await survivorLook.rooms();
    for (const client of [a, b]) {
      await publish(client).then(({ pc }) => cleanups.push(() => pc.close()));
    }

    let carolDropped = false;
    c.once('disconnect', () => (carolDropped = true));
    const dropped = Promise.all([a, b].map(disconnected));
    const killedAt = Date.now();
    doomed.process.kill('SIGKILL');
    await dropped;
    // About 5 ms here: the websocket to Janus closes with its process.
    expect(Date.now() - killedAt).toBeLessThan(2000);
    await settle(c);
    expect(carolDropped).toBe(false);
    expect(up()).toEqual([false, true]);
    await expect(server.signal.sfu?.ready()).resolves.toBeUndefined();

    // They resume (same PeerIds): the first back recreates the room on the live instance.
    const resumed: [TestClient, PeerId][] = [];
    for (const [name, join] of [
      ['Alice', aliceJoin],
      ['Bob', bobJoin],
    ] as const) {
      const client = await server.client();
      const again = await joined(client, 'studio', name, join.resume);
      expect(again.self.id).toBe(join.self.id);
      expect(again.media).toBe('sfu');
      resumed.push([client, again.self.id]);
    }
    expect(placed()).toEqual([0, 2]);
    const now = await survivorLook.rooms();
    expect(now).toHaveLength(2);
    expect(now).toContain(otherRoom);

    // Both publish from new connections and receive each other in a new sfu:offer.
    const [[a2, alice], [b2, bob]] = resumed as [[TestClient, PeerId], [TestClient, PeerId]];
    const toAlice = receive(a2);
    const toBob = receive(b2);
    cleanups.push(
      () => toAlice.pc.close(),
      () => toBob.pc.close(),
    );
    for (const client of [a2, b2]) {
      await publish(client).then(({ pc }) => cleanups.push(() => pc.close()));
    }
    const sees = (offers: typeof toAlice.offers, peer: PeerId) =>
      offers.some((o) => o.streams.filter((s) => s.peer === peer).length === 2);
    await vi.waitFor(() => expect(sees(toAlice.offers, bob)).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(sees(toBob.offers, alice)).toBe(true), { timeout: 10_000 });
    await connected(toAlice.pc);
    await connected(toBob.pc);

    // With both instances gone, nothing is ready and joins are refused.
    const droppedAll = Promise.all([a2, b2, c].map(disconnected));
    await survivor.stop();
    await droppedAll;
    await expect(server.signal.sfu?.ready()).rejects.toThrow(
      /^no janus is answering \(#0 not reachable, #1 not reachable\)$/,
    );
    const late = await server.client();
    expect(await late.emitWithAck('room:join', { room: 'new', name: 'Dan' })).toMatchObject({
      ok: false,
      error: { code: 'sfu-unavailable' },
    });
  });

  it('gives new rooms to an instance once it is back, and destroys the rooms left on it', async () => {
    // A relay to the first instance that can cut its connections and refuse new ones.
    const [first, second] = pair.look;
    const target = new URL(pair.janus[0].wsUrl);
    const piped: Socket[] = [];
    let blocked = false;
    const relay = createServer((socket) => {
      socket.on('error', () => undefined);
      if (blocked) {
        socket.destroy();
        return;
      }
      const upstream = createConnection(Number(target.port), target.hostname);
      upstream.on('error', () => undefined);
      socket.pipe(upstream).pipe(socket);
      piped.push(socket, upstream);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => relay.close());
    cleanups.push(() => piped.forEach((socket) => socket.destroy()));
    const relayed = {
      ...pair.janus[0],
      wsUrl: `ws://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    };

    server = await startSfuServer([relayed, pair.janus[1]]);
    await vi.waitFor(() => expect(up()).toEqual([true, true]));
    const [a, aliceJoin] = await member('studio', 'Alice');
    const [before] = await first.rooms();
    expect(before).toBeDefined();

    // The first instance lives on, but the server loses it (and cannot reach it for a while).
    blocked = true;
    const dropped = disconnected(a);
    for (const socket of piped.splice(0)) socket.destroy();
    await dropped;
    const again = await joined(await server.client(), 'studio', 'Alice', aliceJoin.resume);
    expect(again.self.id).toBe(aliceJoin.self.id);
    expect(placed()).toEqual([0, 1]);
    expect(await second.rooms()).toHaveLength(1);
    // The old room is still on the first instance: nobody can reach it to destroy it.
    expect(await first.rooms()).toEqual([before]);

    blocked = false;
    await vi.waitFor(() => expect(up()).toEqual([true, true]), { timeout: 10_000 });
    // Back: the room left on it goes, and it takes the next new room (it holds fewer).
    await vi.waitFor(async () => expect(await first.rooms()).toEqual([]));
    await member('fresh', 'Bob');
    expect(placed()).toEqual([1, 1]);
    const [fresh] = await first.rooms();
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(before);
  });
});
