/**
 * SFU rooms: our one subscribing connection. The server offers (`sfu:offer`) whenever what we
 * receive changes (someone publishes, shares a screen, leaves) and says which participant and
 * source each m-line carries; we answer (`sfu:answer`), one offer at a time, in arrival order.
 * After each offer the tracks are sorted into each participant's camera stream and screen.
 */
import type {
  PeerId,
  SessionDescription,
  SfuOffer,
  SfuStream,
} from '../../../../signal/protocol.ts';
import { SfuConnection } from './sfuConnection.ts';
import type { SfuConnectionOptions } from './sfuConnection.ts';
import { markJoin } from '../../lib/joinTimeline.ts';

const iceUfrag = (sdp: string | undefined): string | null =>
  /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1] ?? null;

export interface ParticipantTracks {
  camera: MediaStreamTrack[];
  screen: MediaStreamTrack | null;
  audioReceiver: RTCRtpReceiver | null;
  videoReceiver: RTCRtpReceiver | null;
}

export interface SubscriberOptions extends SfuConnectionOptions {
  answer: (description: SessionDescription) => Promise<void>;
  /** What each participant now sends us, after an offer was applied. */
  onTracks: (tracks: ReadonlyMap<PeerId, ParticipantTracks>) => void;
}

export class Subscriber extends SfuConnection {
  readonly stats = { offersAnswered: 0 };
  /** What each m-line carries, as of the last offer. */
  private streams: SfuStream[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SubscriberOptions) {
    super(opts, 'subscriber-connected');
  }

  /** The m-lines and whom they carry, for diagnostics. */
  get mapping(): readonly SfuStream[] {
    return this.streams;
  }

  /**
   * Is this offer for this connection? One for a new subscribing connection on the server's
   * side comes with new ICE credentials; so does an ICE restart of this one, which says so.
   */
  isFor(offer: SfuOffer): boolean {
    if (offer.restart === true) return !this.isClosed() && this.pc.remoteDescription !== null;
    const current = iceUfrag(this.pc.remoteDescription?.sdp);
    return current === null || current === iceUfrag(offer.description.sdp);
  }

  /** Applies an offer from the server and answers it, after those before it. */
  handleOffer(offer: SfuOffer): Promise<void> {
    const step = this.queue.then(async () => {
      if (this.isClosed()) return;
      await this.pc.setRemoteDescription(offer.description);
      markJoin('subscribe-offer-applied');
      await this.pc.setLocalDescription();
      const answer = this.pc.localDescription;
      if (!answer || this.isClosed()) return;
      this.streams = offer.streams;
      this.publishTracks();
      const sent = this.opts.answer({ type: 'answer', sdp: answer.sdp });
      markJoin('subscribe-answer-sent');
      await sent;
      this.stats.offersAnswered += 1;
    });
    this.queue = step.catch((err: unknown) => {
      if (!this.isClosed()) this.opts.onError(err);
    });
    return this.queue;
  }

  private publishTracks(): void {
    const byMid = new Map(
      this.pc
        .getTransceivers()
        .filter((t) => t.mid !== null && t.currentDirection !== 'stopped')
        .map((t) => [t.mid, t]),
    );
    const tracks = new Map<PeerId, ParticipantTracks>();
    for (const stream of this.streams) {
      const transceiver = byMid.get(stream.mid);
      if (!transceiver) continue;
      let entry = tracks.get(stream.peer);
      if (!entry) {
        entry = { camera: [], screen: null, audioReceiver: null, videoReceiver: null };
        tracks.set(stream.peer, entry);
      }
      const { track } = transceiver.receiver;
      if (stream.source === 'screen') {
        entry.screen = track;
        continue;
      }
      entry.camera.push(track);
      if (stream.kind === 'audio') entry.audioReceiver = transceiver.receiver;
      else entry.videoReceiver = transceiver.receiver;
    }
    this.opts.onTracks(tracks);
  }
}
