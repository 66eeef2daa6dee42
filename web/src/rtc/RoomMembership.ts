/**
 * Being in a room: the signaling connection, join and leave, the roster (who is there, their
 * microphone, camera and screen as the server tells it), rejoining with the resume token after
 * signaling was away (docs/resilience.md), and the media path of the current call. The path is
 * made by the host (CallController) when the call starts and closed when it ends.
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
import { clearJoinMarks, markJoin } from '../lib/joinTimeline.ts';

/** Codes of a rejoin that should be retried rather than end the call. */
const RETRYABLE: readonly string[] = [ClientErrorCode.Timeout, ClientErrorCode.Unreachable];

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
  private readonly paths = new MediaPaths(this.viewEvents());
  private resumeToken: string | null = null;
  private current: { room: string; name: string; password?: string } | null = null;
  /** Counts rejoin attempts, so that an outdated one's answer is ignored. */
  private resumeSeq = 0;
  private iceServers: RTCIceServer[] = [];

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
      const result = await signaling.join(request);
      markJoin('join-ack');
      this.current = request;
      this.enterCall(result);
    } catch (err) {
      this.teardown();
      this.state.fail(err instanceof CallError ? err.code : ClientErrorCode.Unreachable);
    }
  }

  async leave(): Promise<void> {
    const signaling = this.signaling;
    this.current = null;
    this.resumeToken = null;
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
    this.resumeToken = null;
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

  /** Diagnostics: drops the signaling connection as a network blip would (the call must go on). */
  dropSignaling(): void {
    this.signaling?.dropConnection();
  }

  private enterCall(result: JoinResult): void {
    this.resumeToken = result.resume;
    const state = this.state;
    const media = result.media ?? 'mesh';
    this.iceServers = result.iceServers;
    // The offers first: the views' change to the call below renders while they are made.
    const { signaling } = this;
    if (signaling && !this.paths.current)
      this.paths.open((events) => this.host.openPath(signaling, events, media));
    this.paths.current?.enter(result.peers, result.iceServers);
    state.joined(result.self, media);
    this.publishSending(result.self);
    this.host.started();
    for (const peer of result.peers) state.upsertPeer(peer);
  }

  /** The views' events, whichever path speaks (see mediaPaths.ts). */
  private viewEvents(): MediaPathEvents {
    return {
      remoteMedia: (id) => this.state.bumpPeerMedia(id),
      remoteScreen: (id, sharing) => this.state.setPeerScreen(id, sharing),
      link: (id, link) => this.state.setPeerLink(id, link),
      safetyCode: (id, code) => this.state.setPeerSafetyCode(id, code),
      data: (id, data) => this.host.received(id, data),
      gone: (id) => this.dropPeer(id),
    };
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
    to.enter(Object.values(this.state.peers), this.iceServers);
  }

  private ensureSignaling(): SignalingClient {
    if (this.signaling) return this.signaling;
    const signaling = new SignalingClient(
      {
        onConnect: (reconnected) => {
          if (reconnected) void this.resume();
        },
        // The call goes on peer to peer; the view only says the server is away.
        onDisconnect: () => {
          if (this.state.phase === 'in-call') this.state.setServerLink('reconnecting');
        },
        onConnectError: () => undefined,
      },
      this.serverUrl,
    );
    signaling.on('room:peer-joined', (peer) => this.onPeerJoined(peer));
    signaling.on('room:peer-left', ({ id }) => this.dropPeer(id));
    signaling.on('peer:updated', (peer) => this.onPeerUpdated(peer));
    signaling.on('room:media', ({ media }) => this.onMediaChange(media));
    this.signaling = signaling;
    return signaling;
  }

  /**
   * Back on the server after a drop (or a server restart): rejoin with the resume token and keep
   * the media path. See docs/resilience.md.
   */
  private async resume(): Promise<void> {
    const { current, signaling } = this;
    const before = this.state.self;
    if (!current || !signaling || !before || this.state.phase !== 'in-call') return;
    const seq = ++this.resumeSeq;
    let result: JoinResult;
    try {
      result = await signaling.join({
        ...current,
        ...(this.resumeToken !== null && { resume: this.resumeToken }),
      });
    } catch (err) {
      if (seq !== this.resumeSeq || this.signaling !== signaling) return;
      const code = err instanceof CallError ? err.code : ClientErrorCode.Unreachable;
      // No answer: try again on a fresh connection; the call goes on meanwhile.
      if (RETRYABLE.includes(code)) {
        if (signaling.connected) signaling.reconnect();
        return;
      }
      this.teardown();
      this.state.fail(code);
      return;
    }
    if (seq !== this.resumeSeq || this.signaling !== signaling) return;
    if (result.self.id !== before.id) {
      // The token was not honoured (another secret, or expired): we are a newcomer again.
      this.closePath();
      this.enterCall(result);
      return;
    }
    this.resumeToken = result.resume;
    const state = this.state;
    const media = result.media ?? 'mesh';
    // A restarted server may hold the room on another path than ours (it forgot the move).
    const sameCourse = media === state.media;
    // A server that restarted forgot our media state and raised hand: tell it again.
    const handLost = before.hand != null && result.self.hand == null;
    state.joined(handLost ? { ...result.self, hand: before.hand ?? null } : result.self, media);
    this.publishSending(result.self);
    // The restarted server's time orders our hand among the others', here as everywhere.
    if (handLost)
      void signaling.update({ hand: true }).then(
        (res) => {
          if (res.self && res.self.id === this.state.self?.id)
            this.state.updateSelf({ hand: res.self.hand ?? null });
        },
        (err: unknown) => console.warn('hand not delivered', err),
      );
    for (const peer of result.peers) state.upsertPeer(peer);
    this.iceServers = result.iceServers;
    if (sameCourse) {
      this.paths.current?.rejoined(result.peers, result.iceServers);
      return;
    }
    this.paths.open((events) => this.host.openPath(signaling, events, media));
    this.paths.current?.enter(result.peers, result.iceServers);
  }

  private onPeerUpdated(peer: PeerInfo): void {
    const state = this.state;
    const before = state.peers[peer.id];
    if (state.phase === 'in-call' && before && before.audio !== peer.audio)
      state.notify(peer.audio ? 'notice.peerMicOn' : 'notice.peerMicOff', { name: peer.name });
    const up = peer.hand != null;
    if (state.phase === 'in-call' && before && (before.hand != null) !== up)
      state.notify(up ? 'notice.handUp' : 'notice.handDown', { name: peer.name });
    state.upsertPeer(peer);
  }

  private onPeerJoined(peer: PeerInfo): void {
    if (this.state.phase !== 'in-call') return;
    if (!(peer.id in this.state.peers)) this.state.notify('notice.joined', { name: peer.name });
    this.state.upsertPeer(peer);
    this.paths.current?.peerJoined(peer.id);
  }

  private dropPeer(id: PeerId): void {
    this.paths.current?.peerLeft(id);
    this.host.peerGone(id);
    const name = this.state.peers[id]?.name;
    if (name !== undefined) this.state.notify('notice.left', { name });
    this.state.removePeer(id);
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
    // The connections went without a peer-left: what was tied to each peer goes with them.
    for (const id of Object.keys(this.state.peers)) this.host.peerGone(id);
    this.state.clearPeers();
  }

  private teardown(): void {
    this.host.ended();
    this.closePath();
    this.resumeSeq += 1;
    this.signaling?.close();
    this.signaling = null;
  }
}
