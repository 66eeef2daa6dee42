/**
 * The SFU media path: every participant publishes once to the media server (Janus, brokered by
 * the signaling server) and receives everyone else on one subscribing connection, so what each
 * person sends does not grow with the room. Chat passes the signaling server (there is no
 * peer-to-peer channel), and there are no safety codes: media is decrypted by the server.
 * See docs/protocol.md ("SFU rooms") and docs/architecture.md.
 */
import type {
  ChatMessage,
  PeerId,
  PeerInfo,
  SessionDescription,
  SfuOffer,
  SfuPublishRequest,
  SfuTrickleRequest,
} from '../../../../signal/protocol.ts';
import type { PeerLink } from '../../store/types.ts';
import type {
  MediaPath,
  MediaPathEvents,
  PathDiagnostics,
  RemoteMedia,
  VideoDemand,
} from '../MediaPath.ts';
import { zeroCounters } from '../MediaPath.ts';
import { Publisher } from './publisher.ts';
import { Subscriber } from './subscriber.ts';
import { IceRecovery } from '../iceRecovery.ts';
import type { ParticipantTracks } from './subscriber.ts';
import { SfuRemote } from './sfuRemote.ts';

/** The SFU path's use of the signaling server. */
export interface SfuSignaling {
  publish(request: SfuPublishRequest): Promise<SessionDescription>;
  answer(description: SessionDescription): Promise<void>;
  trickle(request: SfuTrickleRequest): void;
  onOffer(handler: (offer: SfuOffer) => void): () => void;
  sendChat(data: string): void;
  /** Our subscribing connection's path broke: the server offers an ICE restart. */
  restartSubscriber(): void;
  /** How the server should send us the others' camera video (the full sets, each time). */
  videoDemand(demand: VideoDemand): void;
  onChat(handler: (message: ChatMessage) => void): () => void;
}

export interface SfuPathOptions {
  signaling: SfuSignaling;
  events: MediaPathEvents;
  localStream: MediaStream;
  iceTransportPolicy: RTCIceTransportPolicy;
}

const linkOf: Partial<Record<RTCPeerConnectionState, PeerLink>> = {
  new: 'connecting',
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'reconnecting',
  failed: 'failed',
};

export class SfuPath implements MediaPath {
  private publisher: Publisher | null = null;
  private subscriber: Subscriber | null = null;
  /** ICE restarts when a connection's path breaks: we drive both (the server never does). */
  private publisherRecovery: IceRecovery | null = null;
  private subscriberRecovery: IceRecovery | null = null;
  private subscriberRestarts = 0;
  private readonly people = new Map<PeerId, SfuRemote>();
  private iceServers: RTCIceServer[] = [];
  private screen: { track: MediaStreamTrack; stream?: MediaStream } | null = null;
  private link: PeerLink = 'connecting';
  /** The last video demand told to the server, as a key and as given. */
  private demandKey = '';
  private demand: VideoDemand = { paused: [], low: [] };
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly opts: SfuPathOptions) {
    this.unsubscribe = [
      opts.signaling.onOffer((offer) => void this.subscriberFor(offer).handleOffer(offer)),
      opts.signaling.onChat(({ from, data }) => opts.events.data(from, data)),
    ];
  }

  enter(present: readonly PeerInfo[], iceServers: RTCIceServer[]): Promise<void> {
    this.iceServers = iceServers;
    for (const peer of present) this.peerJoined(peer.id);
    this.startPublishing();
    // The call view's first render waits for our publishing connection to be up, as the mesh's
    // waits for ICE to reach someone (RoomMembership.enterCall).
    return this.publisher?.settled ?? Promise.resolve();
  }

  /**
   * Back on the signaling server: it keeps our media-server connections across a brief drop,
   * but not across its own restart, so both connections start over (the server expects a new
   * offer from a rejoined member).
   */
  rejoined(present: readonly PeerInfo[], iceServers: RTCIceServer[]): void {
    this.iceServers = iceServers;
    this.publisher?.close();
    this.subscriber?.close();
    this.publisherRecovery?.dispose();
    this.subscriberRecovery?.dispose();
    this.publisher = null;
    this.subscriber = null;
    this.subscriberRecovery = null;
    const here = new Set(present.map((p) => p.id));
    for (const id of [...this.people.keys()]) if (!here.has(id)) this.opts.events.gone(id);
    for (const peer of present) this.peerJoined(peer.id);
    this.startPublishing();
    // The server starts our subscription over: tell it again how we want the others' video.
    this.demandKey = '';
    const { paused, low } = this.demand;
    if (paused.length + low.length > 0)
      this.setVideoDemand({
        paused: paused.filter((id) => here.has(id)),
        low: low.filter((id) => here.has(id)),
      });
  }

  peerJoined(id: PeerId): void {
    if (!this.people.has(id)) this.people.set(id, new SfuRemote(id));
    this.opts.events.link(id, this.link);
  }

  peerLeft(id: PeerId): void {
    this.people.get(id)?.close();
    this.people.delete(id);
  }

  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    void this.publisher?.replaceTrack(kind, track);
  }

  setScreen(track: MediaStreamTrack | null, stream?: MediaStream): void {
    this.screen = track ? { track, ...(stream && { stream }) } : null;
    this.publisher?.setScreen(track, stream);
  }

  broadcast(data: string): void {
    this.opts.signaling.sendChat(data);
  }

  setVideoDemand(demand: VideoDemand): void {
    const key = `${[...demand.paused].sort().join(' ')}/${[...demand.low].sort().join(' ')}`;
    this.demand = demand;
    if (key === this.demandKey) return;
    this.demandKey = key;
    this.opts.signaling.videoDemand(demand);
  }

  remote(id: PeerId): RemoteMedia | undefined {
    return this.people.get(id);
  }

  remotes(): Iterable<RemoteMedia> {
    return this.people.values();
  }

  remoteScreen(id: PeerId): MediaStream | null {
    return this.people.get(id)?.screen ?? null;
  }

  diagnostics(): PathDiagnostics[] {
    const counters = zeroCounters();
    const out: PathDiagnostics[] = [];
    if (this.publisher)
      out.push({
        peerId: 'sfu:publisher',
        pc: this.publisher.pc,
        stats: { ...counters, ...this.publisher.stats },
      });
    if (this.subscriber)
      out.push({
        peerId: 'sfu:subscriber',
        pc: this.subscriber.pc,
        stats: { ...counters, iceRestarts: this.subscriberRestarts },
        streams: this.subscriber.mapping,
      });
    return out;
  }

  close(): void {
    for (const undo of this.unsubscribe) undo();
    this.publisherRecovery?.dispose();
    this.subscriberRecovery?.dispose();
    this.publisher?.close();
    this.subscriber?.close();
    for (const remote of this.people.values()) remote.close();
    this.people.clear();
  }

  private startPublishing(): void {
    const { signaling, localStream, iceTransportPolicy } = this.opts;
    const publisher = new Publisher({
      iceServers: this.iceServers,
      iceTransportPolicy,
      localStream,
      publish: (request) => signaling.publish(request),
      trickle: (candidate) => signaling.trickle({ target: 'publisher', candidate }),
      onConnectionState: (state) => recovery.update(state),
      onError: (err) => console.warn('publishing:', err),
    });
    const recovery = new IceRecovery({ restart: () => publisher.restartIce(), drives: true });
    this.publisher = publisher;
    this.publisherRecovery = recovery;
    publisher.start();
    if (this.screen) publisher.setScreen(this.screen.track, this.screen.stream);
  }

  /** The subscribing connection for this offer: the current one, or a new one. */
  private subscriberFor(offer: SfuOffer): Subscriber {
    if (this.subscriber?.isFor(offer)) return this.subscriber;
    this.subscriber?.close();
    this.subscriberRecovery?.dispose();
    const { signaling, iceTransportPolicy } = this.opts;
    const recovery = new IceRecovery({
      restart: () => {
        this.subscriberRestarts += 1;
        signaling.restartSubscriber();
      },
      drives: true,
    });
    this.subscriberRecovery = recovery;
    this.subscriber = new Subscriber({
      iceServers: this.iceServers,
      iceTransportPolicy,
      answer: (description) => signaling.answer(description),
      trickle: (candidate) => signaling.trickle({ target: 'subscriber', candidate }),
      onTracks: (tracks) => this.sortTracks(tracks),
      onConnectionState: (state) => {
        recovery.update(state);
        this.setLink(linkOf[state]);
      },
      onError: (err) => console.warn('receiving:', err),
    });
    return this.subscriber;
  }

  private setLink(link: PeerLink | undefined): void {
    if (!link) return;
    this.link = link;
    for (const id of this.people.keys()) this.opts.events.link(id, link);
  }

  /** Puts each participant's tracks into their camera stream and screen. */
  private sortTracks(tracks: ReadonlyMap<PeerId, ParticipantTracks>): void {
    const none: ParticipantTracks = {
      camera: [],
      screen: null,
      audioReceiver: null,
      videoReceiver: null,
    };
    for (const remote of this.people.values()) {
      const now = tracks.get(remote.peerId) ?? none;
      remote.audioReceiver = now.audioReceiver;
      remote.videoReceiver = now.videoReceiver;
      const before = remote.remoteStream.getTracks();
      const changed =
        before.length !== now.camera.length || before.some((t) => !now.camera.includes(t));
      for (const track of before)
        if (!now.camera.includes(track)) remote.remoteStream.removeTrack(track);
      for (const track of now.camera)
        if (!before.includes(track)) remote.remoteStream.addTrack(track);
      if (changed) this.opts.events.remoteMedia(remote.peerId);
      const screenTrack = remote.screen?.getVideoTracks()[0] ?? null;
      if (screenTrack !== now.screen) {
        remote.screen = now.screen ? new MediaStream([now.screen]) : null;
        this.opts.events.remoteScreen(remote.peerId, now.screen !== null);
      }
    }
  }
}
