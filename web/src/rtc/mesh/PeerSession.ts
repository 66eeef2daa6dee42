import type { PeerId } from '../../../../signal/protocol.ts';
import type { VideoLimit } from './videoBudget.ts';
import { CameraTransceivers } from './cameraTransceivers.ts';
import type { IceRecoveryOptions } from '../iceRecovery.ts';
import { Negotiation } from './negotiation.ts';
import type { IncomingSignal, OutgoingSignal } from './negotiation.ts';
import { ChatChannel } from './chatChannel.ts';
import { PeerIce } from './peerIce.ts';
import { ScreenTransceivers } from './screenTransceivers.ts';
import { markJoin } from '../../lib/joinTimeline.ts';
import { zeroCounters } from '../MediaPath.ts';

export type { IncomingSignal, OutgoingSignal } from './negotiation.ts';

export interface PeerSessionOptions {
  peerId: PeerId;
  /** Perfect negotiation role: the earlier peer is polite, the newcomer impolite. */
  polite: boolean;
  iceServers: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** The local camera/microphone stream (may have no tracks when receiving only). */
  localStream: MediaStream;
  send: (signal: OutgoingSignal) => void;
  /** Their camera stream gained or lost a track. */
  onRemoteMedia: (stream: MediaStream) => void;
  /** Their screen share started (a stream with its one video track) or stopped (null). */
  onRemoteScreen?: (stream: MediaStream | null) => void;
  /** A text frame on the data channel (chat); untrusted. */
  onMessage?: (data: string) => void;
  /** The negotiated `files` data channel (id 1), made once per connection (rtc/files/). */
  onFilesChannel?: (channel: RTCDataChannel) => void;
  onConnectionState: (state: RTCPeerConnectionState) => void;
  /** Relay-only, and a round of candidate gathering ended without a single relay candidate. */
  onRelayFailed?: () => void;
  onError: (err: unknown) => void;
  /** A spare (spareOffer.ts): its first offer waits for its peer; no answer is awaited until `released`. */
  held?: boolean;
  /** Timings of ICE restarts (tests shorten them). */
  iceRecovery?: Pick<IceRecoveryOptions, 'stuckMs' | 'minGapMs' | 'maxGapMs'>;
}

/**
 * One remote participant of the mesh: its RTCPeerConnection and the parts that work on it.
 * - negotiation.ts: perfect negotiation, in-order signals, resync after signaling was away.
 * - cameraTransceivers.ts: our camera and microphone on one audio and one video transceiver,
 *   laid out by the newcomer's first offer, so camera changes never renegotiate; the video limit.
 * - screenTransceivers.ts: our screen on a transceiver of its own (the one change that
 *   renegotiates, from either side), and finding theirs.
 * - chatChannel.ts: the negotiated chat data channel; beside it the `files` channel, handed out
 *   to rtc/files/ (FileShare) as soon as it is made.
 * - peerIce.ts: our candidates out, noticing a relay-only failure (relayWatch.ts), ICE restarts
 *   with backoff (iceRecovery.ts; the impolite side drives them), fresh servers from a rejoin.
 */
export class PeerSession {
  /** For diagnostics (the e2e build's hooks) and part tests; nothing else reads it. */
  readonly pc: RTCPeerConnection;
  /** Their camera and microphone. */
  readonly remoteStream = new MediaStream();
  /** Counters read by tests and diagnostics. */
  readonly stats = zeroCounters();
  private readonly opts: PeerSessionOptions;
  private closedFlag = false;
  /** Set once the first offer/answer exchange completed: our screen may follow. */
  private negotiated = false;
  private readonly negotiation: Negotiation;
  private readonly camera: CameraTransceivers;
  private readonly screens: ScreenTransceivers;
  private readonly chat: ChatChannel;
  private filesChannel: RTCDataChannel | null = null;
  private readonly ice: PeerIce;

  constructor(opts: PeerSessionOptions) {
    this.opts = opts;
    const pc = new RTCPeerConnection({
      iceServers: opts.iceServers,
      bundlePolicy: 'max-bundle',
      ...(opts.iceTransportPolicy && { iceTransportPolicy: opts.iceTransportPolicy }),
    });
    this.pc = pc;
    this.camera = new CameraTransceivers(pc, opts.localStream);
    this.screens = new ScreenTransceivers(pc, (stream) => this.opts.onRemoteScreen?.(stream));
    this.chat = new ChatChannel(pc, (data) => {
      if (!this.isClosed()) this.opts.onMessage?.(data);
    });
    this.negotiation = new Negotiation(pc, {
      polite: opts.polite,
      send: (signal) => this.opts.send(signal),
      beforeAnswer: () => {
        this.camera.adopt();
        this.openChannels();
      },
      afterDescription: () => {
        this.camera.attachAdopted();
        return this.camera.applyLimit();
      },
      onError: (err) => this.opts.onError(err),
      counters: this.stats,
      ...(opts.held && { held: true }),
    });
    this.ice = new PeerIce(pc, opts, {
      counters: this.stats,
      isClosed: () => this.isClosed(),
      restart: () => this.restartIce(),
    });
    pc.ontrack = ({ track, transceiver, streams }) => {
      if (this.isClosed()) return;
      // Any other video is their screen (screenTransceivers.ts finds it).
      if (!this.camera.carries(transceiver)) {
        this.refreshRemoteScreen();
        return;
      }
      if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
      track.onended = () => this.dropRemoteTrack(track);
      // The browser takes a track out of the remote peer's streams when the remote stops sending it.
      for (const source of streams)
        source.onremovetrack = ({ track: gone }) => this.dropRemoteTrack(gone);
      this.opts.onRemoteMedia(this.remoteStream);
    };
    pc.onconnectionstatechange = () => {
      if (this.isClosed()) return;
      if (pc.connectionState === 'connected') markJoin('connected', this.peerId);
      if (pc.connectionState === 'connected' || pc.connectionState === 'failed') this.settle();
      this.ice.update(pc.connectionState);
      this.opts.onConnectionState(pc.connectionState);
    };
    pc.onsignalingstatechange = () => {
      if (this.isClosed() || pc.signalingState !== 'stable') return;
      if (pc.currentLocalDescription && pc.currentRemoteDescription) {
        this.negotiated = true;
        this.applyScreen();
      }
      this.refreshRemoteScreen();
    };
  }

  /** Read from the options each time: a spare is given its peer later (spareOffer.ts). */
  get peerId(): PeerId {
    return this.opts.peerId;
  }

  /** A method, not a field read: it changes across awaits. */
  isClosed(): boolean {
    return this.closedFlag;
  }

  get polite(): boolean {
    return this.opts.polite;
  }

  /**
   * The newcomer's side: opens the chat channel, lays out the camera, and offers. Resolves once
   * the offer is sent (or failed: onError).
   */
  start(): Promise<void> {
    this.openChannels();
    this.camera.layOut();
    return this.negotiation.offerNow();
  }

  private settle: () => void = () => undefined;
  /**
   * Resolves once the connection is first up (ICE and DTLS), or fails, or this session closes:
   * when the views may show it (MeshPath.enter, MeshPath.peerJoined).
   */
  readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  /** Applies a description or candidate from the remote peer, in arrival order. */
  handleSignal(signal: IncomingSignal): Promise<void> {
    return this.negotiation.handleSignal(signal);
  }

  /** Puts this track on its sender, unless it is there already (a spare's adoption). */
  syncTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    return this.camera.sync(kind, track);
  }

  /** A spare's offer was held until it had its peer: from now on its answer is awaited. */
  released(): void {
    this.negotiation.release();
  }

  /** Swaps the outgoing camera or microphone track without renegotiation. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    return this.camera.replaceTrack(kind, track);
  }

  /**
   * Caps the camera's encoding for this connection; kept and applied again whenever the camera
   * track or the negotiated layout changes.
   */
  limitVideo(limit: VideoLimit | null): Promise<void> {
    return this.camera.limitVideo(limit);
  }

  /** The receiver of their microphone, for speaking detection. */
  get audioReceiver(): RTCRtpReceiver | null {
    return this.camera.audioReceiver;
  }

  /** Their screen share as it arrives here, if any. */
  get remoteScreen(): MediaStreamTrack | null {
    return this.screens.remote;
  }

  /**
   * Starts (track) or stops (null) sending our screen, which renegotiates. Before the first
   * negotiation completed it is only remembered, so the camera keeps the first m-lines.
   */
  setScreenTrack(track: MediaStreamTrack | null, stream?: MediaStream): void {
    this.screens.want(track, stream);
    this.applyScreen();
  }

  /** Sends a text frame (chat) on the data channel, or queues it until the channel opens. */
  sendData(data: string): void {
    this.chat.send(data);
  }

  /** The connection's statistics (for the quality badge), or null once closed. */
  async getStats(): Promise<RTCStatsReport | null> {
    if (this.isClosed()) return null;
    return this.pc.getStats().catch(() => null);
  }

  /** The local and remote SDP, for the safety code; null until both are known. */
  descriptions(): { local: string; remote: string } | null {
    const local = this.pc.currentLocalDescription?.sdp;
    const remote = this.pc.currentRemoteDescription?.sdp;
    return local && remote ? { local, remote } : null;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  restartIce(): void {
    this.negotiation.restartIce();
  }

  /** After signaling came back: see Negotiation.resync. */
  resync(): Promise<void> {
    return this.negotiation.resync();
  }

  /** New STUN/TURN servers (fresh TURN credentials): see PeerIce.setIceServers. */
  setIceServers(iceServers: RTCIceServer[]): void {
    this.ice.setIceServers(iceServers);
  }

  /** Fresh servers from a rejoin: see PeerIce.tryFreshServers. */
  tryFreshServers(): void {
    this.ice.tryFreshServers();
  }

  /** Relay-only and the last gathering found no relay: only new credentials or a new relay help. */
  get relayFailed(): boolean {
    return this.ice.relayFailed;
  }

  close(): void {
    if (this.isClosed()) return;
    this.closedFlag = true;
    this.settle();
    this.negotiation.close();
    this.ice.close();
    const { pc } = this;
    pc.ontrack = null;
    pc.onconnectionstatechange = null;
    pc.onsignalingstatechange = null;
    this.chat.close();
    pc.close();
    for (const track of this.remoteStream.getTracks()) track.onended = null;
  }

  /** Both ends make the negotiated channels themselves: no negotiation is needed for them. */
  private openChannels(): void {
    this.chat.open();
    if (this.filesChannel) return;
    this.filesChannel = this.pc.createDataChannel('files', { negotiated: true, id: 1 });
    this.opts.onFilesChannel?.(this.filesChannel);
  }

  private dropRemoteTrack(track: MediaStreamTrack): void {
    if (this.isClosed() || !this.remoteStream.getTracks().includes(track)) return;
    this.remoteStream.removeTrack(track);
    this.opts.onRemoteMedia(this.remoteStream);
  }

  private applyScreen(): void {
    if (!this.isClosed() && this.negotiated) this.screens.apply();
  }

  private refreshRemoteScreen(): void {
    if (!this.isClosed()) this.screens.refreshRemote(this.camera.transceiver('video'));
  }
}
