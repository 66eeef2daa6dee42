import type { IceCandidate, PeerId, SessionDescription } from '../../../signal/protocol.ts';
import { IceRecovery } from './iceRecovery.ts';
import type { IceRecoveryOptions } from './iceRecovery.ts';
import { isStaleCandidate, isStaleDescription } from './staleSignal.ts';

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
  onRemoteMedia: (stream: MediaStream) => void;
  onConnectionState: (state: RTCPeerConnectionState) => void;
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
 * a camera on or off later is a replaceTrack with no renegotiation.
 */
export class PeerSession {
  readonly peerId: PeerId;
  readonly pc: RTCPeerConnection;
  readonly remoteStream = new MediaStream();
  private readonly opts: PeerSessionOptions;
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  private closedFlag = false;
  /** Incoming signals are applied strictly in order. */
  private queue: Promise<void> = Promise.resolve();
  private camera: { audio?: RTCRtpTransceiver; video?: RTCRtpTransceiver } = {};
  private readonly recovery: IceRecovery;
  private answerTimer: ReturnType<typeof setTimeout> | null = null;
  /** Counters read by tests and diagnostics. */
  readonly stats = {
    offersIgnored: 0,
    rollbacks: 0,
    offersSent: 0,
    iceRestarts: 0,
    /** Descriptions and candidates of an earlier negotiation, dropped. */
    staleIgnored: 0,
  };

  constructor(opts: PeerSessionOptions) {
    this.opts = opts;
    this.peerId = opts.peerId;
    this.pc = new RTCPeerConnection({
      iceServers: opts.iceServers,
      ...(opts.iceTransportPolicy && { iceTransportPolicy: opts.iceTransportPolicy }),
    });
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      if (this.isClosed()) return;
      this.opts.send({ candidate: candidate ? candidate.toJSON() : null });
    };
    this.pc.ontrack = ({ track }) => {
      if (this.isClosed()) return;
      if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
      track.onended = () => {
        this.remoteStream.removeTrack(track);
        this.opts.onRemoteMedia(this.remoteStream);
      };
      this.opts.onRemoteMedia(this.remoteStream);
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
    const stream = this.opts.localStream;
    for (const kind of ['audio', 'video'] as const) {
      const track = stream.getTracks().find((t) => t.kind === kind);
      this.camera[kind] = this.pc.addTransceiver(track ?? kind, {
        direction: 'sendrecv',
        streams: [stream],
      });
    }
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
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.camera[kind];
    if (transceiver) await transceiver.sender.replaceTrack(track);
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

  close(): void {
    if (this.isClosed()) return;
    this.closedFlag = true;
    this.recovery.dispose();
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
    for (const track of this.remoteStream.getTracks()) track.onended = null;
  }

  private async negotiate(): Promise<void> {
    if (this.isClosed()) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      if (local?.type === 'offer' && !this.isClosed()) {
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
        this.adoptCameraTransceivers();
        await pc.setLocalDescription();
        const local = pc.localDescription;
        if (local && !this.isClosed())
          this.opts.send({ description: { type: 'answer', sdp: local.sdp } });
      }
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

  /**
   * An answer is only current while our offer waits for it; any description no
   * newer than the remote one already applied is a replay.
   */
  private isStale(description: SessionDescription): boolean {
    if (description.type === 'answer' && this.pc.signalingState !== 'have-local-offer') return true;
    return isStaleDescription(description.sdp, this.pc.remoteDescription?.sdp ?? null);
  }

  /**
   * The answerer's side of the camera layout: take the first audio and video
   * transceivers the remote offered and send our camera on them.
   */
  private adoptCameraTransceivers(): void {
    const stream = this.opts.localStream;
    for (const kind of ['audio', 'video'] as const) {
      if (this.camera[kind]) continue;
      const transceiver = this.pc
        .getTransceivers()
        .find((t) => t.receiver.track.kind === kind && t.mid !== null);
      if (!transceiver) continue;
      this.camera[kind] = transceiver;
      transceiver.direction = 'sendrecv';
      transceiver.sender.setStreams(stream);
      const track = stream.getTracks().find((t) => t.kind === kind);
      if (track) void transceiver.sender.replaceTrack(track);
    }
  }
}
