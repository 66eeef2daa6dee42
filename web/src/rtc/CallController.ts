import type { StoreApi } from 'zustand';
import type {
  JoinResult,
  PeerId,
  PeerInfo,
  SignalMessage,
  UpdateRequest,
} from '../../../signal/protocol.ts';
import { SignalingClient } from '../signaling/SignalingClient.ts';
import type { AppState, DeviceKind, PeerLink } from '../store/types.ts';
import { selectRelayOnly } from '../store/index.ts';
import { CallError, ClientErrorCode } from '../lib/errors.ts';
import { fetchClientConfig } from '../lib/clientConfig.ts';
import { loadRelayOnly, saveRelayOnly } from '../lib/storage.ts';
import { Chat } from './Chat.ts';
import { openLocalMedia } from './localMedia.ts';
import { MediaControls } from './MediaControls.ts';
import { PeerSession } from './PeerSession.ts';
import { videoLimitFor } from './videoBudget.ts';
import { safetyCodeFromSdp } from './safetyCode.ts';
import { StatsMonitor } from './StatsMonitor.ts';
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
  /** Bumped when the local media is released or retried: an older request is then stale. */
  private mediaGeneration = 0;
  private iceServers: RTCIceServer[] = [];
  private iceTransportPolicy: RTCIceTransportPolicy = 'all';
  private networkRequest: Promise<void> | null = null;
  private resumeToken: string | null = null;
  private current: { room: string; name: string; password?: string } | null = null;
  /** Tracks sent besides the camera (a screen, say), to every present and future peer. */
  private readonly outgoing = new Map<MediaStreamTrack, MediaStream>();
  private readonly screens = new Map<PeerId, MediaStream>();
  private readonly media: MediaControls;
  private readonly monitor: StatsMonitor;
  private readonly chat: Chat;
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
  ) {
    const sessions = () => this.sessions.values();
    this.media = new MediaControls({
      store,
      sessions,
      localStream: () => this.localStream,
      publish: (patch) => this.publish(patch),
    });
    this.monitor = new StatsMonitor({ store, sessions, micLevel: () => this.media.micLevel() });
    this.chat = new Chat({ store, sessions });
  }

  // In-call controls (MediaControls, Chat) and what the views read of them.
  toggleMicrophone = (): Promise<void> => this.media.toggleMicrophone();
  toggleCamera = (): Promise<void> => this.media.toggleCamera();
  toggleScreenShare = (): Promise<void> => this.media.toggleScreenShare();
  chooseDevice = (kind: DeviceKind, deviceId: string): Promise<void> =>
    this.media.chooseDevice(kind, deviceId);
  sendChat = (text: string): boolean => this.chat.send(text);
  micLevel = (): number => this.media.micLevel();

  get ownScreen(): MediaStream | null {
    return this.media.screenStream();
  }

  remoteScreen(id: PeerId): MediaStream | null {
    return this.screens.get(id) ?? null;
  }

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

  /** What `id` sends besides its camera, one stream per source. */
  extraStreams(id: PeerId): MediaStream[] {
    return [...(this.sessions.get(id)?.extraStreams.values() ?? [])];
  }

  /**
   * Sends `track` to everyone besides the camera, and to whoever joins later;
   * every peer connection renegotiates.
   */
  addOutgoingTrack(track: MediaStreamTrack, stream: MediaStream): void {
    this.outgoing.set(track, stream);
    for (const session of this.sessions.values()) session.addTrack(track, stream);
  }

  removeOutgoingTrack(track: MediaStreamTrack): void {
    this.outgoing.delete(track);
    for (const session of this.sessions.values()) session.removeTrack(track);
  }

  /** Diagnostics: drops the signaling connection as a network blip would (the call must go on). */
  debugDropSignaling(): void {
    this.signaling?.dropConnection();
  }

  /** Opens camera and microphone once (for the preview); later calls reuse them. */
  prepareMedia(): Promise<void> {
    this.mediaRequest ??= (async () => {
      const generation = this.mediaGeneration;
      this.store
        .getState()
        .setLocalMedia({ status: 'requesting', error: null, hasAudio: false, hasVideo: false });
      const { stream, error } = await openLocalMedia(this.media.rememberedDevices());
      if (generation !== this.mediaGeneration) {
        // Released (the person left the room) or retried while the devices were opening:
        // this stream is nobody's, and its camera light must go off.
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.localStream = stream;
      for (const track of stream.getTracks()) {
        track.addEventListener('ended', () => this.onLocalTrackEnded(track));
      }
      const hasAudio = stream.getAudioTracks().length > 0;
      const hasVideo = stream.getVideoTracks().length > 0;
      const status =
        hasAudio && hasVideo ? 'ready' : hasAudio || hasVideo ? 'partial' : 'unavailable';
      this.store.getState().setLocalMedia({ status, error, hasAudio, hasVideo });
      this.media.adopt();
    })();
    return this.mediaRequest;
  }

  /** Reads the server's relay settings and this person's remembered choice, once. */
  prepareNetwork(): Promise<void> {
    this.networkRequest ??= (async () => {
      const saved = loadRelayOnly();
      if (saved !== null && this.store.getState().relayOnlyChoice === null)
        this.store.getState().chooseRelayOnly(saved);
      this.store.getState().setNetworkConfig(await fetchClientConfig());
    })();
    return this.networkRequest;
  }

  /** Relay-only for this person's next calls, remembered on this device. */
  setRelayOnly(relayOnly: boolean): void {
    this.store.getState().chooseRelayOnly(relayOnly);
    saveRelayOnly(relayOnly);
  }

  /** Asks for camera and microphone again (after allowing them, or closing the app that held them). */
  retryMedia(): Promise<void> {
    if (this.store.getState().phase !== 'idle') return Promise.resolve();
    for (const track of this.localStream.getTracks()) track.stop();
    this.mediaRequest = null;
    this.mediaGeneration++;
    return this.prepareMedia();
  }

  /** Stops the camera and microphone (their lights go off). */
  releaseMedia(): void {
    if (this.store.getState().phase !== 'idle') return;
    this.media.release();
    for (const track of this.localStream.getTracks()) track.stop();
    this.localStream = new MediaStream();
    this.mediaRequest = null;
    this.mediaGeneration++;
    this.store.getState().setSending({ micOn: false, cameraOn: false, sharing: false });
    this.store
      .getState()
      .setLocalMedia({ status: 'idle', error: null, hasAudio: false, hasVideo: false });
  }

  async join(room: string, name: string, password?: string): Promise<void> {
    const state = this.store.getState();
    if (state.phase !== 'idle') return;
    state.startJoining(room);
    try {
      // The relay-only decision needs the server's default, so it must be known before any offer.
      await Promise.all([this.prepareMedia(), this.prepareNetwork()]);
      this.iceTransportPolicy = selectRelayOnly(this.store.getState()) ? 'relay' : 'all';
      const signaling = this.ensureSignaling();
      await signaling.waitConnected();
      // The password goes along on every rejoin: a restarted server has forgotten the room.
      const request = { room, name, ...(password !== undefined && { password }) };
      const result = await signaling.join(request);
      this.current = request;
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
    this.publishSending(result.self);
    this.monitor.start();
    // The newcomer offers to everyone already there.
    for (const peer of result.peers) {
      state.upsertPeer(peer);
      if (!this.sessions.has(peer.id)) this.openSession(peer.id, false).start();
    }
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
    signaling.on('room:peer-joined', (peer) => this.onPeerJoined(peer));
    signaling.on('room:peer-left', ({ id }) => this.dropPeer(id));
    signaling.on('peer:updated', (peer) => this.onPeerUpdated(peer));
    signaling.on('signal', (message) => this.onSignal(message));
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
    this.refreshIceServers(result.iceServers, result.peers);
    const state = this.store.getState();
    state.joined(result.self);
    // A server that restarted forgot our media state: tell it again.
    this.publishSending(result.self);
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

  /**
   * Every join ack carries TURN credentials with a fresh expiry: hand them to the
   * live connections so a later ICE restart can still allocate a relay, and retry
   * the connections that failed for want of one whose peer is there to answer
   * (either side may start: perfect negotiation settles a collision).
   */
  private refreshIceServers(iceServers: RTCIceServer[], present: PeerInfo[]): void {
    this.iceServers = iceServers;
    const here = new Set(present.map((p) => p.id));
    for (const session of this.sessions.values()) {
      session.setIceServers(iceServers);
      if (session.relayFailed && here.has(session.peerId)) session.restartIce();
    }
  }

  private onPeerUpdated(peer: PeerInfo): void {
    const state = this.store.getState();
    const before = state.peers[peer.id];
    if (state.phase === 'in-call' && before && before.audio !== peer.audio)
      state.notify(peer.audio ? 'notice.peerMicOn' : 'notice.peerMicOff', { name: peer.name });
    state.upsertPeer(peer);
  }

  private onPeerJoined(peer: PeerInfo): void {
    if (this.store.getState().phase !== 'in-call') return;
    if (!(peer.id in this.store.getState().peers))
      this.store.getState().notify('notice.joined', { name: peer.name });
    this.unconfirmed.confirm(peer.id);
    this.store.getState().upsertPeer(peer);
    // An existing connection (the peer resumed after a server restart) is kept, and retried
    // if it failed for want of a relay: the peer comes back with fresh TURN credentials.
    const existing = this.sessions.get(peer.id);
    if (!existing) this.openSession(peer.id, true);
    else if (existing.relayFailed) existing.restartIce();
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
      iceTransportPolicy: this.iceTransportPolicy,
      localStream: this.localStream,
      send: (signal) => {
        void this.signaling?.signal({ to: peerId, ...signal }).catch((err: unknown) => {
          console.warn('signal not delivered', err);
        });
      },
      onRemoteMedia: () => this.store.getState().bumpPeerMedia(peerId),
      onRemoteScreen: (stream) => {
        if (stream) this.screens.set(peerId, stream);
        else this.screens.delete(peerId);
        this.store.getState().setPeerScreen(peerId, stream !== null);
      },
      onMessage: (data) => this.chat.receive(peerId, data),
      onConnectionState: (state) => {
        // A peer the server no longer knows, whose connection is gone too, has left for good.
        if ((state === 'failed' || state === 'closed') && this.unconfirmed.has(peerId)) {
          this.dropPeer(peerId);
          return;
        }
        const before = this.store.getState().peers[peerId]?.link;
        // Connecting again after having been up (an ICE restart) is reconnecting.
        const wasUp = before === 'connected' || before === 'reconnecting' || before === 'failed';
        // Without a relay candidate nothing will change until new credentials arrive: say so.
        const link =
          session.relayFailed && state !== 'connected'
            ? 'relay-failed'
            : state === 'connecting' && wasUp
              ? 'reconnecting'
              : linkOf[state];
        if (link) this.store.getState().setPeerLink(peerId, link);
        if (state === 'connected') void this.deriveSafetyCode(session);
        // ICE restarts (impolite side, with backoff) are the session's own business.
      },
      onRelayFailed: () => this.store.getState().setPeerLink(peerId, 'relay-failed'),
      onError: (err) => console.warn(`peer ${peerId}:`, err),
    });
    for (const [track, stream] of this.outgoing) session.addTrack(track, stream);
    this.sessions.set(peerId, session);
    this.shareVideoBudget();
    this.media.attach(session);
    return session;
  }

  private async deriveSafetyCode(session: PeerSession): Promise<void> {
    const sdp = session.descriptions();
    const code = sdp && (await safetyCodeFromSdp(sdp.local, sdp.remote));
    if (code && !session.isClosed()) this.store.getState().setPeerSafetyCode(session.peerId, code);
  }

  /** The server assumes microphone and camera on at join; tell it what is really sent. */
  private publishSending(self: PeerInfo): void {
    const { micOn, cameraOn, sharing } = this.store.getState();
    const patch: UpdateRequest = {};
    if (self.audio !== micOn) patch.audio = micOn;
    if (self.video !== cameraOn) patch.video = cameraOn;
    if (self.screen !== sharing) patch.screen = sharing;
    if (Object.keys(patch).length > 0) this.publish(patch);
  }

  private publish(patch: UpdateRequest): void {
    if (this.store.getState().phase !== 'in-call') return;
    void this.signaling?.update(patch).catch((err: unknown) => {
      console.warn('state not delivered', err);
    });
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
    state.setSending(kind === 'video' ? { cameraOn: false } : { micOn: false });
    this.publish({ [kind]: false });
  }

  private dropPeer(id: PeerId): void {
    const session = this.sessions.get(id);
    this.unconfirmed.confirm(id);
    this.sessions.delete(id);
    this.screens.delete(id);
    this.monitor.forget(id);
    const name = this.store.getState().peers[id]?.name;
    if (name !== undefined) this.store.getState().notify('notice.left', { name });
    this.store.getState().removePeer(id);
    session?.close();
    this.shareVideoBudget();
  }

  /** Every connection's camera encoding gets its share of this machine and its upload. */
  private shareVideoBudget(): void {
    const limit = videoLimitFor(this.sessions.size);
    for (const session of this.sessions.values()) {
      session.limitVideo(limit).catch((err: unknown) => {
        if (!session.isClosed()) console.warn(`peer ${session.peerId}: video limit`, err);
      });
    }
  }

  private closeSessions(): void {
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    this.screens.clear();
    this.unconfirmed.clear();
    this.store.getState().clearPeers();
  }

  private teardown(): void {
    this.outgoing.clear();
    this.monitor.stop();
    this.media.stopSharingNow();
    this.closeSessions();
    this.resumeSeq += 1;
    this.store.getState().clearChat();
    this.signaling?.close();
    this.signaling = null;
    this.store.getState().clearPeers();
  }
}
