/**
 * The spare (spareOffer.ts) in Chromium: a connection made before the join, whose offer waits
 * for its peer, then carries the call like any other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SPARE_MAX_AGE_MS, SpareOffer } from './spareOffer.ts';
import type { SpareFit } from './spareOffer.ts';
import { fakeCamera, iceUfrag, received, receiverOf } from './loopback.testing.ts';
import { Bus, POLL, cleanup, connectionTo, joins, linksOf, member } from './meshRoom.testing.ts';

afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

async function spareFor(fit: Omit<SpareFit, 'localStream'>, now?: () => number) {
  const camera = await fakeCamera();
  const spares = new SpareOffer(now);
  cleanup.push(() => {
    spares.drop();
    for (const track of camera.getTracks()) track.stop();
  });
  spares.make({ ...fit, localStream: camera });
  const pc = spares.connection;
  if (!pc) throw new Error('no spare made');
  return { camera, spares, pc };
}

describe('a spare offer', () => {
  it('holds its offer and candidates until the join names a peer, then carries the call both ways', async () => {
    const bus = new Bus();
    const { camera, spares, pc } = await spareFor({ iceTransportPolicy: 'all', iceServers: [] });
    await expect.poll(() => pc.iceGatheringState, POLL).toBe('complete');
    expect(pc.signalingState).toBe('have-local-offer');

    // In pre-join the camera changes (another device): the join sends the one there now.
    const [before] = camera.getVideoTracks();
    const [after] = (await fakeCamera()).getVideoTracks();
    if (!before || !after) throw new Error('no camera track');
    camera.removeTrack(before);
    before.stop();
    camera.addTrack(after);
    cleanup.push(() => after.stop());

    const ann = await member(bus, 'ann');
    const ben = await member(bus, 'ben', {
      camera,
      spare: (iceServers) =>
        spares.take({ localStream: camera, iceTransportPolicy: 'all', iceServers }),
    });
    // Nothing left Ben's page before the join.
    expect(bus.wire('ben', 'ann').log).toEqual([]);
    joins(ben, [ann]);
    expect(spares.connection).toBeNull();
    const sent = bus.wire('ben', 'ann').log;
    const offer = sent.find((m) => m.description?.type === 'offer');
    expect(iceUfrag(offer?.description?.sdp)).toBe(iceUfrag(pc.localDescription?.sdp));
    expect(sent.filter((m) => m.candidate).length).toBeGreaterThan(0);
    expect(connectionTo(ben, 'ann').pc).toBe(pc);

    await expect.poll(() => linksOf(ben), POLL).toEqual({ ann: 'connected' });
    await expect.poll(() => linksOf(ann), POLL).toEqual({ ben: 'connected' });
    expect(pc.getSenders().find((s) => s.track?.kind === 'video')?.track).toBe(after);
    for (const [from, to] of [
      [ben, ann],
      [ann, ben],
    ] as const) {
      const stream = to.path.remote(from.id)?.remoteStream;
      const [video] = stream?.getVideoTracks() ?? [];
      if (!video) throw new Error(`${to.id} has no video from ${from.id}`);
      const receiver = receiverOf(connectionTo(to, from.id).pc, video);
      const first = await received(receiver);
      await expect
        .poll(async () => (await received(receiver)).frames, POLL)
        .toBeGreaterThan(first.frames);
      await expect
        .poll(async () => (await received(receiver)).bytes, POLL)
        .toBeGreaterThan(first.bytes);
    }
  });

  it('is used only for the settings it was made for, and not once it is old', async () => {
    const turn = (username: string) => ({
      urls: ['turn:127.0.0.1:3478'],
      username,
      credential: 'x',
    });
    let now = 1_000;
    const { camera, spares, pc } = await spareFor(
      { iceTransportPolicy: 'all', iceServers: [turn('a')] },
      () => now,
    );
    const fit = { localStream: camera, iceTransportPolicy: 'all' as const };
    // Fresh credentials for the same servers (every answer brings new ones): still the spare.
    cleanup.push(() => pc.close());
    expect(spares.take({ ...fit, iceServers: [turn('b')] })).not.toBeNull();
    expect(pc.signalingState).not.toBe('closed');

    const others: SpareFit[] = [
      { ...fit, iceServers: [] },
      { ...fit, iceServers: [turn('a')], iceTransportPolicy: 'relay' },
      { ...fit, iceServers: [turn('a')], localStream: new MediaStream() },
    ];
    for (const other of others) {
      spares.make({ ...fit, iceServers: [turn('a')] });
      const made = spares.connection;
      expect(spares.take(other)).toBeNull();
      expect(made?.signalingState).toBe('closed');
    }
    spares.make({ ...fit, iceServers: [turn('a')] });
    const old = spares.connection;
    now += SPARE_MAX_AGE_MS;
    expect(spares.take({ ...fit, iceServers: [turn('a')] })).toBeNull();
    expect(spares.connection).toBeNull();
    expect(old?.signalingState).toBe('closed');
  });
});
