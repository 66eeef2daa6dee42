/**
 * An SFU room's life around its members: a resumed member starts over under the same PeerId,
 * the Janus room is made for the first member and destroyed once the room empties for good (or
 * the server closes), and the metrics count rooms and publishers. Real Janus (sfuSuite.ts), real
 * Socket.IO server and clients, real WebRTC endpoints (sfuTesting.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { joined, record, settle, startTestServer } from '../testing.ts';
import { names, offerWhere, peersOf, useJanusSuite } from './sfuSuite.ts';
import { connected, publish, receive, startSfuServer } from './sfuTesting.ts';

const suite = useJanusSuite();
const { janusRooms, track, member } = suite;

describe('subscribing', () => {
  it('starts a resumed member over: its new connection is received under the same PeerId', async () => {
    suite.server = await startSfuServer(suite.janus);
    const [a] = await member('studio', 'Alice');
    const b = await suite.server.client();
    const bobJoin = await joined(b, 'studio', 'Bob');
    const bob = bobJoin.self.id;
    const toAlice = track(receive(a));
    track(await publish(b));
    await offerWhere(toAlice, (s) => names(s, bob).length === 2);

    // Bob's connection drops; he comes back with his token and publishes anew.
    const seen = toAlice.offers.length;
    b.io.engine.close();
    const b2 = await suite.server.client();
    const resumed = await joined(b2, 'studio', 'Bob', bobJoin.resume);
    expect(resumed.self.id).toBe(bob);
    expect(resumed.peers.map((p) => p.name)).toEqual(['Alice']);
    // His old connection's streams go, then his new one's come.
    await offerWhere(toAlice, (s) => names(s, bob).length === 0, seen);
    track(await publish(b2));
    const after = await offerWhere(toAlice, (s) => names(s, bob).length === 2, seen);
    expect(peersOf(after)).toEqual(new Set([bob]));
    await connected(toAlice.pc);
  });
});

describe('arrivals', () => {
  it('tells everyone of everyone when they all join at once (a restarted server sees that)', async () => {
    suite.server = await startSfuServer(suite.janus, { maxPeers: 8 });
    const { server } = suite;
    const names = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'];
    const clients = await Promise.all(names.map(() => server.client()));
    const arrivals = clients.map((c) => record(c, 'room:peer-joined'));
    const acks = await Promise.all(clients.map((c, i) => joined(c, 'studio', names[i] ?? '')));
    await Promise.all(clients.map(settle));
    // What each knows: the ack's list and the arrivals told, whenever they came.
    const known = acks.map((ack, i) =>
      [...new Set([...ack.peers, ...(arrivals[i] ?? [])].map((p) => p.name))].sort(),
    );
    expect(known).toEqual(names.map((self) => names.filter((n) => n !== self).sort()));
  });
});

describe('the Janus room', () => {
  it('is created for the first member and destroyed when the room empties for good', async () => {
    suite.server = await startSfuServer(suite.janus, { graceMs: 300 });
    const [a] = await member('studio', 'Alice');
    const [b] = await member('studio', 'Bob');
    await member('elsewhere', 'Carol');
    const rooms = await janusRooms();
    expect(rooms).toHaveLength(2);
    for (const room of rooms) expect((await suite.inspector.exists({ room })).exists).toBe(true);

    await a.emitWithAck('room:leave', {});
    expect(await janusRooms()).toHaveLength(2);
    // Bob drops without a word: his place (and the Janus room) waits out the grace period.
    b.io.engine.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await janusRooms()).toHaveLength(2);
    await vi.waitFor(async () => expect(await janusRooms()).toHaveLength(1), { timeout: 5000 });
    const exists = await Promise.all(rooms.map(async (room) => suite.inspector.exists({ room })));
    expect(exists.map((e) => e.exists).sort()).toEqual([false, true]);
  });

  it('goes with the server, and the metrics count rooms and publishers', async () => {
    suite.server = await startSfuServer(suite.janus);
    const [a] = await member('studio', 'Alice');
    await member('studio', 'Bob');
    track(await publish(a));
    const metrics = await suite.server.signal.metrics.registry.metrics();
    expect(metrics).toMatch(/^room_call_sfu_rooms 1$/m);
    expect(metrics).toMatch(/^room_call_sfu_publishers 1$/m);
    await suite.server.signal.sfu?.ready();
    await suite.server.close();
    expect(await janusRooms()).toEqual([]);
    suite.server = await startTestServer(); // for afterEach
  });
});
