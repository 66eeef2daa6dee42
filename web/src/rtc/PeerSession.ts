import type { IceCandidate, PeerId, SessionDescription } from '../../../signal/protocol.ts';
import type { VideoLimit } from './videoBudget.ts';
import { CameraTransceivers } from './cameraTransceivers.ts';
import { IceRecovery } from './iceRecovery.ts';
import type { IceRecoveryOptions } from './iceRecovery.ts';
import { isStaleCandidate, isStaleDescription } from './staleSignal.ts';
import { ChatChannel } from './chatChannel.ts';
import { RelayWatch } from './relayWatch.ts';
import { ScreenTransceivers } from './screenTransceivers.ts';

export type OutgoingSignal =
  { description: SessionDescription } | { candidate: IceCandidate | null };

export type IncomingSignal =
  | { description: SessionDescription; candidate?: never }
  | { candidate: IceCandidate | null; description?: never };

/** An offer unanswered this long was lost (or its answer was): negotiate again. */
const ANSWER_TIMEOUT_MS = 10_000;

export interface PeerSessionOptions {
  peerId: PeerId;
  /** Perfect negotiation role: the earlier peer is polite, the newcomer impolite. */
  polite: boolean;
  iceServers: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** The local camera/microphone stream (may have no tracks when receiving only). */
  localStream: MediaStream;
  send: (signal: OutgoingSignal) => void;
  /** The remote camera stream or one of the remote extra streams gained or lost a track. */
  onRemoteMedia: (stream: MediaStream) => void;
  /** Their screen share started (a stream with its one video track) or stopped (null). */
  onRemoteScreen?: (stream: MediaStream | null) => void;
  /** A text frame on the data channel (chat); untrusted. */
  onMessage?: (data: string) => void;
  onConnectionState: (state: RTCPeerConnectionState) => void;
  /** Relay-only, and a round of candidate gathering ended without a single relay candidate. */
  onRelayFailed?: () => void;
  onError: (err: unknown) => void;
  /** Timings of ICE restarts (tests shorten them). */
  iceRecovery?: Pick<IceRecoveryOptions, 'stuckMs' | 'minGapMs' | 'maxGapMs'>;
}

/**
 * One remote participant: owns its RTCPeerConnection and implements perfect
 * negotiation (makingOffer / ignoreOffer / isSettingRemoteAnswerPending).
 *
 * Layout: the camera is always one audio and one video transceiver, created
 * by the newcomer's first offer and adopted by the answerer, so that turning
 * a camera on or off later is a replaceTrack with no renegotiation. Our screen
 * share is a further video transceiver (screenTransceivers.ts). Tracks given to
 * addTrack() (only the end-to-end suite's glare test sends any) each get a
 * send-only transceiver of their own, which renegotiates from either side.
 *
 * Chat: one negotiated data channel (chatChannel.ts). The newcomer creates it
 * before its first offer; the other side creates it when applying that offer,
 * so it never starts a negotiation of its own. Relay-only failures are noticed
 * by relayWatch.ts.
 */
export class PeerSession {
  readonly peerId: PeerId;
  readonly pc: RTCPeerConnection;
  /** The remote camera and microphone only. */
  readonly remoteStream = new MediaStream();
  /** What the remote sends besides its camera, by the remote stream's id. */
  readonly extraStreams = new Map<string, MediaStream>();
  private readonly opts: PeerSessionOptions;
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  private closedFlag = false;
  /** Incoming signals are applied strictly in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly camera: CameraTransceivers;
  /** Is the camera layout settled, so that extra transceivers can follow it? */
  private laidOut = false;
  /** Extra outgoing tracks; the transceiver is missing until the layout is settled. */
  private readonly extras = new Map<
    MediaStreamTrack,
    { stream: MediaStream; transceiver?: RTCRtpTransceiver }
  >();
  private readonly chat: ChatChannel;
  /** Set once the first offer/answer exchange completed. */
  private negotiated = false;
  private readonly screens: ScreenTransceivers;
  private readonly recovery: IceRecovery;
  private answerTimer: ReturnType<typeof setTimeout> | null = null;
  /** Counters read by tests and diagnostics. */
  readonly stats = {
    offersIgnored: 0,
    rollbacks: 0,
    offersSent: 0,
    relayCandidates: 0,
    candidateErrors: 0,
    iceRestarts: 0,
    /** Descriptions and candidates of an earlier negotiation, dropped. */
    staleIgnored: 0,
  };
  private readonly relayWatch: RelayWatch;

  constructor(opts: PeerSessionOptions) {
    this.opts = opts;
    this.peerId = opts.peerId;
    this.pc = new RTCPeerConnection({
      iceServers: opts.iceServers,
      ...(opts.iceTransportPolicy && { iceTransportPolicy: opts.iceTransportPolicy }),
    });
    this.camera = new CameraTransceivers(this.pc, opts.localStream);
    this.screens = new ScreenTransceivers(this.pc, (stream) => this.opts.onRemoteScreen?.(stream));
    this.chat = new ChatChannel(this.pc, (data) => {
      if (!this.isClosed()) this.opts.onMessage?.(data);
    });
    this.relayWatch = new RelayWatch(opts.iceTransportPolicy === 'relay', this.stats, () =>
      this.opts.onRelayFailed?.(),
    );
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      if (this.isClosed()) return;
      this.relayWatch.candidate(candidate);
      this.opts.send({ candidate: candidate ? candidate.toJSON() : null });
    };
    // Expired or wrong TURN credentials, or an unreachable TURN server, show up here (401, 701).
    this.pc.onicecandidateerror = () => this.relayWatch.candidateError();
    this.pc.onicegatheringstatechange = () => {
      if (!this.isClosed()) this.relayWatch.gatheringState(this.pc.iceGatheringState);
    };
    this.pc.ontrack = ({ track, transceiver, streams }) => {
      if (this.isClosed()) return;
      // A video other than the camera may be their screen share (see the class comment).
      if (!this.isCamera(transceiver)) this.refreshRemoteScreen();
      const target = this.isCamera(transceiver) ? this.remoteStream : this.extraStreamFor(streams);
      if (!target.getTracks().includes(track)) target.addTrack(track);
      track.onended = () => this.dropRemoteTrack(track);
      // The browser takes a track out of the remote peer's streams when the remote stops sending it.
      for (const source of streams)
        source.onremovetrack = ({ track: gone }) => this.dropRemoteTrack(gone);
      this.opts.onRemoteMedia(target);
    };
    this.recovery = new IceRecovery({
      ...opts.iceRecovery,
      drives: !opts.polite,
      restart: () => this.restartIce(),
    });
    this.pc.onconnectionstatechange = () => {
      if (this.isClosed()) return;
      this.recovery.update(this.pc.connectionState);
      this.opts.onConnectionState(this.pc.connectionState);
    };
    this.pc.onsignalingstatechange = () => {
      if (this.isClosed() || this.pc.signalingState !== 'stable') return;
      if (this.pc.currentLocalDescription && this.pc.currentRemoteDescription) {
        this.negotiated = true;
        this.applyScreen();
      }
      this.refreshRemoteScreen();
    };
  }

  /** A method, not a field read: it changes across awaits. */
  isClosed(): boolean {
    return this.closedFlag;
  }

  get polite(): boolean {
    return this.opts.polite;
  }

  /** The newcomer's side: lay out the camera transceivers, which starts the first offer. */
  start(): void {
    this.openChannel();
    this.camera.layOut();
    this.settleLayout();
  }

  /**
   * Sends `track` besides the camera on a transceiver of its own; this
   * renegotiates, from whichever side calls it (perfect negotiation sorts out
   * both sides doing so at once).
   */
  addTrack(track: MediaStreamTrack, stream: MediaStream): void {
    if (this.isClosed() || this.extras.has(track)) return;
    this.extras.set(track, { stream });
    if (this.laidOut) this.sendExtra(track, stream);
  }

  /** Stops sending an extra track; its m-line is rejected, which renegotiates. */
  removeTrack(track: MediaStreamTrack): void {
    const extra = this.extras.get(track);
    this.extras.delete(track);
    if (extra?.transceiver && !this.isClosed()) extra.transceiver.stop();
  }

  /** Applies a description or candidate from the remote peer, in arrival order. */
  handleSignal(signal: IncomingSignal): Promise<void> {
    const next = this.queue
      .then(() => this.apply(signal))
      .catch((err: unknown) => {
        if (!this.isClosed()) this.opts.onError(err);
      });
    this.queue = next;
    return next;
  }

  /** Swaps the outgoing camera or microphone track without renegotiation. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    return this.camera.replaceTrack(kind, track);
  }

  /**
   * Caps the camera's encoding for this connection; kept and applied again
   * whenever the camera track or the negotiated layout changes.
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
   * Starts (track) or stops (null) sending our screen. Before the first
   * negotiation completed it is only remembered, so the camera keeps the
   * first m-lines.
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

  restartIce(): void {
    if (this.isClosed()) return;
    this.stats.iceRestarts += 1;
    this.pc.restartIce();
  }

  /**
   * After signaling came back: whatever was sent while it was away is lost, so
   * an offer still waiting for its answer is withdrawn and negotiation starts
   * over with an ICE restart. A connection that is up and settled is left alone.
   */
  async resync(): Promise<void> {
    if (this.isClosed()) return;
    const settled = this.pc.signalingState === 'stable' && this.pc.connectionState === 'connected';
    if (settled) return;
    const step = this.queue
      .then(async () => {
        if (this.isClosed()) return;
        if (this.pc.signalingState === 'have-local-offer' && !this.makingOffer) {
          await this.pc.setLocalDescription({ type: 'rollback' });
        }
        if (this.pc.signalingState === 'stable' && !this.opts.polite) this.restartIce();
      })
      .catch((err: unknown) => {
        if (!this.isClosed()) this.opts.onError(err);
      });
    this.queue = step;
    await step;
  }

  /** New STUN/TURN servers (fresh TURN credentials): used by the next gathering, e.g. an ICE restart. */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (this.isClosed()) return;
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    } catch (err) {
      // The connection keeps its old servers; that is no reason to end the call.
      this.opts.onError(err);
    }
  }

  /** Relay-only and the last gathering found no relay: only new credentials or a new relay help. */
  get relayFailed(): boolean {
    return this.relayWatch.relayFailed;
  }

  close(): void {
    if (this.isClosed()) return;
    this.closedFlag = true;
    this.recovery.dispose();
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onicecandidateerror = null;
    this.pc.onicegatheringstatechange = null;
    this.pc.onsignalingstatechange = null;
    this.chat.close();
    this.pc.close();
    for (const stream of [this.remoteStream, ...this.extraStreams.values()])
      for (const track of stream.getTracks()) track.onended = null;
  }

  private async negotiate(): Promise<void> {
    if (this.isClosed()) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      // A remote offer applied meanwhile (the polite side's rollback) leaves
      // localDescription pointing at an older description: send only a live offer.
      const local = this.pc.pendingLocalDescription;
      if (
        this.pc.signalingState === 'have-local-offer' &&
        local?.type === 'offer' &&
        !this.isClosed()
      ) {
        this.stats.offersSent += 1;
        this.opts.send({ description: { type: 'offer', sdp: local.sdp } });
        this.watchForAnswer(local.sdp);
      }
    } catch (err) {
      if (!this.isClosed()) this.opts.onError(err);
    } finally {
      this.makingOffer = false;
    }
  }

  private watchForAnswer(offerSdp: string): void {
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.answerTimer = setTimeout(() => {
      this.answerTimer = null;
      const { signalingState, localDescription } = this.pc;
      if (signalingState === 'have-local-offer' && localDescription?.sdp === offerSdp) {
        void this.resync();
      }
    }, ANSWER_TIMEOUT_MS);
  }

  private async apply(signal: IncomingSignal): Promise<void> {
    if (this.isClosed()) return;
    const { pc } = this;
    if (signal.description) {
      const description = signal.description;
      if (this.isStale(description)) {
        this.stats.staleIgnored += 1;
        return;
      }
      const readyForOffer =
        !this.makingOffer && (pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.opts.polite && offerCollision;
      if (this.ignoreOffer) {
        this.stats.offersIgnored += 1;
        return;
      }
      if (offerCollision) this.stats.rollbacks += 1; // setRemoteDescription rolls back implicitly
      this.isSettingRemoteAnswerPending = description.type === 'answer';
      try {
        await pc.setRemoteDescription(description);
      } finally {
        this.isSettingRemoteAnswerPending = false;
      }
      if (description.type === 'offer') {
        this.camera.adopt();
        this.openChannel();
        await pc.setLocalDescription();
        const local = pc.localDescription;
        if (local?.type === 'answer' && !this.isClosed())
          this.opts.send({ description: { type: 'answer', sdp: local.sdp } });
        // Extras waiting for the layout go out in our own offer, after this answer.
        this.settleLayout();
      }
      await this.reapplyVideoLimit();
      return;
    }
    if (signal.candidate && isStaleCandidate(signal.candidate, pc.remoteDescription?.sdp ?? null)) {
      this.stats.staleIgnored += 1;
      return;
    }
    try {
      await pc.addIceCandidate(signal.candidate ?? undefined);
    } catch (err) {
      // Candidates of an offer we ignored are expected to fail.
      if (!this.ignoreOffer) throw err;
    }
  }

  /** Is this the transceiver carrying the remote camera or microphone? */
  private isCamera(transceiver: RTCRtpTransceiver): boolean {
    return this.camera.carries(transceiver);
  }

  private dropRemoteTrack(track: MediaStreamTrack): void {
    if (this.isClosed()) return;
    if (this.remoteStream.getTracks().includes(track)) {
      this.remoteStream.removeTrack(track);
      this.opts.onRemoteMedia(this.remoteStream);
    }
    for (const [id, stream] of this.extraStreams) {
      if (stream.getTracks().includes(track)) stream.removeTrack(track);
      if (stream.getTracks().some((t) => t.readyState === 'live')) continue;
      this.extraStreams.delete(id);
      this.opts.onRemoteMedia(stream);
    }
  }

  /** The remote's own stream for an extra track (it names it in its SDP). */
  private extraStreamFor(streams: readonly MediaStream[]): MediaStream {
    const stream = streams[0] ?? new MediaStream();
    if (!this.extraStreams.has(stream.id)) this.extraStreams.set(stream.id, stream);
    return stream;
  }

  private reapplyVideoLimit(): Promise<void> {
    return this.camera.applyLimit();
  }

  private settleLayout(): void {
    if (this.laidOut || this.isClosed()) return;
    this.laidOut = true;
    for (const [track, { stream }] of this.extras) this.sendExtra(track, stream);
  }

  private sendExtra(track: MediaStreamTrack, stream: MediaStream): void {
    const transceiver = this.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    this.extras.set(track, { stream, transceiver });
  }

  private openChannel(): void {
    this.chat.open();
  }

  private applyScreen(): void {
    if (!this.isClosed() && this.negotiated) this.screens.apply();
  }

  private refreshRemoteScreen(): void {
    if (!this.isClosed()) this.screens.refreshRemote(this.camera.transceiver('video'));
  }

  /**
   * An answer is only current while our offer waits for it; any description no
   * newer than the remote one already applied is a replay.
   */
  private isStale(description: SessionDescription): boolean {
    if (description.type === 'answer' && this.pc.signalingState !== 'have-local-offer') return true;
    return isStaleDescription(description.sdp, this.pc.remoteDescription?.sdp ?? null);
  }
}
