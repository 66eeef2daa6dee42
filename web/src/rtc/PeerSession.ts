import type { IceCandidate, PeerId, SessionDescription } from '../../../signal/protocol.ts';

export type OutgoingSignal =
  { description: SessionDescription } | { candidate: IceCandidate | null };

export type IncomingSignal =
  | { description: SessionDescription; candidate?: never }
  | { candidate: IceCandidate | null; description?: never };

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
  /** Relay-only, and a round of candidate gathering ended without a single relay candidate. */
  onRelayFailed?: () => void;
  onError: (err: unknown) => void;
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
  /** Counters read by tests and diagnostics. */
  readonly stats = {
    offersIgnored: 0,
    rollbacks: 0,
    offersSent: 0,
    relayCandidates: 0,
    candidateErrors: 0,
  };
  /** Relay candidates of the current gathering round. */
  private roundRelayCandidates = 0;
  private relayFailedFlag = false;

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
      if (candidate?.type === 'relay') {
        this.stats.relayCandidates += 1;
        this.roundRelayCandidates += 1;
      }
      this.opts.send({ candidate: candidate ? candidate.toJSON() : null });
    };
    // Expired or wrong TURN credentials, or an unreachable TURN server, show up here (401, 701).
    this.pc.onicecandidateerror = () => {
      this.stats.candidateErrors += 1;
    };
    this.pc.onicegatheringstatechange = () => this.onGatheringState();
    this.pc.ontrack = ({ track }) => {
      if (this.isClosed()) return;
      if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
      track.onended = () => {
        this.remoteStream.removeTrack(track);
        this.opts.onRemoteMedia(this.remoteStream);
      };
      this.opts.onRemoteMedia(this.remoteStream);
    };
    this.pc.onconnectionstatechange = () => {
      if (!this.isClosed()) this.opts.onConnectionState(this.pc.connectionState);
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
    if (!this.isClosed()) this.pc.restartIce();
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
    return this.relayFailedFlag;
  }

  close(): void {
    if (this.isClosed()) return;
    this.closedFlag = true;
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onicecandidateerror = null;
    this.pc.onicegatheringstatechange = null;
    this.pc.close();
    for (const track of this.remoteStream.getTracks()) track.onended = null;
  }

  private onGatheringState(): void {
    if (this.isClosed()) return;
    const state = this.pc.iceGatheringState;
    if (state === 'gathering') {
      this.roundRelayCandidates = 0;
      this.relayFailedFlag = false;
    } else if (
      state === 'complete' &&
      this.opts.iceTransportPolicy === 'relay' &&
      this.roundRelayCandidates === 0
    ) {
      this.relayFailedFlag = true;
      this.opts.onRelayFailed?.();
    }
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
      }
    } catch (err) {
      if (!this.isClosed()) this.opts.onError(err);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(signal: IncomingSignal): Promise<void> {
    if (this.isClosed()) return;
    const { pc } = this;
    if (signal.description) {
      const description = signal.description;
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
    try {
      await pc.addIceCandidate(signal.candidate ?? undefined);
    } catch (err) {
      // Candidates of an offer we ignored are expected to fail.
      if (!this.ignoreOffer) throw err;
    }
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
