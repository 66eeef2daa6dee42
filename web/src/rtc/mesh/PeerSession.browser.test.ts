/**
 * The negotiation core and its parts on real RTCPeerConnections in Chromium: two sessions in one
 * page, their signals carried by a Wire that can hold them. Alice was there first (polite); Bob
 * is the newcomer (impolite) and starts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PeerSession } from './PeerSession.ts';
import type { IncomingSignal, OutgoingSignal } from './PeerSession.ts';
import {
  Wire,
  canvasScreen,
  descriptionOf,
  fakeCamera,
  iceUfrag,
  received,
  receiverOf,
} from './loopback.testing.ts';

const POLL = { timeout: 15_000, interval: 100 };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

async function connectedPair() {
  const errors: unknown[] = [];
  const cameras = [await fakeCamera(), await fakeCamera()] as const;
  const screens = { alice: null as MediaStream | null, bob: null as MediaStream | null };
  const make = (
    peerId: string,
    polite: boolean,
    localStream: MediaStream,
    wire: () => Wire<OutgoingSignal>,
  ) =>
    new PeerSession({
      peerId,
      polite,
      iceServers: [],
      localStream,
      send: (signal) => wire().send(signal),
      onRemoteMedia: () => undefined,
      onRemoteScreen: (stream) => {
        screens[polite ? 'alice' : 'bob'] = stream;
      },
      onConnectionState: () => undefined,
      onError: (err) => errors.push(err),
    });
  // toBob carries what Alice sends, toAlice what Bob sends.
  const alice: PeerSession = make('bob', true, cameras[0], () => toBob);
  const bob: PeerSession = make('alice', false, cameras[1], () => toAlice);
  const toBob = new Wire<IncomingSignal>((s) => void bob.handleSignal(s));
  const toAlice = new Wire<IncomingSignal>((s) => void alice.handleSignal(s));
  cleanup.push(() => {
    alice.close();
    bob.close();
    for (const track of cameras.flatMap((c) => c.getTracks())) track.stop();
  });
  void bob.start();
  await expect
    .poll(() => [alice.connectionState, bob.connectionState], POLL)
    .toEqual(['connected', 'connected']);
  return { alice, bob, toAlice, toBob, errors, screens };
}

/** Video frames decoded from `session`'s remote camera keep rising. */
async function expectCameraFlowing(session: PeerSession): Promise<void> {
  const [video] = session.remoteStream.getVideoTracks();
  expect(video, `${session.peerId}'s camera track`).toBeDefined();
  if (!video) return;
  const receiver = receiverOf(session.pc, video);
  const before = (await received(receiver)).frames;
  await expect.poll(async () => (await received(receiver)).frames, POLL).toBeGreaterThan(before);
}

describe('PeerSession in Chromium', () => {
  it("lays out camera and microphone in the newcomer's one offer, and media flows both ways", async () => {
    const { alice, bob, errors } = await connectedPair();
    for (const session of [alice, bob]) {
      expect(session.remoteStream.getAudioTracks()).toHaveLength(1);
      expect(session.remoteStream.getVideoTracks()).toHaveLength(1);
      await expectCameraFlowing(session);
    }
    // The answerer adopts the layout (and the negotiated chat channel) without an offer of its own.
    expect([bob.stats.offersSent, alice.stats.offersSent]).toEqual([1, 0]);
    expect(errors).toEqual([]);
  });

  it('turns the camera off and on again with replaceTrack, never renegotiating', async () => {
    const { alice, bob, errors } = await connectedPair();
    const offers = bob.stats.offersSent + alice.stats.offersSent;
    await alice.replaceTrack('video', null);
    const camera = await fakeCamera();
    cleanup.push(() => camera.getTracks().forEach((t) => t.stop()));
    const [track] = camera.getVideoTracks();
    await alice.replaceTrack('video', track ?? null);
    await expectCameraFlowing(bob);
    expect(bob.stats.offersSent + alice.stats.offersSent).toBe(offers);
    expect(errors).toEqual([]);
  });

  it('settles offers that cross: the polite side rolls back, the impolite side ignores', async () => {
    const { alice, bob, toAlice, toBob, errors, screens } = await connectedPair();
    const shares = [canvasScreen(), canvasScreen()] as const;
    cleanup.push(() => shares.forEach((s) => s.track.stop()));
    for (const round of ['start', 'stop'] as const) {
      toAlice.hold();
      toBob.hold();
      alice.setScreenTrack(round === 'start' ? shares[0].track : null, shares[0].stream);
      bob.setScreenTrack(round === 'start' ? shares[1].track : null, shares[1].stream);
      await expect
        .poll(() => [toAlice.heldDescriptions('offer'), toBob.heldDescriptions('offer')], POLL)
        .toEqual([1, 1]);
      const before = { rollbacks: alice.stats.rollbacks, ignored: bob.stats.offersIgnored };
      toAlice.release();
      toBob.release();
      await expect
        .poll(() => [alice.pc.signalingState, bob.pc.signalingState], POLL)
        .toEqual(['stable', 'stable']);
      expect(alice.stats.rollbacks).toBe(before.rollbacks + 1);
      expect(bob.stats.offersIgnored).toBe(before.ignored + 1);
      const sharing = round === 'start';
      await expect
        .poll(() => [screens.alice !== null, screens.bob !== null], POLL)
        .toEqual([sharing, sharing]);
    }
    // Stopped screens leave the camera flowing.
    await expectCameraFlowing(alice);
    await expectCameraFlowing(bob);
    expect(errors).toEqual([]);
  });

  it('delivers a screen shared from either side as frames', async () => {
    const { alice, bob, screens } = await connectedPair();
    const share = canvasScreen();
    cleanup.push(() => share.track.stop());
    alice.setScreenTrack(share.track, share.stream);
    await expect.poll(() => screens.bob, POLL).not.toBeNull();
    const [track] = screens.bob?.getVideoTracks() ?? [];
    if (!track) throw new Error('no screen track');
    const receiver = receiverOf(bob.pc, track);
    await expect.poll(async () => (await received(receiver)).frames, POLL).toBeGreaterThan(0);
  });

  it('restarts ICE with new credentials while the media goes on', async () => {
    const { alice, bob, errors } = await connectedPair();
    const ufrag = iceUfrag(alice.pc.currentRemoteDescription?.sdp);
    expect(ufrag).not.toBeNull();
    bob.restartIce();
    await expect.poll(() => iceUfrag(alice.pc.currentRemoteDescription?.sdp), POLL).not.toBe(ufrag);
    expect(bob.stats.iceRestarts).toBe(1);
    await expect.poll(() => bob.pc.signalingState, POLL).toBe('stable');
    expect([alice.connectionState, bob.connectionState]).toEqual(['connected', 'connected']);
    await expectCameraFlowing(alice);
    await expectCameraFlowing(bob);
    expect(errors).toEqual([]);
  });

  it('offers again on resync when the answer to an offer that added an m-line was lost', async () => {
    const { alice, bob, toBob, errors, screens } = await connectedPair();
    const share = canvasScreen();
    cleanup.push(() => share.track.stop());
    toBob.hold();
    bob.setScreenTrack(share.track, share.stream);
    await expect.poll(() => toBob.heldDescriptions('answer'), POLL).toBe(1);
    toBob.drop();
    expect(bob.pc.signalingState).toBe('have-local-offer');
    await bob.resync();
    await expect
      .poll(() => [alice.pc.signalingState, bob.pc.signalingState], POLL)
      .toEqual(['stable', 'stable']);
    expect(bob.stats.iceRestarts).toBe(1);
    await expect.poll(() => screens.alice, POLL).not.toBeNull();
    await expect
      .poll(() => [alice.connectionState, bob.connectionState], POLL)
      .toEqual(['connected', 'connected']);
    await expectCameraFlowing(alice);
    expect(errors).toEqual([]);
  });

  it('ignores a replayed offer of an earlier negotiation', async () => {
    const { alice, bob, toAlice, errors } = await connectedPair();
    const first = toAlice.log.find((m) => descriptionOf(m)?.type === 'offer');
    if (!first) throw new Error('no offer was sent');
    const remote = alice.pc.currentRemoteDescription?.sdp;
    await alice.handleSignal(first);
    expect(alice.stats.staleIgnored).toBe(1);
    expect(alice.pc.currentRemoteDescription?.sdp).toBe(remote);
    expect([alice.pc.signalingState, bob.connectionState]).toEqual(['stable', 'connected']);
    expect(errors).toEqual([]);
  });
});
