/**
 * One member of an SFU room on the Janus side: a publisher handle, joined when the member joins
 * (its feed id stays on the server: clients only ever see PeerIds), and a subscription to
 * everyone else. What the others publish is learnt from Janus' events on this member's own
 * publisher handle (`publishers`, `unpublished`, `leaving`), so each member's subscription
 * follows exactly the feeds Janus says are live.
 */
import Janode from 'janode';
import type { Jsep, Session, TrickleCandidate } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type {
  FeedEvent,
  FeedId,
  PublisherInfo,
  PublisherListEvent,
  RoomId,
  SubscriptionStream,
  VideoRoomHandle,
} from 'janode/plugins/videoroom';
import type { Logger } from 'pino';
import type { PeerId } from '../protocol.ts';
import { JanusUnavailable, withTimeout } from './janusLink.ts';
import { feedKey, lineKey, sdpConnection, wanted } from './streams.ts';
import type { FeedStreams } from './streams.ts';
import { Subscription } from './subscription.ts';
import type { LineDemand } from './layerHolds.ts';

/** How a member wants the others' camera video (see SfuPauseRequest). */
export interface VideoDemand {
  paused: readonly PeerId[];
  low: readonly PeerId[];
}

export interface MemberDeps {
  room: Promise<RoomId>;
  session: Session;
  /** Tells the room whose feed this is, once Janus has given it. */
  ownFeed: (feed: FeedId) => void;
  /** An offer for the member's subscribing connection. */
  deliver: (offer: Jsep, layout: readonly SubscriptionStream[], restart: boolean) => void;
  /** Whose a feed is, and that publisher's screen mid. */
  whoIs: (feed: FeedId) => { peer: PeerId; screenMid: string | null } | undefined;
  requestTimeoutMs: number;
  offerTimeoutMs: number;
  log: Logger;
}

/** Janus' videoroom codes for which janode hangs the publisher's connection up. */
const HUNG_UP_ON = new Set([429, 430, 431, 432, 433, 435, 436, 437]);

export class SfuMember {
  feed: FeedId | null = null;
  /** The mid of the member's screen-share m-line, as its latest `sfu:publish` said. */
  screenMid: string | null = null;
  publishing = false;
  readonly subscription: Subscription;
  /** Settles once the publisher handle has joined the room. */
  readonly ready: Promise<void>;
  private publisher: VideoRoomHandle | null = null;
  /** What identifies the connection being published (see sdpConnection). */
  private connection: string | null = null;
  /** The others' live feeds, as Janus told this member. */
  private readonly others = new Map<string, FeedStreams>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private paused = new Set<PeerId>();
  private low = new Set<PeerId>();

  constructor(private readonly deps: MemberDeps) {
    this.subscription = new Subscription({
      room: deps.room,
      attach: () => deps.session.attach(VideoRoomPlugin),
      want: () => wanted(this.others.values()),
      demand: () => this.lineDemand(),
      deliver: deps.deliver,
      requestTimeoutMs: deps.requestTimeoutMs,
      offerTimeoutMs: deps.offerTimeoutMs,
      log: deps.log,
    });
    this.ready = this.join();
    this.ready.catch(() => undefined);
  }

  /** The member has its join ack: its subscription may start. */
  activate(): void {
    this.subscription.activate();
  }

  /** Publishes (or renegotiates) the member's connection; resolves with Janus' answer. */
  async publish(offer: Jsep, screenMid: string | null): Promise<Jsep> {
    await this.ready;
    return this.run(async () => {
      const handle = this.publisher;
      if (!handle || this.closed) throw new JanusUnavailable('the publisher handle is gone');
      this.screenMid = screenMid;
      const descriptions = screenMid === null ? [] : [{ mid: screenMid, description: 'screen' }];
      const connection = sdpConnection(offer.sdp);
      if (this.publishing && connection !== this.connection) {
        // Another peer connection (a new SDP session): Janus starts over with it.
        await handle.unpublish().catch(() => undefined);
        this.publishing = false;
      }
      const jsep = { type: offer.type, sdp: offer.sdp };
      let done;
      try {
        done = this.publishing
          ? await handle.configure({ jsep, descriptions })
          : await handle.publish({ jsep, descriptions });
      } catch (err) {
        const code = Number(/^(\d{3}) /.exec(err instanceof Error ? err.message : '')?.[1]);
        if (HUNG_UP_ON.has(code)) this.publishing = false;
        throw err;
      }
      this.publishing = true;
      this.connection = connection;
      if (done.jsep?.type !== 'answer') throw new JanusUnavailable('janus sent no answer');
      return { type: 'answer', sdp: done.jsep.sdp };
    });
  }

  /** A candidate of the member's publishing connection; null: the end of them. */
  async trickle(candidate: TrickleCandidate | null): Promise<void> {
    await this.ready;
    await this.run(async () => {
      if (!this.publisher || this.closed) throw new JanusUnavailable('the publisher is gone');
      await this.publisher.trickle(candidate);
    });
  }

  /** Leaves the room and detaches both handles (bounded in time; errors are ignored). */
  async close(): Promise<void> {
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.subscription.close();
    const handle = this.publisher;
    this.publisher = null;
    this.publishing = false;
    if (!handle) return;
    const bounded = (work: Promise<unknown>) =>
      withTimeout(work, this.deps.requestTimeoutMs, 'publisher teardown').catch(() => undefined);
    await bounded(this.run(() => handle.leave()));
    await bounded(handle.detach());
  }

  /** The connection to Janus is gone with every handle: forget without asking Janus anything. */
  abandon(): void {
    this.closed = true;
    this.publisher = null;
    this.publishing = false;
    this.subscription.abandon();
  }

  private async join(): Promise<void> {
    const { session, requestTimeoutMs } = this.deps;
    const handle = await withTimeout(session.attach(VideoRoomPlugin), requestTimeoutMs, 'attach');
    this.publisher = handle;
    this.listen(handle);
    const room = await this.deps.room;
    const joined = await this.run(() => handle.joinPublisher({ room }));
    this.feed = joined.feed;
    this.deps.ownFeed(joined.feed);
    for (const publisher of joined.publishers) this.learn(publisher);
  }

  private listen(handle: VideoRoomHandle): void {
    const { EVENT } = VideoRoomPlugin;
    handle.on(EVENT.VIDEOROOM_PUB_LIST, ({ publishers }: PublisherListEvent) => {
      for (const publisher of publishers) this.learn(publisher);
      this.subscription.poke();
    });
    const gone = ({ feed }: FeedEvent) => {
      if (this.feed !== null && feedKey(feed) === feedKey(this.feed)) {
        this.publishing = false;
        return;
      }
      this.others.delete(feedKey(feed));
      this.subscription.feedGone(feed);
    };
    handle.on(EVENT.VIDEOROOM_UNPUBLISHED, gone);
    handle.on(EVENT.VIDEOROOM_LEAVING, gone);
    handle.on(EVENT.VIDEOROOM_KICKED, gone);
    // The member's publishing connection went away (closed, ICE failed): it may publish again.
    handle.on(Janode.EVENT.HANDLE_HANGUP, () => {
      this.publishing = false;
      this.connection = null;
    });
    handle.on(Janode.EVENT.HANDLE_DETACHED, () => {
      if (this.publisher === handle) this.publisher = null;
      this.publishing = false;
    });
  }

  /**
   * Whose camera video the member does not want now (off its stage, its page hidden), and whose
   * it wants only small (grid tiles).
   */
  videoDemand(demand: VideoDemand): void {
    this.paused = new Set(demand.paused);
    this.low = new Set(demand.low);
    this.subscription.poke();
  }

  /** The camera video m-lines (lineKey) of paused and low peers' feeds, and which each is. */
  private lineDemand(): Map<string, LineDemand> {
    const demand = new Map<string, LineDemand>();
    if (this.paused.size === 0 && this.low.size === 0) return demand;
    for (const { feed, streams } of this.others.values()) {
      const owner = this.deps.whoIs(feed);
      if (!owner) continue;
      const wanted: LineDemand | null = this.paused.has(owner.peer)
        ? 'off'
        : this.low.has(owner.peer)
          ? 'low'
          : null;
      if (wanted === null) continue;
      for (const s of streams) {
        if (s.type === 'video' && s.mid !== owner.screenMid)
          demand.set(lineKey(feed, s.mid), wanted);
      }
    }
    return demand;
  }

  private learn(publisher: PublisherInfo): void {
    if (this.feed !== null && feedKey(publisher.feed) === feedKey(this.feed)) return;
    this.others.set(feedKey(publisher.feed), {
      feed: publisher.feed,
      streams: publisher.streams ?? [],
    });
  }

  /** Janus requests of the publisher handle, one at a time and each bounded in time. */
  private run<T>(request: () => Promise<T>): Promise<T> {
    const result = this.queue.then(() =>
      withTimeout(request(), this.deps.requestTimeoutMs, 'publisher request'),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }
}
