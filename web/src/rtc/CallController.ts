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

  /** Opens camera and microphone once (for the preview); later calls reuse them. */
  prepareMedia(): Promise<void> {
    this.mediaRequest ??= (async () => {
      this.store
        .getState()
        .setLocalMedia({ status: 'requesting', error: null, hasAudio: false, hasVideo: false });
      const { stream, error } = await openLocalMedia(this.media.rememberedDevices());
      this.localStream = stream;
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

  /** Stops the camera and microphone (their lights go off). */
  releaseMedia(): void {
    if (this.store.getState().phase !== 'idle') return;
    this.media.release();
    for (const track of this.localStream.getTracks()) track.stop();
    this.localStream = new MediaStream();
    this.mediaRequest = null;
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
    if (this.store.getState().phase === 'in-call') this.signaling?.leaveNow();
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
    socket.on('disconnect', (reason) => {
      // A server that closed us on purpose (restart, shutdown) is not retried by Socket.IO itself.
      if (reason === 'io server disconnect' && this.current)
        setTimeout(() => signaling.connect(), 1000);
    });
    this.signaling = signaling;
    return signaling;
  }

  /** Back on the server after a drop: rejoin with the resume token, keeping every peer connection. */
  private async resume(): Promise<void> {
    const current = this.current;
    const signaling = this.signaling;
    if (!current || !signaling || this.store.getState().phase !== 'in-call') return;
    try {
      const result = await signaling.join({
        ...current,
        ...(this.resumeToken !== null && { resume: this.resumeToken }),
      });
      this.resumeToken = result.resume;
      this.refreshIceServers(result.iceServers, result.peers);
      const state = this.store.getState();
      state.joined(result.self);
      this.publishSending(result.self);
      for (const peer of result.peers) {
        state.upsertPeer(peer);
        if (!this.sessions.has(peer.id)) this.openSession(peer.id, false).start();
      }
    } catch (err) {
      this.teardown();
      this.store.getState().fail(err instanceof CallError ? err.code : ClientErrorCode.Unreachable);
    }
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

  private onPeerJoined(peer: PeerInfo): void {
    if (this.store.getState().phase !== 'in-call') return;
    if (!(peer.id in this.store.getState().peers))
      this.store.getState().notify(`${peer.name} joined`);
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
        // Without a relay candidate nothing will change until new credentials arrive: say so.
        const link = session.relayFailed && state !== 'connected' ? 'relay-failed' : linkOf[state];
        if (link) this.store.getState().setPeerLink(peerId, link);
        if (state === 'connected') void this.deriveSafetyCode(session);
        // The impolite side restarts ICE when the path fails; the polite side waits for its offer.
        if (state === 'failed' && !session.polite && !session.relayFailed) session.restartIce();
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

  private dropPeer(id: PeerId): void {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    this.screens.delete(id);
    this.monitor.forget(id);
    const name = this.store.getState().peers[id]?.name;
    if (name !== undefined) this.store.getState().notify(`${name} left`);
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

  private teardown(): void {
    this.outgoing.clear();
    this.monitor.stop();
    this.media.stopSharingNow();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    this.screens.clear();
    this.store.getState().clearChat();
    this.signaling?.close();
    this.signaling = null;
    this.store.getState().clearPeers();
  }
}
