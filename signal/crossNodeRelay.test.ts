/**
 * The short way for relays between nodes, on a real redis-server and a real Socket.IO server:
 * delivered to the named connection only, and sent through the adapter to the peer's room when
 * that connection is gone or no node listens on the named node's channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { crossNodeRelay } from './crossNodeRelay.ts';
import type { CrossNodeRelay } from './crossNodeRelay.ts';
import { ioRoom } from './context.ts';
import type { SignalMessage } from './protocol.ts';
import { startRedisServer } from './redisTesting.ts';
import type { RedisServer } from './redisTesting.ts';
import { joined, next, record, settle, startTestServer } from './testing.ts';
import type { TestServer } from './testing.ts';

const PREFIX = 'cross-node-test';
const candidate = (from: string): SignalMessage => ({ from, candidate: null });

let redisServer: RedisServer;
/** Every Redis connection the test opened, closed after it. */
const connections: { close(): Promise<unknown> }[] = [];
let sender: CrossNodeRelay;
let server: TestServer;

/** A relay with connections of its own, as each node has. */
async function relayOf(nodeId: string): Promise<CrossNodeRelay> {
  const pub = createClient({ url: redisServer.url });
  const sub = pub.duplicate();
  connections.push(pub, sub);
  await Promise.all([pub.connect(), sub.connect()]);
  return crossNodeRelay(pub, sub, PREFIX, nodeId);
}

beforeAll(async () => {
  redisServer = await startRedisServer();
  sender = await relayOf('node-a');
  // Node B's server: what comes on node B's channel goes to its connections.
  server = await startTestServer({ crossNode: await relayOf('node-b') });
  // The sending node's own server is the same one here: its fallback emits through its adapter.
  sender.attach(server.signal.io);
});

afterAll(async () => {
  await server.close();
  await Promise.allSettled(connections.map((c) => c.close()));
  await redisServer.stop();
});

describe('crossNodeRelay', () => {
  it('delivers a signal to the named connection on the named node, and to no one else', async () => {
    const bob = await server.client();
    const carol = await server.client();
    const toCarol = record(carol, 'signal');
    const arrival = next(bob, 'signal');
    sender.signal('node-b', bob.id ?? '', candidate('alice'), 'peer:unused');
    expect(await arrival).toEqual(candidate('alice'));
    await settle(carol);
    expect(toCarol).toEqual([]);
  });

  it("sends a signal for a connection that is gone to the peer's room, and drops it when none is there", async () => {
    const bob = await server.client();
    const { self } = await joined(bob, 'moved-room', 'Bob');
    const seen = record(bob, 'signal');
    // Bob's peer resumed on this connection after the sender looked up an older one.
    sender.signal('node-b', 'connection-gone', candidate('moved'), ioRoom.peer(self.id));
    sender.signal('node-b', 'connection-gone', candidate('nobody'), 'peer:left-for-good');
    const arrival = next(bob, 'signal');
    sender.signal('node-b', bob.id ?? '', candidate('kept'), 'peer:unused');
    await arrival;
    await settle(bob);
    expect(seen).toEqual([candidate('moved'), candidate('kept')]);
  });

  it('sends through the adapter, to the fallback room, when no node listens on that channel', async () => {
    const bob = await server.client();
    const { self } = await joined(bob, 'fallback-room', 'Bob');
    const seen = record(bob, 'signal');
    for (const from of ['first', 'second', 'third']) {
      sender.signal(
        'node-of-an-older-version',
        bob.id ?? '',
        candidate(from),
        ioRoom.peer(self.id),
      );
    }
    await expect.poll(() => seen.length).toBe(3);
    expect(seen).toEqual(['first', 'second', 'third'].map(candidate));
  });
});
