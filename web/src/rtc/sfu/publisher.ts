/**
 * SFU rooms: our one publishing connection to the media server. Camera and microphone go on
 * two send-only transceivers laid out at the start (turning the camera off or switching devices
 * is a replaceTrack); the screen gets a third when first shared and is set inactive when
 * stopped. We always offer and the server answers (`sfu:publish`), one negotiation at a time.
 */
import type { SessionDescription, SfuPublishRequest } from '../../../../signal/protocol.ts';
import { SfuConnection } from './sfuConnection.ts';
import type { SfuConnectionOptions } from './sfuConnection.ts';
import { markJoin } from '../../lib/joinTimeline.ts';

export interface PublisherOptions extends SfuConnectionOptions {
  localStream: MediaStream;
  publish: (request: SfuPublishRequest) => Promise<SessionDescription>;
}

type Kind = 'audio' | 'video';

/**
 * The camera in three simulcast layers, largest first as Janus expects them: the media server
 * forwards each receiver the one its tile needs (full size when pinned or alone, a quarter of
 * the width in a grid). Browsers drop the layers a small camera picture cannot fill.
 */
export const CAMERA_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 1_200_000 },
  { rid: 'm', maxBitrate: 400_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 120_000, scaleResolutionDownBy: 4 },
];

export class Publisher extends SfuConnection {
  readonly stats = { offersSent: 0, iceRestarts: 0 };
  private readonly camera: Partial<Record<Kind, RTCRtpTransceiver>> = {};
  private screen: RTCRtpTransceiver | null = null;
  private negotiating = false;
  private again = false;

  constructor(private readonly opts: PublisherOptions) {
    super(opts, 'publisher-connected');
    this.pc.onnegotiationneeded = () => void this.negotiate();
  }

  /** Lays out camera and microphone (this starts the first offer). */
  start(): void {
    for (const kind of ['audio', 'video'] as const) {
      const track = this.opts.localStream.getTracks().find((t) => t.kind === kind);
      this.camera[kind] = this.pc.addTransceiver(track ?? kind, {
        direction: 'sendonly',
        streams: [this.opts.localStream],
        ...(kind === 'video' && { sendEncodings: CAMERA_LAYERS.map((layer) => ({ ...layer })) }),
      });
    }
    void this.pauseCameraIfOff();
  }

  async replaceTrack(kind: Kind, track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.camera[kind];
    if (!transceiver || this.isClosed()) return;
    await transceiver.sender.replaceTrack(track);
    if (kind === 'video') await this.pauseCameraIfOff();
  }

  setScreen(track: MediaStreamTrack | null, stream?: MediaStream): void {
    if (this.isClosed()) return;
    if (track && !this.screen) {
      this.screen = this.pc.addTransceiver(track, {
        direction: 'sendonly',
        streams: [stream ?? new MediaStream([track])],
      });
      return;
    }
    if (!this.screen) return;
    void this.screen.sender.replaceTrack(track);
    this.screen.direction = track ? 'sendonly' : 'inactive';
  }

  restartIce(): void {
    if (this.isClosed()) return;
    this.stats.iceRestarts += 1;
    this.pc.restartIce();
  }

  /**
   * Firefox keeps sending a frame a second on a sender without a track: say it is paused (every
   * layer).
   */
  private async pauseCameraIfOff(): Promise<void> {
    const sender = this.camera.video?.sender;
    if (!sender || this.isClosed()) return;
    const params = sender.getParameters();
    if (params.encodings.length === 0) return;
    const on = (sender.track ?? this.opts.localStream.getVideoTracks()[0]) !== undefined;
    if (params.encodings.every((encoding) => encoding.active === on)) return;
    for (const encoding of params.encodings) encoding.active = on;
    await sender.setParameters(params).catch((err: unknown) => this.opts.onError(err));
  }

  private changedMeanwhile(): boolean {
    return this.again;
  }

  /** One offer at a time; a change made meanwhile is offered once this one is answered. */
  private async negotiate(): Promise<void> {
    if (this.negotiating) {
      this.again = true;
      return;
    }
    this.negotiating = true;
    try {
      do {
        this.again = false;
        await this.pc.setLocalDescription();
        const offer = this.pc.localDescription;
        if (offer?.type !== 'offer' || this.isClosed()) return;
        this.stats.offersSent += 1;
        const answering = this.opts.publish({
          description: { type: 'offer', sdp: offer.sdp },
          screenMid: this.screen?.mid ?? null,
        });
        markJoin('publish-sent');
        const answer = await answering;
        if (this.isClosed()) return;
        await this.pc.setRemoteDescription(answer);
        markJoin('publish-answered');
        await this.pauseCameraIfOff();
      } while (this.changedMeanwhile() && !this.isClosed());
    } catch (err) {
      if (this.isClosed()) return;
      this.opts.onError(err);
      // Unanswered (the server or the media server refused): withdraw it, so a later change
      // (or a rejoin) can offer again.
      if (this.pc.signalingState === 'have-local-offer')
        await this.pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
    } finally {
      this.negotiating = false;
    }
  }
}
