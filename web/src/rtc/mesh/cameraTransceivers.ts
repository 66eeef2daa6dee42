/**
 * The camera on one peer connection: always one audio and one video transceiver, created by the
 * newcomer's first offer and adopted by the answerer, so that turning a camera on or off later
 * is a replaceTrack with no renegotiation. Also caps the camera's encoding for this connection
 * (the mesh's video budget), sends its first frames small (startSize.ts), and pauses it while
 * the camera is off. The budget only ever sets ceilings (a largest size, a largest bitrate):
 * within them the browser's congestion control decides, so no floor, frame rate or degradation
 * preference is written here.
 */
import { scaleFor } from './videoBudget.ts';
import type { VideoLimit } from './videoBudget.ts';
import { START_HEIGHT, startSizeOver } from './startSize.ts';

type Kind = 'audio' | 'video';

export class CameraTransceivers {
  private readonly camera: Partial<Record<Kind, RTCRtpTransceiver>> = {};
  private limit: VideoLimit | null = null;
  /** One getParameters/setParameters pair at a time, or the later one is stale. */
  private limiting: Promise<void> = Promise.resolve();
  /** The camera's encoder has put out a frame on this connection: its first size is over. */
  private started = false;
  private watchingStart = false;
  /** Adopted before an answer, our tracks not on them yet. */
  private readonly toAttach = new Set<Kind>();

  constructor(
    private readonly pc: RTCPeerConnection,
    /** The local camera/microphone stream (may have no tracks when receiving only). */
    private readonly localStream: MediaStream,
  ) {}

  /** The newcomer's side: adds the two transceivers (this starts the first offer). */
  layOut(): void {
    for (const kind of ['audio', 'video'] as const) {
      const track = this.localStream.getTracks().find((t) => t.kind === kind);
      const scale = kind === 'video' ? this.scale(track) : 1;
      this.camera[kind] = this.pc.addTransceiver(track ?? kind, {
        direction: 'sendrecv',
        streams: [this.localStream],
        // The first offer already carries the start size: no write races the first frame.
        ...(scale !== 1 && { sendEncodings: [{ scaleResolutionDownBy: scale }] }),
      });
    }
  }

  /**
   * The answerer's side, before its answer: take the first audio and video transceivers the
   * remote offered, to send on both ways. Our camera goes on them in `attachAdopted`.
   */
  adopt(): void {
    for (const kind of ['audio', 'video'] as const) {
      if (this.camera[kind]) continue;
      const transceiver = this.firstOffered(kind);
      if (!transceiver) continue;
      this.camera[kind] = transceiver;
      transceiver.direction = 'sendrecv';
      transceiver.sender.setStreams(this.localStream);
      this.toAttach.add(kind);
    }
  }

  /**
   * The answerer's side, once the answer is made: our camera and microphone (as they are now)
   * on the adopted transceivers. replaceTrack is an operation of the connection's own queue:
   * made before the answer, it held the answer back (its setLocalDescription took about 20 ms
   * instead of 12 on the present side of a join here), and no media flows before DTLS anyway.
   */
  attachAdopted(): void {
    for (const kind of this.toAttach) {
      const track = this.localStream.getTracks().find((t) => t.kind === kind);
      if (track) this.camera[kind]?.sender.replaceTrack(track).catch(() => undefined);
    }
    this.toAttach.clear();
  }

  /**
   * The camera transceiver of a kind: the one we laid out or adopted, or, while the first offer
   * is being applied (before adoption), the first of that kind the offer created.
   */
  transceiver(kind: string): RTCRtpTransceiver | undefined {
    if (kind !== 'audio' && kind !== 'video') return undefined;
    return this.camera[kind] ?? this.firstOffered(kind);
  }

  /** Is this the transceiver carrying the remote camera or microphone? */
  carries(transceiver: RTCRtpTransceiver): boolean {
    return this.transceiver(transceiver.receiver.track.kind) === transceiver;
  }

  /** The receiver of their microphone, for speaking detection. */
  get audioReceiver(): RTCRtpReceiver | null {
    return this.camera.audio?.receiver ?? null;
  }

  /** Swaps the outgoing camera or microphone track without renegotiation. */
  async replaceTrack(kind: Kind, track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.camera[kind];
    if (!transceiver) return;
    await transceiver.sender.replaceTrack(track);
    if (kind === 'video') await this.applyLimit();
  }

  /** Puts this track on the sender of its kind, if another is there (a spare's adoption). */
  async sync(kind: Kind, track: MediaStreamTrack | null): Promise<void> {
    if ((this.camera[kind]?.sender.track ?? null) !== track) await this.replaceTrack(kind, track);
  }

  /** Caps the camera's encoding; kept and applied again whenever the track or layout changes. */
  limitVideo(limit: VideoLimit | null): Promise<void> {
    this.limit = limit;
    return this.applyLimit();
  }

  /** Applies the limit again (after a negotiation or a change of track). */
  applyLimit(): Promise<void> {
    const run = this.limiting.then(() => this.setParameters());
    this.limiting = run.catch(() => undefined);
    return run;
  }

  /**
   * Applies the video limit, and pauses the encoding while no camera track is attached:
   * Firefox keeps sending a frame a second on a sender whose track is null, so the camera
   * off must say so in the parameters too.
   */
  private async setParameters(): Promise<void> {
    const limit = this.limit;
    const sender = this.camera.video?.sender;
    if (!sender || this.pc.signalingState === 'closed') return;
    const params = sender.getParameters();
    const [encoding] = params.encodings;
    // Before the first negotiation there is nothing to cap yet.
    if (!encoding) return;
    // The camera may be on its way to the sender (a replaceTrack still pending): the local
    // stream holds the camera exactly while it is on.
    const track = sender.track ?? this.localStream.getVideoTracks()[0];
    const before = { ...encoding };
    encoding.active = track !== undefined;
    encoding.scaleResolutionDownBy = this.scale(track);
    if (limit) {
      if (limit.maxBitrate === undefined) delete encoding.maxBitrate;
      else encoding.maxBitrate = limit.maxBitrate;
    }
    if (encoding.active && !this.started) {
      if (this.budgetScale(track) < encoding.scaleResolutionDownBy) this.watchStart(sender);
      // A camera no taller than the start size, or a budget as small: nothing to raise later.
      else this.started = true;
    }
    // Applied again after every negotiation: unchanged, it is not written at all, so the encoder
    // is never reconfigured under the congestion controller's feet for nothing.
    // An unset scale is 1 (Chromium leaves it unset until written).
    const unchanged =
      before.active === encoding.active &&
      (before.scaleResolutionDownBy ?? 1) === (encoding.scaleResolutionDownBy ?? 1) &&
      before.maxBitrate === encoding.maxBitrate;
    if (!unchanged) await sender.setParameters(params);
  }

  /** The budget's scale, and while the first frame is still to come, the start size's. */
  private scale(track: MediaStreamTrack | undefined): number {
    const budget = this.budgetScale(track);
    return this.started ? budget : Math.max(budget, scaleFor(trackHeight(track), START_HEIGHT));
  }

  private budgetScale(track: MediaStreamTrack | undefined): number {
    return this.limit ? scaleFor(trackHeight(track), this.limit.maxHeight) : 1;
  }

  /** Once the sender's start size is over (startSize.ts), the encoding goes to its full size. */
  private watchStart(sender: RTCRtpSender): void {
    if (this.watchingStart) return;
    this.watchingStart = true;
    void startSizeOver(sender, () => this.pc.signalingState === 'closed')
      .catch(() => undefined)
      .then(() => {
        this.started = true;
        return this.applyLimit().catch(() => undefined);
      });
  }

  private firstOffered(kind: Kind): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.mid !== null);
  }
}

const trackHeight = (track: MediaStreamTrack | undefined) => track?.getSettings().height;
