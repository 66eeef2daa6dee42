import Janode from 'janode';
import type { Connection } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { VideoRoomHandle } from 'janode/plugins/videoroom';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { joined, startTestServer } from '../testing.ts';
import type { TestClient, TestServer } from '../testing.ts';
import type { PeerId, SfuOffer, SfuStream } from '../protocol.ts';
import { startJanusInNamespace } from './janusNamespace.ts';
import type { JanusServer } from './janusProcess.ts';
import {
  connected,
  handMadeOffer,
  publish,
  receive,
  shareScreen,
  startSfuServer,
} from './sfuTesting.ts';
import type { Publishing, Receiving } from './sfuTesting.ts';

Janode.Logger.setLevel('none');

let janus: JanusServer;
let admin: Connection;
let inspector: VideoRoomHandle;
let server: TestServer;
const connections: { close(): void }[] = [];

beforeAll(async () => {
  janus = await startJanusInNamespace();
  admin = await Janode.connect({
    address: { url: janus.wsUrl, apisecret: janus.apiSecret },
    max_retries: 0,
  });
  inspector = await (await admin.create()).attach(VideoRoomPlugin);
});
afterEach(async () => {
  for (const pc of connections.splice(0)) pc.close();
  await server.close();
});
afterAll(async () => {
  await admin.close().catch(() => undefined);
  await janus.stop();
});

/** The videorooms Janus holds now (private ones included: we have the admin key). */
const janusRooms = async () =>
  (await inspector.list({ admin_key: janus.adminKey })).list.map((r) => r.room);

const track = <T extends Publishing | Receiving>(it: T): T => {
  connections.push(it.pc);
  return it;
};

/** Waits for an offer that `test` accepts, among those received from the `from`th on. */
async function offerWhere(receiving: Receiving, test: (streams: SfuStream[]) => boolean, from = 0) {
  return vi.waitFor(
    () => {
      const offer = receiving.offers.slice(from).find((o) => test(o.streams));
      if (!offer) throw new Error('no such offer yet');
      return offer;
    },
    { timeout: 10_000, interval: 20 },
  );
}

const peersOf = (offer: SfuOffer) => new Set(offer.streams.map((s) => s.peer));
const iceUfrag = (offer: SfuOffer) => /^a=ice-ufrag:(\S+)/m.exec(offer.description.sdp)?.[1];
const names = (streams: SfuStream[], peer: PeerId) =>
  streams
    .filter((s) => s.peer === peer)
    .map((s) => `${s.kind}:${s.source}`)
    .sort();

async function member(room: string, name: string): Promise<[TestClient, PeerId]> {
  const client = await server.client();
  const res = await joined(client, room, name);
  return [client, res.self.id];
}

describe('media mode', () => {
  it('says sfu in the join ack of an SFU room, always', async () => {
    server = await startSfuServer(janus);
    const a = await server.client();
    const res = await joined(a, 'studio', 'Alice');
    expect(res.media).toBe('sfu');
    const again = await joined(await server.client(), 'studio', 'Bob');
    expect(again.media).toBe('sfu');
  });
});

describe('publishing', () => {
  it("answers a hand-made offer with Janus' answer, the screen m-line included", async () => {
    server = await startSfuServer(janus);
    const [a] = await member('studio', 'Alice');

    const first = await a.emitWithAck('sfu:publish', {
      description: handMadeOffer(),
      screenMid: null,
    });
    if (!first.ok) throw new Error(first.error.code);
    expect(first.description.type).toBe('answer');
    expect(first.description.sdp).toMatch(/a=mid:0\r\n/);
    expect(first.description.sdp).toMatch(/a=mid:1\r\n/);
    expect(first.description.sdp).toContain('a=recvonly');

    // A new connection (new fingerprint) with a screen m-line: Janus starts over with it.
    const second = await a.emitWithAck('sfu:publish', {
      description: handMadeOffer({ screen: true }),
      screenMid: '2',
    });
    if (!second.ok) throw new Error(second.error.code);
    expect(second.description.sdp.match(/^m=/gm)).toHaveLength(3);
    expect(second.description.sdp).toMatch(/a=mid:2\r\n/);
  });
});

describe('subscribing', () => {
  it('offers each member the others, named by PeerId, and answering starts it', async () => {
    server = await startSfuServer(janus);
    const [a, alice] = await member('studio', 'Alice');
    const [b, bob] = await member('studio', 'Bob');
    const toAlice = track(receive(a));
    const toBob = track(receive(b));
    track(await publish(a));
    track(await publish(b));

    const forAlice = await offerWhere(toAlice, (s) => names(s, bob).length === 2);
    expect(names(forAlice.streams, bob)).toEqual(['audio:camera', 'video:camera']);
    expect(peersOf(forAlice)).toEqual(new Set([bob]));
    const forBob = await offerWhere(toBob, (s) => names(s, alice).length === 2);
    expect(peersOf(forBob)).toEqual(new Set([alice]));
    for (const offer of [forAlice, forBob]) {
      expect(offer.description.type).toBe('offer');
      const mids = [...offer.description.sdp.matchAll(/^a=mid:(\S+)/gm)].map((m) => m[1]);
      for (const stream of offer.streams) expect(mids).toContain(stream.mid);
    }

    await vi.waitFor(() => expect(toAlice.answered).toContain(true), { timeout: 5000 });
    await vi.waitFor(() => expect(toBob.answered).toContain(true), { timeout: 5000 });
    expect([...toAlice.answered, ...toBob.answered]).not.toContain(false);
    // Janus sends to our subscribing connections: the whole media path is up.
    await connected(toAlice.pc);
    await connected(toBob.pc);
  });

  it('starts a new subscribing connection when the old one goes away', async () => {
    server = await startSfuServer(janus);
    const [a] = await member('studio', 'Alice');
    const [b, bob] = await member('studio', 'Bob');
    const toAlice = track(receive(a));
    track(await publish(b));
    const first = await offerWhere(toAlice, (s) => names(s, bob).length === 2);
    await connected(toAlice.pc);

    const seen = toAlice.offers.length;
    toAlice.pc.close(); // Janus hangs up the subscriber handle
    const fresh = await offerWhere(toAlice, (s) => names(s, bob).length === 2, seen);
    // A new connection: other ICE credentials, and not marked as a restart.
    expect(iceUfrag(fresh)).toBeDefined();
    expect(iceUfrag(fresh)).not.toBe(iceUfrag(first));
    expect(fresh.restart).toBeUndefined();
  });

  it('restarts ICE on a subscribing connection when asked: same streams, new credentials', async () => {
    server = await startSfuServer(janus);
    const [a] = await member('studio', 'Alice');
    const [b, bob] = await member('studio', 'Bob');
    const early = await a.emitWithAck('sfu:restart', {});
    // Nothing to restart yet: a coded refusal.
    expect(early.ok ? 'ok' : early.error.code).toBe('invalid-payload');
    const toAlice = track(receive(a));
    track(await publish(b));
    const first = await offerWhere(toAlice, (s) => names(s, bob).length === 2);
    await connected(toAlice.pc);

    const seen = toAlice.offers.length;
    expect(await a.emitWithAck('sfu:restart', {})).toEqual({ ok: true });
    const restarted = await offerWhere(toAlice, () => true, seen);
    expect(restarted.restart).toBe(true);
    expect(iceUfrag(restarted)).not.toBe(iceUfrag(first));
    expect(restarted.streams).toEqual(first.streams);
    await vi.waitFor(() => expect(toAlice.answered).toHaveLength(seen + 1), { timeout: 5000 });
    expect(toAlice.answered.at(-1)).toBe(true);
    await connected(toAlice.pc);
  });

  it('marks the m-line named by screenMid as the screen', async () => {
    server = await startSfuServer(janus);
    const [a] = await member('studio', 'Alice');
    const [b, bob] = await member('studio', 'Bob');
    const toAlice = track(receive(a));
    const sharing = track(await publish(b, { screen: true }));
    expect(sharing.screenMid).not.toBeNull();

    const offer = await offerWhere(toAlice, (s) => names(s, bob).length === 3);
    expect(names(offer.streams, bob)).toEqual(['audio:camera', 'video:camera', 'video:screen']);
    const screen = offer.streams.find((s) => s.source === 'screen');
    const camera = offer.streams.find((s) => s.kind === 'video' && s.source === 'camera');
    expect(screen?.mid).not.toBe(camera?.mid);
  });

  it('follows a screen share as it starts, stops and starts again', async () => {
    server = await startSfuServer(janus);
    const [a] = await member('studio', 'Alice');
    const [b, bob] = await member('studio', 'Bob');
    const toAlice = track(receive(a));
    const bobs = track(await publish(b));
    await offerWhere(toAlice, (s) => names(s, bob).length === 2);
    const camera = ['audio:camera', 'video:camera'];
    const sharing = [...camera, 'video:screen'];

    for (const [on, expected] of [
      [true, sharing],
      [false, camera],
      [true, sharing],
    ] as const) {
      const seen = toAlice.offers.length;
      await shareScreen(b, bobs, on);
      const offer = await offerWhere(
        toAlice,
        (s) => names(s, bob).length === expected.length,
        seen,
      );
      expect(names(offer.streams, bob)).toEqual(expected);
      if (on) {
        const screen = offer.streams.find((s) => s.source === 'screen');
        expect(screen?.mid).toBeDefined();
      }
    }
    await vi.waitFor(() => expect(toAlice.answered).toHaveLength(toAlice.offers.length));
    expect(toAlice.answered).not.toContain(false);
    // Bob renegotiated one connection: his camera never left Alice's offers.
    expect(toAlice.offers.map((o) => names(o.streams, bob).length)).not.toContain(0);
    // Renegotiations of one connection: the same ICE credentials throughout.
    expect(new Set(toAlice.offers.map(iceUfrag)).size).toBe(1);
  });

  it("gives a late joiner everyone, and takes a leaver's streams out of the others' offers", async () => {
    server = await startSfuServer(janus);
    const [a, alice] = await member('studio', 'Alice');
    const [b, bob] = await member('studio', 'Bob');
    const toAlice = track(receive(a));
    track(receive(b));
    track(await publish(a));
    track(await publish(b));
    await offerWhere(toAlice, (s) => names(s, bob).length === 2);

    const [c] = await member('studio', 'Carol');
    const toCarol = track(receive(c));
    const first = await offerWhere(toCarol, (s) => s.length === 4);
    expect(peersOf(first)).toEqual(new Set([alice, bob]));

    const [seenAlice, seenCarol] = [toAlice.offers.length, toCarol.offers.length];
    expect(await b.emitWithAck('room:leave', {})).toEqual({ ok: true });
    const afterAlice = await offerWhere(toAlice, (s) => names(s, bob).length === 0, seenAlice);
    expect(afterAlice.streams).toEqual([]);
    const afterCarol = await offerWhere(toCarol, (s) => names(s, bob).length === 0, seenCarol);
    expect(peersOf(afterCarol)).toEqual(new Set([alice]));
  });

  it('starts a resumed member over: its new connection is received under the same PeerId', async () => {
    server = await startSfuServer(janus);
    const [a] = await member('studio', 'Alice');
    const b = await server.client();
    const bobJoin = await joined(b, 'studio', 'Bob');
    const bob = bobJoin.self.id;
    const toAlice = track(receive(a));
    track(await publish(b));
    await offerWhere(toAlice, (s) => names(s, bob).length === 2);

    // Bob's connection drops; he comes back with his token and publishes anew.
    const seen = toAlice.offers.length;
    b.io.engine.close();
    const b2 = await server.client();
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

describe('the Janus room', () => {
  it('is created for the first member and destroyed when the room empties for good', async () => {
    server = await startSfuServer(janus, { graceMs: 300 });
    const [a] = await member('studio', 'Alice');
    const [b] = await member('studio', 'Bob');
    await member('elsewhere', 'Carol');
    const rooms = await janusRooms();
    expect(rooms).toHaveLength(2);
    for (const room of rooms) expect((await inspector.exists({ room })).exists).toBe(true);

    await a.emitWithAck('room:leave', {});
    expect(await janusRooms()).toHaveLength(2);
    // Bob drops without a word: his place (and the Janus room) waits out the grace period.
    b.io.engine.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await janusRooms()).toHaveLength(2);
    await vi.waitFor(async () => expect(await janusRooms()).toHaveLength(1), { timeout: 5000 });
    const exists = await Promise.all(rooms.map(async (room) => inspector.exists({ room })));
    expect(exists.map((e) => e.exists).sort()).toEqual([false, true]);
  });

  it('goes with the server, and the metrics count rooms and publishers', async () => {
    server = await startSfuServer(janus);
    const [a] = await member('studio', 'Alice');
    await member('studio', 'Bob');
    track(await publish(a));
    const metrics = await server.signal.metrics.registry.metrics();
    expect(metrics).toMatch(/^room_call_sfu_rooms 1$/m);
    expect(metrics).toMatch(/^room_call_sfu_publishers 1$/m);
    await server.signal.sfu?.ready();
    await server.close();
    expect(await janusRooms()).toEqual([]);
    server = await startTestServer(); // for afterEach
  });
});
