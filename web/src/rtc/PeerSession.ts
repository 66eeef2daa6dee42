import type { IceCandidate, PeerId, SessionDescription } from '../../../signal/protocol.ts';
import { scaleFor } from './videoBudget.ts';
import type { VideoLimit } from './videoBudget.ts';

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
  /** The remote camera stream or one of the remote extra streams gained or lost a track. */
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
 * Anything sent besides the camera (a screen, say) is an extra send-only
 * transceiver added with addTrack(), which renegotiates from either side.
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
  private camera: { audio?: RTCRtpTransceiver; video?: RTCRtpTransceiver } = {};
  /** Is the camera layout settled, so that extra transceivers can follow it? */
  private laidOut = false;
  private videoLimit: VideoLimit | null = null;
  private limiting: Promise<void> = Promise.resolve();
  /** Extra outgoing tracks; the transceiver is missing until the layout is settled. */
  private readonly extras = new Map<
    MediaStreamTrack,
    { stream: MediaStream; transceiver?: RTCRtpTransceiver }
  >();
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
    this.pc.ontrack = ({ track, transceiver, streams }) => {
      if (this.isClosed()) return;
      const target = this.isCamera(transceiver) ? this.remoteStream : this.extraStreamFor(streams);
      if (!target.getTracks().includes(track)) target.addTrack(track);
      track.onended = () => this.dropRemoteTrack(track);
      // The browser takes a track out of the remote peer's streams when the remote stops sending it.
      for (const source of streams)
        source.onremovetrack = ({ track: gone }) => this.dropRemoteTrack(gone);
      this.opts.onRemoteMedia(target);
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
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.camera[kind];
    if (!transceiver) return;
    await transceiver.sender.replaceTrack(track);
    if (kind === 'video') await this.reapplyVideoLimit();
  }

  /**
   * Caps the camera's encoding for this connection; kept and applied again
   * whenever the camera track or the negotiated layout changes.
   */
  limitVideo(limit: VideoLimit): Promise<void> {
    this.videoLimit = limit;
    // One getParameters/setParameters pair at a time, or the later one is stale.
    const run = this.limiting.then(() => this.applyVideoLimit());
    this.limiting = run.catch(() => undefined);
    return run;
  }

  private async applyVideoLimit(): Promise<void> {
    const limit = this.videoLimit;
    const sender = this.camera.video?.sender;
    if (!limit || !sender || this.isClosed()) return;
    const params = sender.getParameters();
    const [encoding] = params.encodings;
    // Before the first negotiation there is nothing to cap yet.
    if (!encoding) return;
    const track = sender.track ?? this.opts.localStream.getVideoTracks()[0];
    encoding.scaleResolutionDownBy = scaleFor(track?.getSettings().height, limit.maxHeight);
    if (limit.maxBitrate === undefined) delete encoding.maxBitrate;
    else encoding.maxBitrate = limit.maxBitrate;
    await sender.setParameters(params);
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
    for (const stream of [this.remoteStream, ...this.extraStreams.values()])
      for (const track of stream.getTracks()) track.onended = null;
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
        if (local?.type === 'answer' && !this.isClosed())
          this.opts.send({ description: { type: 'answer', sdp: local.sdp } });
        // Extras waiting for the layout go out in our own offer, after this answer.
        this.settleLayout();
      }
      await this.reapplyVideoLimit();
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
    const kind = transceiver.receiver.track.kind as 'audio' | 'video';
    const camera =
      this.camera[kind] ??
      // The answerer learns its camera transceivers only after the first offer is applied.
      this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.mid !== null);
    return camera === transceiver;
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

  private async reapplyVideoLimit(): Promise<void> {
    if (this.videoLimit) await this.limitVideo(this.videoLimit);
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
