/**
 * The mesh media path in Chromium: several MeshPaths in one page, their signals carried by a
 * bus that routes by PeerId (as the signaling server's relay does) and can hold a direction.
 * The roster calls (enter, peerJoined, rejoined) are made as the server's events would make them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../signal/protocol.ts';
import { videoLimitFor } from './videoBudget.ts';
import { canvasScreen, iceUfrag, received, receiverOf } from './loopback.testing.ts';
import { Bus, POLL, cleanup, connectionTo, joins, linksOf, member } from './meshRoom.testing.ts';
import type { Member } from './meshRoom.testing.ts';

afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

async function room(...ids: PeerId[]) {
  const bus = new Bus();
  const members: Member[] = [];
  for (const id of ids) {
    const m = await member(bus, id);
    joins(m, members);
    members.push(m);
  }
  for (const m of members) {
    const others = Object.fromEntries(
      members.filter((o) => o !== m).map((o) => [o.id, 'connected']),
    );
    await expect.poll(() => linksOf(m), POLL).toEqual(others);
  }
  return { bus, members };
}

describe('MeshPath in Chromium', () => {
  it('connects three people pairwise, with matching safety codes, chat to all and the video budget shared', async () => {
    const { members } = await room('ann', 'ben', 'cat');
    const [ann, ben, cat] = members as [Member, Member, Member];
    for (const [a, b] of [
      [ann, ben],
      [ann, cat],
      [ben, cat],
    ] as const) {
      await expect.poll(() => a.codes.get(b.id), POLL).toBeDefined();
      await expect.poll(() => b.codes.get(a.id), POLL).toBe(a.codes.get(b.id));
    }
    expect(new Set([ann.codes.get('ben'), ann.codes.get('cat'), ben.codes.get('cat')]).size).toBe(
      3,
    );

    ann.path.broadcast('hello');
    await expect.poll(() => [ben.data, cat.data], POLL).toEqual([['ann: hello'], ['ann: hello']]);

    const budget = videoLimitFor(2).maxBitrate;
    for (const peer of ['ben', 'cat']) {
      const video = connectionTo(ann, peer)
        .pc.getSenders()
        .find((s) => s.track?.kind === 'video');
      await expect.poll(() => video?.getParameters().encodings[0]?.maxBitrate, POLL).toBe(budget);
    }
    // Someone leaving frees their share of the budget.
    ann.path.peerLeft('cat');
    expect([...ann.path.remotes()].map((r) => r.peerId)).toEqual(['ben']);
    const video = connectionTo(ann, 'ben')
      .pc.getSenders()
      .find((s) => s.track?.kind === 'video');
    await expect.poll(() => video?.getParameters().encodings[0]?.maxBitrate, POLL).toBeUndefined();
  });

  it("resolves the newcomer's enter once its connection to someone there is up, and the present one's peerJoined too, not when the offer left", async () => {
    const bus = new Bus();
    const ann = await member(bus, 'ann');
    const ben = await member(bus, 'ben');
    // Ann's answer and candidates wait: Ben's offer goes, but nothing can connect.
    const back = bus.wire('ann', 'ben');
    back.hold();
    let entered = false;
    let met = false;
    const entering = ben.path.enter([ann.info], []).then(() => (entered = true));
    const meeting = ann.path.peerJoined(ben.id).then(() => (met = true));
    await expect.poll(() => back.log.length, POLL).toBeGreaterThan(0);
    expect(bus.wire('ben', 'ann').log.some((m) => m.description?.type === 'offer')).toBe(true);
    expect([entered, met]).toEqual([false, false]);
    back.release();
    await entering;
    expect(connectionTo(ben, 'ann').pc.connectionState).toBe('connected');
    await meeting;
    expect(connectionTo(ann, 'ben').pc.connectionState).toBe('connected');
  });

  it('sends a screen to everyone, including whoever joins later', async () => {
    const bus = new Bus();
    const ann = await member(bus, 'ann');
    const ben = await member(bus, 'ben');
    joins(ben, [ann]);
    await expect.poll(() => linksOf(ann), POLL).toEqual({ ben: 'connected' });
    const share = canvasScreen();
    cleanup.push(() => share.track.stop());
    ann.path.setScreen(share.track, share.stream);
    await expect.poll(() => ben.screens.get('ann'), POLL).toBe(true);

    const cat = await member(bus, 'cat');
    joins(cat, [ann, ben]);
    await expect.poll(() => cat.screens.get('ann'), POLL).toBe(true);
    const [track] = cat.path.remoteScreen('ann')?.getVideoTracks() ?? [];
    if (!track) throw new Error('no screen track');
    const receiver = receiverOf(connectionTo(cat, 'ann').pc, track);
    await expect.poll(async () => (await received(receiver)).frames, POLL).toBeGreaterThan(0);

    ann.path.setScreen(null);
    await expect
      .poll(() => [ben.screens.get('ann'), cat.screens.get('ann')], POLL)
      .toEqual([false, false]);
  });

  it('settles two screens started at once with their offers crossing', async () => {
    const { bus, members } = await room('ann', 'ben');
    const [ann, ben] = members as [Member, Member];
    const shares = [canvasScreen(), canvasScreen()] as const;
    cleanup.push(() => shares.forEach((s) => s.track.stop()));
    const wires = [bus.wire('ann', 'ben'), bus.wire('ben', 'ann')];
    for (const wire of wires) wire.hold();
    ann.path.setScreen(shares[0].track, shares[0].stream);
    ben.path.setScreen(shares[1].track, shares[1].stream);
    await expect.poll(() => wires.map((w) => w.heldDescriptions('offer')), POLL).toEqual([1, 1]);
    for (const wire of wires) wire.release();
    await expect
      .poll(() => [ann.screens.get('ben'), ben.screens.get('ann')], POLL)
      .toEqual([true, true]);
    // Ann was there first: she is the polite one and rolled back; Ben ignored her offer.
    expect(connectionTo(ann, 'ben').stats.rollbacks).toBe(1);
    expect(connectionTo(ben, 'ann').stats.offersIgnored).toBe(1);
  });

  it('after a rejoin, restarts ICE where an answer was lost and leaves settled connections alone', async () => {
    const { bus, members } = await room('ann', 'ben', 'cat');
    const [ann, ben, cat] = members as [Member, Member, Member];
    const share = canvasScreen();
    cleanup.push(() => share.track.stop());
    // Ben (the newcomer to Ann, so the impolite side) shares; Ann's answer is lost on the way.
    const answers = bus.wire('ann', 'ben');
    answers.hold();
    ben.path.setScreen(share.track, share.stream);
    await expect.poll(() => answers.heldDescriptions('answer'), POLL).toBe(1);
    answers.drop();
    const ufrag = iceUfrag(connectionTo(ann, 'ben').pc.currentRemoteDescription?.sdp);

    ben.path.rejoined([ann.info, cat.info], []);
    await expect
      .poll(() => iceUfrag(connectionTo(ann, 'ben').pc.currentRemoteDescription?.sdp), POLL)
      .not.toBe(ufrag);
    await expect.poll(() => connectionTo(ben, 'ann').pc.signalingState, POLL).toBe('stable');
    expect(connectionTo(ben, 'ann').stats.iceRestarts).toBe(1);
    expect(connectionTo(ben, 'cat').stats.iceRestarts).toBe(0);
    await expect.poll(() => cat.screens.get('ben'), POLL).toBe(true);
    await expect.poll(() => ann.screens.get('ben'), POLL).toBe(true);
    expect(linksOf(ben)).toEqual({ ann: 'connected', cat: 'connected' });
  });

  it('after a rejoin, gives up on a peer the server no longer lists once its connection is down', async () => {
    const bus = new Bus();
    const ann = await member(bus, 'ann', { unconfirmedTimeoutMs: 300 });
    const ben = await member(bus, 'ben');
    joins(ben, [ann]);
    await expect.poll(() => linksOf(ann), POLL).toEqual({ ben: 'connected' });
    // Ann is back on the server, which does not list Ben; Ben's side then goes away for good.
    ann.path.rejoined([], []);
    ben.path.close();
    await expect.poll(() => ann.gone, POLL).toEqual(['ben']);
    expect([...ann.path.remotes()]).toEqual([]);
  });
});
