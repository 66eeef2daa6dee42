/**
 * File sharing in an SFU room: the media server carries no files, so the people who exchange
 * one get a connection of their own for it, peer to peer and data only (the mesh's negotiated
 * `files` channel, id 1, and nothing else). A link is made when someone first offers a file
 * (`reachEveryone`), answered by the other side when its offer arrives, and kept for the rest of
 * the call. Signaled through the server's
 * `signal` relay, as a mesh connection is; an offer with media sections is not a link's (a mesh
 * connection's, late from before the room moved to the SFU) and is left alone. A link that fails
 * or is closed by the other end goes, and the next offer makes it again.
 */
import type { PeerId, SignalMessage, SignalRequest } from '../../../../signal/protocol.ts';
import { zeroCounters } from '../MediaPath.ts';
import type { PathDiagnostics } from '../MediaPath.ts';
import { Negotiation } from '../mesh/negotiation.ts';
import type { OutgoingSignal } from '../mesh/negotiation.ts';

/** How long an offer waits for a link to open before it goes to those already reachable. */
const OPEN_WAIT_MS = 10_000;

export interface FileLinksOptions {
  send: (request: SignalRequest) => void;
  onSignal: (handler: (message: SignalMessage) => void) => () => void;
  /** Our PeerId (the lower of two is polite in a collision), and everyone else in the room. */
  selfId: () => PeerId | null;
  peers: () => PeerId[];
  iceServers: () => RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  /** A link's `files` channel was made: FileTransfers shares over it once it opens. */
  onChannel: (peerId: PeerId, channel: RTCDataChannel) => void;
}

/** Does this SDP carry anything but data (audio, video)? */
const carriesMedia = (sdp: string) => /^m=(audio|video) /m.test(sdp);

class Link {
  readonly pc: RTCPeerConnection;
  readonly negotiation: Negotiation;
  readonly counters = zeroCounters();
  channel: RTCDataChannel | null = null;
  private closed = false;

  constructor(
    readonly peerId: PeerId,
    polite: boolean,
    private readonly opts: FileLinksOptions,
    private readonly onGone: (link: Link) => void,
  ) {
    const pc = new RTCPeerConnection({
      iceServers: opts.iceServers(),
      iceTransportPolicy: opts.iceTransportPolicy,
      bundlePolicy: 'max-bundle',
    });
    this.pc = pc;
    const send = (signal: OutgoingSignal) => {
      if (!this.closed) opts.send({ to: peerId, ...signal });
    };
    this.negotiation = new Negotiation(pc, {
      polite,
      send,
      beforeAnswer: () => this.openChannel(),
      afterDescription: () => Promise.resolve(),
      onError: (err) => console.warn('file link', err),
      counters: this.counters,
      // Made mid-call when a file is first offered: not a step of anyone's join.
      timeline: false,
    });
    pc.onicecandidate = ({ candidate }) =>
      send({ candidate: candidate ? candidate.toJSON() : null });
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') this.close();
    };
  }

  /** Both ends make the negotiated channel: the one who reaches out first, so it offers. */
  openChannel(): void {
    if (this.channel || this.closed) return;
    this.channel = this.pc.createDataChannel('files', { negotiated: true, id: 1 });
    // Closed by the other end (its page left, or it let the link go): so is the link here.
    this.channel.addEventListener('close', () => this.close());
    this.opts.onChannel(this.peerId, this.channel);
  }

  /** Resolves once the channel is open, or after `ms`, or when the link goes. */
  opened(ms: number): Promise<void> {
    const channel = this.channel;
    if (channel?.readyState !== 'connecting') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        channel.removeEventListener('open', done);
        channel.removeEventListener('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      channel.addEventListener('open', done);
      channel.addEventListener('close', done);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.negotiation.close();
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.channel?.close();
    this.pc.close();
    this.onGone(this);
  }
}

export class FileLinks {
  private readonly links = new Map<PeerId, Link>();
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: FileLinksOptions) {
    this.unsubscribe = opts.onSignal((message) => this.onSignal(message));
  }

  /** Makes a link to everyone in the room who has none; resolves once each is open or waited for. */
  async reachEveryone(ms = OPEN_WAIT_MS): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const peerId of this.opts.peers()) {
      const link = this.links.get(peerId) ?? this.make(peerId);
      if (!link) continue;
      link.openChannel();
      waits.push(link.opened(ms));
    }
    await Promise.all(waits);
  }

  /** They left: the link goes (FileTransfers fails what was under way). */
  forget(peerId: PeerId): void {
    this.links.get(peerId)?.close();
  }

  diagnostics(): PathDiagnostics[] {
    return [...this.links.values()].map((l) => ({ peerId: l.peerId, pc: l.pc, stats: l.counters }));
  }

  close(): void {
    this.unsubscribe();
    for (const link of [...this.links.values()]) link.close();
  }

  private make(peerId: PeerId): Link | null {
    const self = this.opts.selfId();
    if (self === null || peerId === self) return null;
    const link = new Link(peerId, self < peerId, this.opts, (gone) => {
      if (this.links.get(peerId) === gone) this.links.delete(peerId);
    });
    this.links.set(peerId, link);
    return link;
  }

  private onSignal(message: SignalMessage): void {
    // A description with media is a mesh connection's, never a link's.
    if (message.description && carriesMedia(message.description.sdp)) return;
    let link = this.links.get(message.from);
    if (!link) {
      // Only an offer starts a link here, and only from someone in the room.
      if (message.description?.type !== 'offer' || !this.opts.peers().includes(message.from))
        return;
      link = this.make(message.from) ?? undefined;
      if (!link) return;
    }
    const { description, candidate } = message;
    void link.negotiation.handleSignal(
      description ? { description } : { candidate: candidate ?? null },
    );
  }
}
