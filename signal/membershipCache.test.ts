/**
 * The per-node membership cache that spares a relay between nodes its Redis lookup: unit rules,
 * then two real nodes on one real redis-server, where a leave or a resume on one node must be
 * seen by the other's cache.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MembershipCache } from './membershipCache.ts';
import { RedisRoomRegistry } from './redisRoomRegistry.ts';
import { twoNodeClusters } from './scaleOutTesting.ts';
import type { ScaleOutNode } from './scaleOutTesting.ts';
import { joined, next } from './testing.ts';
import type { TestClient } from './testing.ts';
import type { Member } from './roomRegistry.ts';

const member = (id: string, owner = `socket-of-${id}`): Member => ({
  id,
  name: id,
  audio: true,
  video: true,
  screen: false,
  owner,
});

describe('MembershipCache', () => {
  it('keeps what a lookup found until the member is forgotten or its time is up', () => {
    const cache = new MembershipCache(1000);
    cache.remember('room', member('bob'), cache.version, 0);
    expect(cache.get('room', 'bob', 999)).toMatchObject({ id: 'bob' });
    expect(cache.get('other room', 'bob', 999)).toBeUndefined();
    expect(cache.get('room', 'bob', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);

    cache.remember('room', member('bob'), cache.version, 0);
    cache.forget('room', 'bob');
    expect(cache.get('room', 'bob', 1)).toBeUndefined();
  });

  it('keeps nothing from a lookup that was under way when something was forgotten', () => {
    const cache = new MembershipCache();
    const version = cache.version;
    cache.forget('room', 'bob'); // the leave's notice arrives before the lookup's answer
    cache.remember('room', member('bob'), version, 0);
    expect(cache.get('room', 'bob', 1)).toBeUndefined();
  });

  it('stays within its bound', () => {
    const cache = new MembershipCache(1000, 3);
    for (const id of ['a', 'b', 'c', 'd']) cache.remember('room', member(id), cache.version, 0);
    expect(cache.size).toBeLessThanOrEqual(3);
  });
});

const GRACE_MS = 300;
const startCluster = twoNodeClusters(
  { beforeAll, afterAll, afterEach },
  'cache-test',
  GRACE_MS,
  () => ({
    resumeSecret: 'cache-test-secret',
  }),
);

const cacheOf = (node: ScaleOutNode): RedisRoomRegistry => {
  const { registry } = node.redis.options;
  if (!(registry instanceof RedisRoomRegistry)) throw new Error('not the Redis registry');
  return registry;
};

const signalTo = (from: TestClient, to: string) =>
  from.emitWithAck('signal', { to, candidate: { candidate: '', sdpMid: '0' } });

describe('relays between two nodes', () => {
  it('refuses a relay to a peer that left on the other node, once that node says so', async () => {
    const [nodeA, nodeB] = await startCluster();
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();
    await joined(a, 'room', 'Alice');
    const bob = await joined(b, 'room', 'Bob');

    const arrives = next(b, 'signal');
    expect(await signalTo(a, bob.self.id)).toEqual({ ok: true });
    await arrives;
    expect(cacheOf(nodeA).cachedMembers).toBe(1); // node A now relays to Bob without Redis

    expect(await b.emitWithAck('room:leave', {})).toEqual({ ok: true });
    await expect
      .poll(async () => {
        const res = await signalTo(a, bob.self.id);
        return res.ok ? 'ok' : res.error.code;
      })
      .toBe('unknown-peer');
    expect(cacheOf(nodeA).cachedMembers).toBe(0);
  });

  it('reaches a peer that resumed on a new connection on the other node', async () => {
    const [nodeA, nodeB] = await startCluster();
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();
    await joined(a, 'room', 'Alice');
    const bob = await joined(b, 'room', 'Bob');
    expect(await signalTo(a, bob.self.id)).toEqual({ ok: true });

    b.io.engine.close(); // the network drops; Bob comes back through node A's neighbour
    const again = await nodeB.server.client();
    const back = await joined(again, 'room', 'Bob', bob.resume);
    expect(back.self.id).toBe(bob.self.id);
    // The resume moved Bob to a new connection: node A forgot the old one.
    await expect.poll(() => cacheOf(nodeA).cachedMembers).toBe(0);
    const arrives = next(again, 'signal');
    expect(await signalTo(a, bob.self.id)).toEqual({ ok: true });
    expect((await arrives).candidate).toEqual({ candidate: '', sdpMid: '0' });
  });
});
