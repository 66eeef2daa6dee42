/**
 * SFU rooms across signaling nodes (REDIS_URL with SFU_URL): two nodes on one real Redis and
 * one real Janus, members of one room on either node. The room's home node holds its Janus
 * videoroom; the other forwards its members' requests there (sfuRouter.ts).
 */
import Janode from 'janode';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startScaleOutNode } from '../scaleOutTesting.ts';
import type { ScaleOutNode } from '../scaleOutTesting.ts';
import { startRedisServer } from '../redisTesting.ts';
import type { RedisServer } from '../redisTesting.ts';
import { joined } from '../testing.ts';
import type { TestClient } from '../testing.ts';
import { startJanusInNamespace } from './janusNamespace.ts';
import type { JanusServer } from './janusProcess.ts';
import { connected, inspect, publish, receive, startSfuServer } from './sfuTesting.ts';
import type { JanusInspector } from './sfuTesting.ts';
import { names, offerWhere } from './sfuSuite.ts';

Janode.Logger.setLevel('none');

const GRACE_MS = 300;

type Node = ScaleOutNode;

let redisServer: RedisServer;
let janus: JanusServer;
let inspector: JanusInspector;
let nodes: Node[] = [];
const connections: { close(): void }[] = [];
let prefixes = 0;

beforeAll(async () => {
  redisServer = await startRedisServer();
  janus = await startJanusInNamespace();
  inspector = await inspect(janus);
});
afterEach(async () => {
  for (const pc of connections.splice(0)) pc.close();
  for (const node of nodes) await node.kill();
  nodes = [];
});
afterAll(async () => {
  await inspector.close();
  await janus.stop();
  await redisServer.stop();
});

/** Two SFU nodes on one Redis, under a key prefix of their own. */
async function startCluster(): Promise<[Node, Node]> {
  const prefix = `sfu-scale-${++prefixes}`;
  const start = async (): Promise<Node> => {
    const node = await startScaleOutNode(redisServer.url, prefix, GRACE_MS, (options) =>
      startSfuServer(janus, { ...options, resumeSecret: 'shared-resume-secret-of-all-nodes' }),
    );
    nodes.push(node);
    return node;
  };
  return [await start(), await start()];
}

async function member(node: Node, room: string, name: string) {
  const client: TestClient = await node.server.client();
  const res = await joined(client, room, name);
  expect(res.media).toBe('sfu');
  return { client, id: res.self.id, resume: res.resume };
}

const track = <T extends { pc: { close(): void } }>(it: T): T => {
  connections.push(it.pc);
  return it;
};

describe('SFU rooms on several nodes', () => {
  it('puts members on either node in one Janus room: each publishes and receives the other', async () => {
    const [one, two] = await startCluster();
    const alice = await member(one, 'studio', 'Alice');
    const bob = await member(two, 'studio', 'Bob');
    const toAlice = track(receive(alice.client));
    const toBob = track(receive(bob.client));
    track(await publish(alice.client));
    track(await publish(bob.client));

    const forAlice = await offerWhere(toAlice, (s) => names(s, bob.id).length === 2);
    expect(names(forAlice.streams, bob.id)).toEqual(['audio:camera', 'video:camera']);
    await offerWhere(toBob, (s) => names(s, alice.id).length === 2);
    await connected(toAlice.pc);
    await connected(toBob.pc);
    // One videoroom for the room, held by the node the first member joined.
    expect(await inspector.rooms()).toHaveLength(1);
    expect(one.server.signal.sfu?.stats().rooms).toBe(1);
    expect(two.server.signal.sfu?.stats().rooms).toBe(0);
  });

  it('gives the videoroom up when the last member leaves, whichever node it was on', async () => {
    const [one, two] = await startCluster();
    const alice = await member(one, 'studio', 'Alice');
    const bob = await member(two, 'studio', 'Bob');
    track(await publish(bob.client));
    expect(await inspector.rooms()).toHaveLength(1);
    await alice.client.emitWithAck('room:leave', {});
    expect(await inspector.rooms()).toHaveLength(1);
    await bob.client.emitWithAck('room:leave', {});
    await vi.waitFor(async () => expect(await inspector.rooms()).toHaveLength(0), {
      timeout: 5000,
    });
    expect(await one.redis.options.sfuHomes.home('studio')).toBeNull();
    // And the room starts over, as a new one, on the next join.
    const carol = await member(two, 'studio', 'Carol');
    track(await publish(carol.client));
    expect(two.server.signal.sfu?.stats().rooms).toBe(1);
  });

  it('moves a room whose home node stopped: its members resume on a live node and publish there', async () => {
    const [one, two] = await startCluster();
    await member(one, 'studio', 'Alice');
    const bob = await member(two, 'studio', 'Bob');
    const bobPublishing = track(await publish(bob.client));
    await one.kill();
    // Once the stopped node's liveness key is gone, Bob's next request finds the room's home
    // silent and gone: the room moves here, and Bob is told to come back.
    const homes = two.redis.options.sfuHomes;
    await vi.waitFor(async () => expect(await homes.alive(homes.self)).toBe(true));
    const disconnected = new Promise((resolve) => bob.client.once('disconnect', resolve));
    await vi.waitFor(
      async () => {
        const offer = bobPublishing.pc.localDescription;
        const res = await bob.client.emitWithAck('sfu:publish', {
          description: { type: 'offer', sdp: offer?.sdp ?? '' },
          screenMid: null,
        });
        expect(res.ok ? 'ok' : res.error.code).toBe('sfu-unavailable');
        expect(await homes.home('studio')).toBe(homes.self);
      },
      { timeout: 5000, interval: 200 },
    );
    await disconnected;
    const back = await two.server.client();
    const res = await joined(back, 'studio', 'Bob', bob.resume);
    expect(res.self.id).toBe(bob.id);
    const toBob = track(receive(back));
    track(await publish(back));
    expect(two.server.signal.sfu?.stats()).toMatchObject({ rooms: 1, publishers: 1 });
    expect(toBob.offers).toEqual([]);
  });
});
