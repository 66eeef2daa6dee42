/**
 * The mesh media path: one PeerSession (peer connection) per remote participant, introduced
 * through the signaling server's `signal` relay. Holds the sessions, shares this machine's video
 * budget among them, derives safety codes, and after a rejoin gives up on peers the server no
 * longer lists once their connection is down (unconfirmedPeers.ts).
 */
import type {
  PeerId,
  PeerInfo,
  SignalMessage,
  SignalRequest,
} from '../../../../signal/protocol.ts';
import type { PeerLink } from '../../store/types.ts';
import type { MediaPath, MediaPathEvents, PathDiagnostics } from '../MediaPath.ts';
import { safetyCodeFromSdp } from '../safetyCode.ts';
import { whenIdle } from '../../lib/afterTask.ts';
import { PeerSession } from './PeerSession.ts';
import type { PeerSessionOptions } from './PeerSession.ts';
import { UnconfirmedPeers } from './unconfirmedPeers.ts';
import type { SpareSession } from './spareOffer.ts';
import { videoLimitFor } from './videoBudget.ts';

/**
 * How long a peer the server did not list on our rejoin may stay away before its connection is
 * given up (if it is not up by then). Longer than the server's grace period, so a peer that is
 * merely slow to resume is kept.
 */
const UNCONFIRMED_PEER_TIMEOUT_MS = 30_000;
/**
 * A connection's safety code is derived once the page is idle after `connected` (the moment
 * its first keyframes are under way), and within this long at the latest.
 */
const SAFETY_CODE_WITHIN_MS = 2000;

const linkOf: Partial<Record<RTCPeerConnectionState, PeerLink>> = {
  new: 'new',
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'reconnecting',
  failed: 'failed',
};

/** The mesh's use of the signaling server. */
export interface MeshSignaling {
  send(message: SignalRequest): void;
  /** Subscribes to signals relayed from the room; returns the unsubscribe. */
  onSignal(handler: (message: SignalMessage) => void): () => void;
}

export interface MeshPathOptions {
  signaling: MeshSignaling;
  events: MediaPathEvents;
  /** The camera/microphone stream every session sends from. */
  localStream: MediaStream;
  iceTransportPolicy: RTCIceTransportPolicy;
  /** Timings of ICE restarts and unconfirmed peers (part tests shorten them). */
  iceRecovery?: PeerSessionOptions['iceRecovery'];
  unconfirmedTimeoutMs?: number;
  /** Each connection's `files` data channel, for file sharing (rtc/files/). */
  onFilesChannel?: (id: PeerId, channel: RTCDataChannel) => void;
  /** A connection made ahead, whose offer waits for its peer (spareOffer.ts), if it fits these servers. */
  spare?: (iceServers: RTCIceServer[]) => SpareSession | null;
}

export class MeshPath implements MediaPath {
  private readonly sessions = new Map<PeerId, PeerSession>();
  private readonly screens = new Map<PeerId, MediaStream>();
  /** The last link state reported per peer. */
  private readonly links = new Map<PeerId, PeerLink>();
  private iceServers: RTCIceServer[] = [];
  private screen: { track: MediaStreamTrack; stream?: MediaStream } | null = null;
  private readonly unsubscribe: () => void;
  private readonly unconfirmed: UnconfirmedPeers;

  constructor(private readonly opts: MeshPathOptions) {
    this.unsubscribe = opts.signaling.onSignal((message) => this.onSignal(message));
    this.unconfirmed = new UnconfirmedPeers(
      opts.unconfirmedTimeoutMs ?? UNCONFIRMED_PEER_TIMEOUT_MS,
      (id) => {
        if (this.sessions.get(id)?.connectionState === 'connected') return false;
        this.giveUp(id);
        return true;
      },
    );
  }

  async enter(present: readonly PeerInfo[], iceServers: RTCIceServer[]): Promise<void> {
    this.iceServers = iceServers;
    // The newcomer offers to everyone already there.
    const newPeers = present.filter((peer) => !this.sessions.has(peer.id));
    const spare = newPeers.length > 0 ? (this.opts.spare?.(iceServers) ?? null) : null;
    const sessions = newPeers.map((peer, i) => this.open(peer.id, false, i === 0 ? spare : null));
    // The spare's offer is out already.
    await Promise.all(
      sessions.map((session, i) => (i === 0 && spare ? Promise.resolve() : session.start())),
    );
    // The call view shows once the connection to the first of them is up (RoomMembership.enterCall).
    if (sessions.length > 0) await Promise.race(sessions.map((session) => session.settled));
  }

  rejoined(present: readonly PeerInfo[], iceServers: RTCIceServer[]): void {
    this.refreshIceServers(iceServers, present);
    const listed = new Set(present.map((p) => p.id));
    this.unconfirmed.suspect([...this.sessions.keys()].filter((id) => !listed.has(id)));
    for (const peer of present) {
      this.unconfirmed.confirm(peer.id);
      // Someone who arrived while we were away is the newcomer: it offers (again, if its offer was lost).
      if (!this.sessions.has(peer.id)) this.open(peer.id, true);
    }
    // What was sent while away is lost: settle any half-done negotiation.
    for (const session of this.sessions.values()) void session.resync();
  }

  peerJoined(id: PeerId): Promise<void> {
    this.unconfirmed.confirm(id);
    // An existing connection (the peer resumed after a server restart) is kept. What we sent it
    // before it was back on the server was refused (`unknown-peer`), so an offer still waiting
    // for its answer goes again now; a connection that is not up restarts ICE: the peer comes
    // back with fresh TURN credentials, and so did we.
    const existing = this.sessions.get(id);
    if (!existing) return this.open(id, true).settled;
    existing.tryFreshServers();
    void existing.resync();
    return Promise.resolve();
  }

  peerLeft(id: PeerId): void {
    const session = this.sessions.get(id);
    this.unconfirmed.confirm(id);
    this.sessions.delete(id);
    this.screens.delete(id);
    this.links.delete(id);
    session?.close();
    this.shareVideoBudget();
  }

  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    for (const session of this.sessions.values()) void session.replaceTrack(kind, track);
  }

  setScreen(track: MediaStreamTrack | null, stream?: MediaStream): void {
    this.screen = track ? { track, ...(stream && { stream }) } : null;
    for (const session of this.sessions.values()) session.setScreenTrack(track, stream);
  }

  broadcast(data: string): void {
    for (const session of this.sessions.values()) session.sendData(data);
  }

  /**
   * Each sender encodes for each receiver here (within the video budget): pausing or shrinking
   * one receiver's video saves nothing.
   */
  setVideoDemand(): void {
    // Nothing to do (see MediaPath.setVideoDemand).
  }

  remote(id: PeerId): PeerSession | undefined {
    return this.sessions.get(id);
  }

  remotes(): Iterable<PeerSession> {
    return this.sessions.values();
  }

  remoteScreen(id: PeerId): MediaStream | null {
    return this.screens.get(id) ?? null;
  }

  diagnostics(): PathDiagnostics[] {
    return [...this.sessions.values()].map((s) => ({ peerId: s.peerId, pc: s.pc, stats: s.stats }));
  }

  close(): void {
    this.unsubscribe();
    this.unconfirmed.clear();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    this.screens.clear();
    this.links.clear();
  }

  private onSignal(message: SignalMessage): void {
    const session = this.sessions.get(message.from) ?? this.open(message.from, true);
    void session.handleSignal(
      message.description ? { description: message.description } : { candidate: message.candidate },
    );
  }

  /**
   * Every join ack carries TURN credentials with a fresh expiry: hand them to the live
   * connections so a later ICE restart can still allocate a relay, and retry the connections that
   * failed for want of one whose peer is there to answer (either side may start: perfect
   * negotiation settles a collision).
   */
  private refreshIceServers(iceServers: RTCIceServer[], present: readonly PeerInfo[]): void {
    this.iceServers = iceServers;
    const here = new Set(present.map((p) => p.id));
    for (const session of this.sessions.values()) {
      session.setIceServers(iceServers);
      if (here.has(session.peerId)) session.tryFreshServers();
    }
  }

  private open(peerId: PeerId, polite: boolean, spare: SpareSession | null = null): PeerSession {
    const { events } = this.opts;
    const options: PeerSessionOptions = {
      peerId,
      polite,
      iceServers: this.iceServers,
      iceTransportPolicy: this.opts.iceTransportPolicy,
      localStream: this.opts.localStream,
      ...(this.opts.iceRecovery && { iceRecovery: this.opts.iceRecovery }),
      send: (signal) => this.opts.signaling.send({ to: peerId, ...signal }),
      onRemoteMedia: () => events.remoteMedia(peerId),
      onRemoteScreen: (stream) => {
        if (stream) this.screens.set(peerId, stream);
        else this.screens.delete(peerId);
        events.remoteScreen(peerId, stream !== null);
      },
      onMessage: (data) => events.data(peerId, data),
      onFilesChannel: (channel) => this.opts.onFilesChannel?.(peerId, channel),
      onConnectionState: (state) => this.onConnectionState(session, state),
      onRelayFailed: () => this.setLink(peerId, 'relay-failed'),
      onError: (err) => console.warn(`peer ${peerId}:`, err),
    };
    const session = spare ? spare.adopt(options) : new PeerSession(options);
    if (this.screen) session.setScreenTrack(this.screen.track, this.screen.stream);
    this.sessions.set(peerId, session);
    this.shareVideoBudget();
    return session;
  }

  private onConnectionState(session: PeerSession, state: RTCPeerConnectionState): void {
    const { peerId } = session;
    // A peer the server no longer knows, whose connection is gone too, has left for good.
    if ((state === 'failed' || state === 'closed') && this.unconfirmed.has(peerId)) {
      this.giveUp(peerId);
      return;
    }
    const before = this.links.get(peerId);
    const wasUp = before === 'connected' || before === 'reconnecting' || before === 'failed';
    const link =
      // Without a relay candidate nothing will change until new credentials arrive: say so.
      session.relayFailed && state !== 'connected'
        ? 'relay-failed'
        : // Connecting again after having been up (an ICE restart) is reconnecting.
          state === 'connecting' && wasUp
          ? 'reconnecting'
          : linkOf[state];
    if (link) this.setLink(peerId, link);
    // Not now: the first keyframes are on their way, and the code is read only by people.
    if (state === 'connected')
      whenIdle(() => void this.deriveSafetyCode(session), SAFETY_CODE_WITHIN_MS);
    // ICE restarts (impolite side, with backoff) are the session's own business.
  }

  private setLink(id: PeerId, link: PeerLink): void {
    this.links.set(id, link);
    this.opts.events.link(id, link);
  }

  private giveUp(id: PeerId): void {
    this.peerLeft(id);
    this.opts.events.gone(id);
  }

  private async deriveSafetyCode(session: PeerSession): Promise<void> {
    const sdp = session.descriptions();
    const code = sdp && (await safetyCodeFromSdp(sdp.local, sdp.remote));
    if (code && !session.isClosed()) this.opts.events.safetyCode(session.peerId, code);
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
}
