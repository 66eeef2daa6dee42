import type { StoreApi } from 'zustand';
import type { JoinResult, PeerId, PeerInfo, SignalMessage } from '../../../signal/protocol.ts';
import { SignalingClient } from '../signaling/SignalingClient.ts';
import type { AppState, PeerLink } from '../store/types.ts';
import { CallError, ClientErrorCode } from '../lib/errors.ts';
import { openLocalMedia } from './localMedia.ts';
import { PeerSession } from './PeerSession.ts';
import { UnconfirmedPeers } from './unconfirmedPeers.ts';

/**
 * How long a peer the server did not list on our rejoin may stay away before
 * its connection is given up (if it is not up by then). Longer than the
 * server's grace period, so a peer that is merely slow to resume is kept.
 */
const UNCONFIRMED_PEER_TIMEOUT_MS = 30_000;
/** Codes of a rejoin that should be retried rather than end the call. */
const RETRYABLE: readonly string[] = [ClientErrorCode.Timeout, ClientErrorCode.Unreachable];

const linkOf: Partial<Record<RTCPeerConnectionState, PeerLink>> = {
  new: 'new',
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'reconnecting',
  failed: 'failed',
};

/**
 * Owns everything live in a call: the signaling client, the local media and
 * one PeerSession per remote participant. React sees only the store.
 */
export class CallController {
  private signaling: SignalingClient | null = null;
  private readonly sessions = new Map<PeerId, PeerSession>();
  private localStream = new MediaStream();
  private mediaRequest: Promise<void> | null = null;
  private iceServers: RTCIceServer[] = [];
  private resumeToken: string | null = null;
  private current: { room: string; name: string } | null = null;
  /** Counts rejoin attempts, so that an outdated one's answer is ignored. */
  private resumeSeq = 0;
  private readonly unconfirmed = new UnconfirmedPeers(UNCONFIRMED_PEER_TIMEOUT_MS, (id) => {
    const session = this.sessions.get(id);
    if (session?.pc.connectionState === 'connected') return false;
    this.dropPeer(id);
    return true;
  });

  constructor(
    private readonly store: StoreApi<AppState>,
    private readonly serverUrl?: string,
  ) {}

  get local(): MediaStream {
    return this.localStream;
  }

  remoteStream(id: PeerId): MediaStream | null {
    return this.sessions.get(id)?.remoteStream ?? null;
  }

  /** Read-only view for diagnostics and tests: which connection belongs to whom. */
  debugSessions(): { peerId: PeerId; pc: RTCPeerConnection; stats: PeerSession['stats'] }[] {
    return [...this.sessions.values()].map((s) => ({ peerId: s.peerId, pc: s.pc, stats: s.stats }));
  }

  /** Diagnostics: drops the signaling connection as a network blip would (the call must go on). */
  debugDropSignaling(): void {
    this.signaling?.socket.io.engine.close();
  }

  /** Opens camera and microphone once (for the preview); later calls reuse them. */
  prepareMedia(): Promise<void> {
    this.mediaRequest ??= (async () => {
      this.store
        .getState()
        .setLocalMedia({ status: 'requesting', error: null, hasAudio: false, hasVideo: false });
      const { stream, error } = await openLocalMedia();
      this.localStream = stream;
      for (const track of stream.getTracks()) {
        track.addEventListener('ended', () => this.onLocalTrackEnded(track));
      }
      const hasAudio = stream.getAudioTracks().length > 0;
      const hasVideo = stream.getVideoTracks().length > 0;
      const status =
        hasAudio && hasVideo ? 'ready' : hasAudio || hasVideo ? 'partial' : 'unavailable';
      this.store.getState().setLocalMedia({ status, error, hasAudio, hasVideo });
    })();
    return this.mediaRequest;
  }

  /** Asks for camera and microphone again (after allowing them, or closing the app that held them). */
  retryMedia(): Promise<void> {
    if (this.store.getState().phase !== 'idle') return Promise.resolve();
    for (const track of this.localStream.getTracks()) track.stop();
    this.mediaRequest = null;
    return this.prepareMedia();
  }

  /** Stops the camera and microphone (their lights go off). */
  releaseMedia(): void {
    if (this.store.getState().phase !== 'idle') return;
    for (const track of this.localStream.getTracks()) track.stop();
    this.localStream = new MediaStream();
    this.mediaRequest = null;
    this.store
      .getState()
      .setLocalMedia({ status: 'idle', error: null, hasAudio: false, hasVideo: false });
  }

  async join(room: string, name: string): Promise<void> {
    const state = this.store.getState();
    if (state.phase !== 'idle') return;
    state.startJoining(room);
    try {
      await this.prepareMedia();
      const signaling = this.ensureSignaling();
      await signaling.waitConnected();
      const result = await signaling.join({ room, name });
      this.current = { room, name };
      this.enterCall(result);
    } catch (err) {
      this.teardown();
      this.store.getState().fail(err instanceof CallError ? err.code : ClientErrorCode.Unreachable);
    }
  }

  async leave(): Promise<void> {
    const signaling = this.signaling;
    this.current = null;
    this.resumeToken = null;
    if (signaling?.connected && this.store.getState().phase === 'in-call') {
      await signaling.leave().catch(() => undefined);
    }
    this.teardown();
    this.store.getState().endCall();
  }

  /** For page unload: tell the server at once, without waiting for its answer. */
  leaveNow(): void {
    if (this.store.getState().phase !== 'in-call') return;
    this.signaling?.leaveNow();
    // A page restored from the back/forward cache shows the pre-join view, not a dead call.
    this.current = null;
    this.resumeToken = null;
    this.teardown();
    this.store.getState().endCall();
  }

  private enterCall(result: JoinResult): void {
    this.resumeToken = result.resume;
    this.iceServers = result.iceServers;
    const state = this.store.getState();
    state.joined(result.self);
    // The server assumes camera and microphone on; say what we really send.
    const { hasAudio, hasVideo } = state;
    this.announceSelf({ ...result.self, audio: hasAudio, video: hasVideo });
    // The newcomer offers to everyone already there.
    for (const peer of result.peers) {
      state.upsertPeer(peer);
      if (!this.sessions.has(peer.id)) this.openSession(peer.id, false).start();
    }
  }

  /** Brings the server's (and so the room's) view of our media state in line with `wanted`. */
  private announceSelf(wanted: PeerInfo): void {
    const state = this.store.getState();
    const known = state.self;
    if (!known) return;
    const patch = {
      ...(known.audio !== wanted.audio && { audio: wanted.audio }),
      ...(known.video !== wanted.video && { video: wanted.video }),
      ...(known.screen !== wanted.screen && { screen: wanted.screen }),
    };
    if (Object.keys(patch).length === 0) return;
    state.updateSelf(patch);
    void this.signaling?.update(patch).catch((err: unknown) => {
      console.warn('media state not delivered', err);
    });
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
          if (this.store.getState().phase === 'in-call')
            this.store.getState().setServerLink('reconnecting');
        },
        onConnectError: () => undefined,
      },
      this.serverUrl,
    );
    const { socket } = signaling;
    socket.on('room:peer-joined', (peer) => this.onPeerJoined(peer));
    socket.on('room:peer-left', ({ id }) => this.dropPeer(id));
    socket.on('peer:updated', (peer) => this.store.getState().upsertPeer(peer));
    socket.on('signal', (message) => this.onSignal(message));
    this.signaling = signaling;
    return signaling;
  }

  /**
   * Back on the server after a drop (or a server restart): rejoin with the resume
   * token and keep every peer connection. See docs/resilience.md.
   */
  private async resume(): Promise<void> {
    const current = this.current;
    const signaling = this.signaling;
    const before = this.store.getState().self;
    if (!current || !signaling || !before || this.store.getState().phase !== 'in-call') return;
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
      this.store.getState().fail(code);
      return;
    }
    if (seq !== this.resumeSeq || this.signaling !== signaling) return;
    if (result.self.id !== before.id) {
      // The token was not honoured (another secret, or expired): we are a newcomer again.
      this.closeSessions();
      this.enterCall(result);
      return;
    }
    this.resumeToken = result.resume;
    this.iceServers = result.iceServers;
    const state = this.store.getState();
    state.joined(result.self);
    // A server that restarted forgot our media state: tell it again.
    this.announceSelf(before);
    const listed = new Set(result.peers.map((p) => p.id));
    this.unconfirmed.suspect([...this.sessions.keys()].filter((id) => !listed.has(id)));
    for (const peer of result.peers) {
      state.upsertPeer(peer);
      this.unconfirmed.confirm(peer.id);
      // Someone who arrived while we were away is the newcomer: it offers (again, if its offer was lost).
      if (!this.sessions.has(peer.id)) this.openSession(peer.id, true);
    }
    // What was sent while away is lost: settle any half-done negotiation.
    for (const session of this.sessions.values()) void session.resync();
  }

  private onPeerJoined(peer: PeerInfo): void {
    if (this.store.getState().phase !== 'in-call') return;
    this.unconfirmed.confirm(peer.id);
    this.store.getState().upsertPeer(peer);
    // An existing connection (the peer resumed after a server restart) is kept as it is.
    if (!this.sessions.has(peer.id)) this.openSession(peer.id, true);
  }

  private onSignal(message: SignalMessage): void {
    if (this.store.getState().phase !== 'in-call') return;
    const session = this.sessions.get(message.from) ?? this.openSession(message.from, true);
    void session.handleSignal(
      message.description ? { description: message.description } : { candidate: message.candidate },
    );
  }

  private openSession(peerId: PeerId, polite: boolean): PeerSession {
    const session = new PeerSession({
      peerId,
      polite,
      iceServers: this.iceServers,
      localStream: this.localStream,
      send: (signal) => {
        void this.signaling?.signal({ to: peerId, ...signal }).catch((err: unknown) => {
          console.warn('signal not delivered', err);
        });
      },
      onRemoteMedia: () => this.store.getState().bumpPeerMedia(peerId),
      onConnectionState: (state) => {
        // A peer the server no longer knows, whose connection is gone too, has left for good.
        if ((state === 'failed' || state === 'closed') && this.unconfirmed.has(peerId)) {
          this.dropPeer(peerId);
          return;
        }
        const before = this.store.getState().peers[peerId]?.link;
        // Connecting again after having been up (an ICE restart) is reconnecting.
        const wasUp = before !== undefined && before !== 'new' && before !== 'connecting';
        const link = state === 'connecting' && wasUp ? 'reconnecting' : linkOf[state];
        if (link) this.store.getState().setPeerLink(peerId, link);
        // ICE restarts (impolite side, with backoff) are the session's own business.
      },
      onError: (err) => console.warn(`peer ${peerId}:`, err),
    });
    this.sessions.set(peerId, session);
    return session;
  }

  /**
   * A camera unplugged (or taken by the system) mid-call: show it as off, here
   * and for the others, instead of a frozen last frame.
   */
  private onLocalTrackEnded(track: MediaStreamTrack): void {
    if (!this.localStream.getTracks().includes(track)) return;
    this.localStream.removeTrack(track);
    track.stop();
    const kind = track.kind === 'audio' ? 'audio' : 'video';
    for (const session of this.sessions.values()) void session.replaceTrack(kind, null);
    const state = this.store.getState();
    const hasAudio = this.localStream.getAudioTracks().length > 0;
    const hasVideo = this.localStream.getVideoTracks().length > 0;
    state.setLocalMedia({
      status: hasAudio && hasVideo ? 'ready' : hasAudio || hasVideo ? 'partial' : 'unavailable',
      error: state.mediaError,
      hasAudio,
      hasVideo,
    });
    if (state.phase === 'in-call' && state.self) {
      this.announceSelf({ ...state.self, [kind]: false });
    }
  }

  private dropPeer(id: PeerId): void {
    const session = this.sessions.get(id);
    this.unconfirmed.confirm(id);
    this.sessions.delete(id);
    this.store.getState().removePeer(id);
    session?.close();
  }

  private closeSessions(): void {
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    this.unconfirmed.clear();
    this.store.getState().clearPeers();
  }

  private teardown(): void {
    this.closeSessions();
    this.resumeSeq += 1;
    this.signaling?.close();
    this.signaling = null;
    this.store.getState().clearPeers();
  }
}
