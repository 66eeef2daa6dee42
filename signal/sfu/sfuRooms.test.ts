/**
 * SFU rooms as their members see them: the join ack says sfu, publishing gets Janus' answer, and
 * each member is offered the others' streams (named by PeerId, the screen share marked) as they
 * publish, share a screen, join and leave. Real Janus (sfuSuite.ts), real Socket.IO server and
 * clients, real WebRTC endpoints (sfuTesting.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { joined } from '../testing.ts';
import { iceUfrag, names, offerWhere, peersOf, useJanusSuite } from './sfuSuite.ts';
import {
  connected,
  handMadeOffer,
  publish,
  receive,
  shareScreen,
  startSfuServer,
} from './sfuTesting.ts';

const suite = useJanusSuite();
const { track, member } = suite;

describe('media mode', () => {
  it('says sfu in the join ack of an SFU room, always', async () => {
    suite.server = await startSfuServer(suite.janus);
    const a = await suite.server.client();
    const res = await joined(a, 'studio', 'Alice');
    expect(res.media).toBe('sfu');
    const again = await joined(await suite.server.client(), 'studio', 'Bob');
    expect(again.media).toBe('sfu');
  });
});

describe('publishing', () => {
  it("answers a hand-made offer with Janus' answer, the screen m-line included", async () => {
    suite.server = await startSfuServer(suite.janus);
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
    suite.server = await startSfuServer(suite.janus);
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
    suite.server = await startSfuServer(suite.janus);
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
    suite.server = await startSfuServer(suite.janus);
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
    suite.server = await startSfuServer(suite.janus);
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
    suite.server = await startSfuServer(suite.janus);
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
    suite.server = await startSfuServer(suite.janus);
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
});
