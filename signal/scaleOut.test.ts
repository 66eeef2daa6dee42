/**
 * Two signaling nodes sharing one real redis-server: membership, relaying and
 * resume must not depend on which node a participant is connected to.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { twoNodeClusters } from './scaleOutTesting.ts';
import { next, record, settle, joined, OFFER } from './testing.ts';

const GRACE_MS = 300;
const SECRET = 'shared-resume-secret-of-all-nodes';

/** Two nodes on one Redis, under a key prefix of their own (tests share the server). */
const cluster = twoNodeClusters(
  { beforeAll, afterAll, afterEach },
  'scale-test',
  GRACE_MS,
  ({ maxPeers = 4 }) => ({
    maxPeers,
    resumeSecret: SECRET,
  }),
);
const startCluster = (maxPeers?: number) => cluster(maxPeers === undefined ? {} : { maxPeers });

describe('two nodes on one Redis', () => {
  it('shares the room: joins, signals, updates and leaves reach the other node', async () => {
    const [nodeA, nodeB] = await startCluster();
    expect(await nodeA.redis.ready()).toBe(true);
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();

    const alice = await joined(a, 'Standup', 'Alice');
    const arrival = next(a, 'room:peer-joined');
    const bob = await joined(b, 'standup', 'Bob');
    expect(bob.peers).toEqual([alice.self]);
    expect(await arrival).toEqual(bob.self);
    expect(bob.self.id).not.toBe(alice.self.id);

    const offer = next(a, 'signal');
    expect(await b.emitWithAck('signal', { to: alice.self.id, description: OFFER })).toEqual({
      ok: true,
    });
    expect(await offer).toEqual({ from: bob.self.id, description: OFFER });
    const answer = next(b, 'signal');
    await a.emitWithAck('signal', { to: bob.self.id, candidate: null });
    expect(await answer).toEqual({ from: alice.self.id, candidate: null });

    const update = next(b, 'peer:updated');
    await a.emitWithAck('peer:update', { video: false });
    expect(await update).toEqual({ ...alice.self, video: false });

    expect(await nodeA.server.signal.registry.roomCount()).toBe(1);
    const departure = next(a, 'room:peer-left');
    expect(await b.emitWithAck('room:leave', {})).toEqual({ ok: true });
    expect(await departure).toEqual({ id: bob.self.id });
  });

  it("relays to the other node on that node's own channel, in order, not through the adapter", async () => {
    const [nodeA, nodeB] = await startCluster();
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();
    const alice = await joined(a, 'room', 'Alice');
    const bob = await joined(b, 'room', 'Bob');
    const broadcasts = [nodeA, nodeB].map((node) =>
      vi.spyOn(node.server.signal.io.of('/').adapter, 'broadcast'),
    );
    const seen = record(a, 'signal');
    const sent = Array.from({ length: 20 }, (_, i) => ({
      candidate: {
        candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${5000 + i} typ host`,
        sdpMid: '0',
      },
    }));
    const acks = sent.map((message) => b.emitWithAck('signal', { to: alice.self.id, ...message }));
    expect(await Promise.all(acks)).toEqual(sent.map(() => ({ ok: true })));
    await expect.poll(() => seen.length).toBe(sent.length);
    expect(seen).toEqual(sent.map((message) => ({ from: bob.self.id, ...message })));
    for (const broadcast of broadcasts) expect(broadcast).not.toHaveBeenCalled();
  });

  it('admits exactly 4 of 10 concurrent joins spread over both nodes', async () => {
    const [nodeA, nodeB] = await startCluster(4);
    const clients = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? nodeA : nodeB).server.client()),
    );
    const replies = await Promise.all(
      clients.map((c, i) => c.emitWithAck('room:join', { room: 'crowd', name: `P${i}` })),
    );
    const admitted = replies.flatMap((r) => (r.ok ? [r] : []));
    expect(admitted).toHaveLength(4);
    expect(replies.filter((r) => !r.ok && r.error.code === 'room-full')).toHaveLength(6);
    expect(new Set(admitted.map((r) => r.self.id)).size).toBe(4);
    // Membership seen from either node is the same four.
    for (const node of [nodeA, nodeB]) {
      const present = await Promise.all(
        admitted.map((r) => node.server.signal.registry.get('crowd', r.self.id)),
      );
      expect(present.every((m) => m !== null)).toBe(true);
    }
  });

  it('tells peers on the other node that a dropped peer left after the grace period', async () => {
    const [nodeA, nodeB] = await startCluster();
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const departure = next(b, 'room:peer-left', GRACE_MS + 3000);
    a.io.engine.close(); // the network drops, no goodbye
    expect(await departure).toEqual({ id: alice.self.id });
    expect(await nodeB.server.signal.registry.get('room', alice.self.id)).toBeNull();
  });

  it('lets a peer resume on the other node while its first node lives on, without a peer-left', async () => {
    const [nodeA, nodeB] = await startCluster();
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const left = record(b, 'room:peer-left');
    const arrived = record(b, 'room:peer-joined');

    a.io.engine.close();
    const again = await nodeB.server.client();
    const back = await joined(again, 'room', 'Alice', alice.resume);
    expect(back.self.id).toBe(alice.self.id);
    // Node A's grace timer fires now, but the owner-checked leave no longer matches.
    await sleep(GRACE_MS * 3);
    await settle(b);
    expect(left).toEqual([]);
    expect(arrived).toEqual([]);
    expect(await nodeA.server.signal.registry.get('room', alice.self.id)).toMatchObject({
      owner: again.id,
    });
  });

  it('keeps a raised hand in Redis: relayed across nodes, kept on a resume at the other node', async () => {
    const [nodeA, nodeB] = await startCluster();
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    const seen = next(b, 'peer:updated');
    const raised = await a.emitWithAck('peer:update', { hand: true });
    if (!raised.ok) throw new Error('update refused');
    const hand = raised.self?.hand;
    expect(hand).toEqual(expect.any(Number));
    expect(await seen).toMatchObject({ id: alice.self.id, hand });
    // Raised again: the first time stays (the Lua update keeps it).
    expect(await a.emitWithAck('peer:update', { hand: true })).toMatchObject({ self: { hand } });

    a.io.engine.close();
    const a2 = await nodeB.server.client();
    const back = await joined(a2, 'room', 'Alice', alice.resume);
    expect(back.self).toMatchObject({ id: alice.self.id, hand });
    const carol = await joined(await nodeA.server.client(), 'room', 'Carol');
    expect(carol.peers.find((p) => p.id === alice.self.id)?.hand).toBe(hand);

    const lowered = next(b, 'peer:updated');
    await a2.emitWithAck('peer:update', { hand: false });
    expect(await lowered).toMatchObject({ id: alice.self.id, hand: null });
    // Lowered is stored as no hand at all (Lua drops a key set to nil).
    expect((await nodeA.server.signal.registry.get('room', alice.self.id))?.hand).toBeUndefined();
  });

  it('keeps the call of a client whose node is killed when it resumes on the other node', async () => {
    const [nodeA, nodeB] = await startCluster();
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();
    const alice = await joined(a, 'room', 'Alice');
    const bob = await joined(b, 'room', 'Bob');
    const left = record(b, 'room:peer-left');

    await nodeA.kill();
    const again = await nodeB.server.client();
    const back = await joined(again, 'room', 'Alice', alice.resume);
    expect(back.self.id).toBe(alice.self.id);
    expect(back.peers).toEqual([bob.self]);

    const signal = next(again, 'signal');
    expect(await b.emitWithAck('signal', { to: alice.self.id, description: OFFER })).toEqual({
      ok: true,
    });
    expect(await signal).toEqual({ from: bob.self.id, description: OFFER });
    await sleep(GRACE_MS * 3);
    await settle(b);
    expect(left).toEqual([]);

    const departure = next(b, 'room:peer-left');
    await again.emitWithAck('room:leave', {});
    expect(await departure).toEqual({ id: alice.self.id });
  });

  it('removes a participant of a killed node that never comes back, once, after the grace period', async () => {
    const [nodeA, nodeB] = await startCluster();
    const a = await nodeA.server.client();
    const b = await nodeB.server.client();
    const c = await nodeB.server.client();
    const alice = await joined(a, 'room', 'Alice');
    await joined(b, 'room', 'Bob');
    await joined(c, 'room', 'Carol');
    const leftForBob = record(b, 'room:peer-left');
    const departure = next(c, 'room:peer-left', 5000);

    const killedAt = Date.now();
    await nodeA.kill();
    expect(await departure).toEqual({ id: alice.self.id });
    // Not before the node was missed (three renewals) and the grace period ran out.
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(GRACE_MS);
    expect(await nodeB.server.signal.registry.get('room', alice.self.id)).toBeNull();
    await sleep(300);
    await settle(b);
    expect(leftForBob).toEqual([{ id: alice.self.id }]);
  });
});
