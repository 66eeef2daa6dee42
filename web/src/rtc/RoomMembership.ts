/**
 * Being in a room: the signaling connection, join and leave, the roster (who is there, their
 * microphone, camera and screen as the server tells it), and the media path of the current call.
 * The path is made by the host (CallController) when the call starts and closed when it ends.
 * Rejoining with the resume token after signaling was away is rejoin.ts (docs/resilience.md).
 */
import type { StoreApi } from 'zustand';
import type {
  JoinResult,
  MediaMode,
  PeerId,
  PeerInfo,
  UpdateRequest,
} from '../../../signal/protocol.ts';
import { SignalingClient } from '../signaling/SignalingClient.ts';
import type { AppState } from '../store/types.ts';
import { CallError, ClientErrorCode } from '../lib/errors.ts';
import type { MediaPath, MediaPathEvents } from './MediaPath.ts';
import { MediaPaths } from './mediaPaths.ts';
import { Rejoin } from './rejoin.ts';
import { clearJoinMarks, markJoin } from '../lib/joinTimeline.ts';
import { afterTask } from '../lib/afterTask.ts';
import { Roster } from './roster.ts';
import { HeldRoomEvents } from './heldRoomEvents.ts';

/**
 * The call view shows once the path says so (MediaPath.enter: the mesh once it reached someone),
 * or after this long at the most; pre-join says Joining… until then. Its first render is
 * 100-200 ms of a busy machine's main thread and CPU: made while the descriptions and
 * candidates were under way, it held them back (docs/performance.md, figure 2).
 */
const SHOW_CALL_AFTER_MS = 1500;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface MembershipHost {
  readonly store: StoreApi<AppState>;
  /** Everything needed before the first offer: local media and network settings. */
  prepare(): Promise<void>;
  /** Makes the media path of a call that starts now. */
  openPath(signaling: SignalingClient, events: MediaPathEvents, media: MediaMode): MediaPath;
  /** A chat frame arrived on the media path (untrusted). */
  received(from: PeerId, data: string): void;
  started(): void;
  peerGone(id: PeerId): void;
  ended(): void;
}

export class RoomMembership {
  private signaling: SignalingClient | null = null;
  /** Who is there, as the views show it (roster.ts). */
  private readonly roster = new Roster({
    state: () => this.state,
    path: () => this.paths.current,
    peerGone: (id) => this.host.peerGone(id),
  });
  /** Roster events that came while our join or rejoin was on its way (heldRoomEvents.ts). */
  private readonly early = new HeldRoomEvents();
  private readonly paths = new MediaPaths(this.viewEvents());
  private current: { room: string; name: string; password?: string } | null = null;
  private servers: RTCIceServer[] = [];
  private readonly rejoin = new Rejoin({
    state: () => this.state,
    signaling: () => this.signaling,
    newcomer: (result) => {
      this.closePath();
      this.enterCall(result);
    },
    fail: (code) => {
      this.teardown();
      this.state.fail(code);
    },
    publishSending: (self) => this.publishSending(self),
    holdRoomEvents: () => this.early.hold(),
    resumed: (result, media, sameCourse) => this.resumed(result, media, sameCourse),
  });

  constructor(
    private readonly host: MembershipHost,
    private readonly serverUrl?: string,
  ) {}

  private get state(): AppState {
    return this.host.store.getState();
  }

  /** The current call's media path, or null outside a call. */
  get path(): MediaPath | null {
    return this.paths.current;
  }

  async join(room: string, name: string, password?: string): Promise<void> {
    if (this.state.phase !== 'idle') return;
    this.state.startJoining(room);
    clearJoinMarks();
    try {
      await this.host.prepare();
      const signaling = this.ensureSignaling();
      await signaling.waitConnected();
      markJoin('signaling-ready');
      // The password goes along on every rejoin: a restarted server has forgotten the room.
      const request = { room, name, ...(password !== undefined && { password }) };
      markJoin('join-sent');
      const release = this.early.hold();
      const result = await signaling.join(request, { again: true });
      markJoin('join-ack');
      this.current = request;
      this.enterCall(result);
      release();
    } catch (err) {
      this.teardown();
      this.state.fail(err instanceof CallError ? err.code : ClientErrorCode.Unreachable);
    }
  }

  /**
   * In pre-join: connects to the signaling service now, so that the click on Join call sends
   * the join at once (the join is sent again on a new connection if this one went bad meanwhile:
   * SignalingClient.join). Socket.IO reconnects it if it drops; leave() closes it.
   */
  connectEarly(): void {
    if (this.state.phase === 'idle') this.ensureSignaling().connect();
  }

  async leave(): Promise<void> {
    const signaling = this.signaling;
    this.current = null;
    this.rejoin.forget();
    if (signaling?.connected && this.state.phase === 'in-call')
      await signaling.leave().catch(() => undefined);
    this.teardown();
    this.state.endCall();
  }

  /** For page unload: tell the server at once, without waiting for its answer. */
  leaveNow(): void {
    if (this.state.phase !== 'in-call') return;
    this.signaling?.leaveNow();
    // A page restored from the back/forward cache shows the pre-join view, not a dead call.
    this.current = null;
    this.rejoin.forget();
    this.teardown();
    this.state.endCall();
  }

  /** Tells the room what we send (peer:update); nothing outside a call. */
  publish(patch: UpdateRequest): void {
    if (this.state.phase !== 'in-call') return;
    void this.signaling?.update(patch).catch((err: unknown) => {
      console.warn('state not delivered', err);
    });
  }

  /** The signaling connection of the current call (null outside one), for Gestures. */
  get signalingClient(): SignalingClient | null {
    return this.signaling;
  }

  /** The STUN/TURN servers of the last join or rejoin (for an SFU room's file links). */
  get iceServers(): RTCIceServer[] {
    return this.servers;
  }

  /** Diagnostics: drops the signaling connection as a network blip would (the call must go on). */
  dropSignaling(): void {
    this.signaling?.dropConnection();
  }

  private enterCall(result: JoinResult): void {
    this.rejoin.remember(result.resume);
    const state = this.state;
    const media = result.media ?? 'mesh';
    this.servers = result.iceServers;
    // The offers first, before this join's store changes below.
    const { signaling } = this;
    if (signaling && !this.paths.current)
      this.paths.open((events) => this.host.openPath(signaling, events, media));
    const viewMayShow = this.paths.current?.enter(result.peers, result.iceServers);
    state.joined(result.self, media);
    // The call view's first render waits: see SHOW_CALL_AFTER_MS.
    void Promise.race([viewMayShow, delay(SHOW_CALL_AFTER_MS)]).then(() => this.state.showCall());
    this.publishSending(result.self);
    this.host.started();
    for (const peer of result.peers) state.upsertPeer(peer);
  }

  /** The views' events, whichever path speaks (see mediaPaths.ts). */
  private viewEvents(): MediaPathEvents {
    // Fired from track events, in the middle of applying a description: see afterTask.ts.
    const bumpMedia = afterTask<PeerId>((ids) => {
      for (const id of ids) this.state.bumpPeerMedia(id);
    });
    // Told of a newcomer only once the views show them (roster.ts).
    return this.roster.holding({
      remoteMedia: bumpMedia,
      remoteScreen: (id, sharing) => this.state.setPeerScreen(id, sharing),
      link: (id, link) => this.state.setPeerLink(id, link),
      safetyCode: (id, code) => this.state.setPeerSafetyCode(id, code),
      data: (id, data) => this.host.received(id, data),
      gone: (id) => this.roster.left(id),
    });
  }

  /**
   * The room moved to the SFU while we were in it: open the new path beside the old one, and
   * show each participant through it once their media arrives there (make-before-break).
   */
  private onMediaChange(media: MediaMode): void {
    const { signaling } = this;
    const { self } = this.state;
    if (media !== 'sfu' || this.state.media === 'sfu') return;
    if (!signaling || !self || this.state.phase !== 'in-call') return;
    const to = this.paths.switchTo(
      (events) => this.host.openPath(signaling, events, 'sfu'),
      (id) => this.state.peers[id]?.video ?? false,
    );
    if (!to) return;
    this.state.joined(self, 'sfu');
    void to.enter(Object.values(this.state.peers), this.servers);
  }

  private ensureSignaling(): SignalingClient {
    if (this.signaling) return this.signaling;
    const signaling = new SignalingClient(
      {
        onConnect: (reconnected) => {
          // Back on the server after a drop (or a server restart): rejoin, keep the media path.
          const { current } = this;
          if (reconnected && current && this.signaling)
            void this.rejoin.run(this.signaling, current);
        },
        // The call goes on peer to peer; the view only says the server is away.
        onDisconnect: () => {
          if (this.state.phase === 'in-call') this.state.setServerLink('reconnecting');
        },
        onConnectError: () => undefined,
        // In pre-join the server closes a connection left in no room too long: it stays closed
        // until the click (SignalingClient.join connects again); in a call it comes back.
        comeBackAfterServerClose: () => this.current !== null,
      },
      this.serverUrl,
    );
    const { early, roster } = this;
    signaling.on('room:peer-joined', (peer) => early.run(() => roster.joined(peer)));
    signaling.on('room:peer-left', ({ id }) => early.run(() => roster.left(id)));
    signaling.on('peer:updated', (peer) => early.run(() => roster.updated(peer)));
    signaling.on('room:media', ({ media }) => this.onMediaChange(media));
    this.signaling = signaling;
    return signaling;
  }

  /** A rejoin kept our id (rejoin.ts): the path goes on, or the room's path opens. */
  private resumed(result: JoinResult, media: MediaMode, sameCourse: boolean): void {
    this.servers = result.iceServers;
    if (sameCourse) {
      this.paths.current?.rejoined(result.peers, result.iceServers);
      return;
    }
    const { signaling } = this;
    if (!signaling) return;
    this.paths.open((events) => this.host.openPath(signaling, events, media));
    void this.paths.current?.enter(result.peers, result.iceServers);
  }

  /** The server assumes microphone and camera on at join; tell it what is really sent. */
  private publishSending(self: PeerInfo): void {
    const { micOn, cameraOn, sharing } = this.state;
    const patch: UpdateRequest = {};
    if (self.audio !== micOn) patch.audio = micOn;
    if (self.video !== cameraOn) patch.video = cameraOn;
    if (self.screen !== sharing) patch.screen = sharing;
    if (Object.keys(patch).length > 0) this.publish(patch);
  }

  private closePath(): void {
    this.paths.close();
    this.roster.clear();
    // The connections went without a peer-left: what was tied to each peer goes with them.
    for (const id of Object.keys(this.state.peers)) this.host.peerGone(id);
    this.state.clearPeers();
  }

  private teardown(): void {
    this.host.ended();
    this.early.drop();
    this.closePath();
    this.rejoin.cancel();
    this.signaling?.close();
    this.signaling = null;
  }
}
