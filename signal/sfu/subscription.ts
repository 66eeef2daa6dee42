/**
 * One member's subscriber handle: everything the others publish, on one connection.
 *
 * Changes (someone publishes, shares or stops a screen, leaves) only mark the subscription
 * dirty; `reconcile` then compares what the member should receive with what the subscription
 * carries and asks Janus for the difference, one request at a time. Every offer Janus makes (on
 * joining, after an update, or later on its own) goes to the member, and while an offer is
 * outstanding nothing else is asked: the next update waits for the member's answer (`start`) or
 * for `offerTimeoutMs`. Janus' own automatic updates are off: a publisher that goes is
 * unsubscribed by us, so that every change goes through this one queue.
 */
import Janode from 'janode';
import type { Jsep, TrickleCandidate } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { FeedId, RoomId, Updated, VideoRoomHandle } from 'janode/plugins/videoroom';
import type { SubscriptionStream } from 'janode/plugins/videoroom';
import type { Logger } from 'pino';
import { applyPlan, feedKey, linesOf, plan } from './streams.ts';
import type { Line, Want } from './streams.ts';
import { withTimeout } from './janusLink.ts';
import { LayerHolds } from './layerHolds.ts';
import type { LineDemand } from './layerHolds.ts';

export interface SubscriptionDeps {
  room: Promise<RoomId>;
  attach: () => Promise<VideoRoomHandle>;
  /** The publisher m-lines the member should receive now. */
  want: () => Want[];
  /**
   * Those of them (by lineKey) not to be sent for now (video off the member's stage), or to be
   * sent at the lowest simulcast layer (small tiles); any other line comes at the highest.
   */
  demand: () => ReadonlyMap<string, LineDemand>;
  /** An offer for the member, with Janus' layout of the whole subscription. */
  deliver: (offer: Jsep, layout: readonly SubscriptionStream[], restart: boolean) => void;
  requestTimeoutMs: number;
  offerTimeoutMs: number;
  log: Logger;
}

/** A failed reconcile is tried again this often, after this long, before waiting for news. */
const RETRIES = 3;
const RETRY_MS = 1000;

/** `sfu:answer` or `sfu:trickle` for a subscription that has made no offer. */
export class NoSubscription extends Error {
  override name = 'NoSubscription';
}

export class Subscription {
  private handle: VideoRoomHandle | null = null;
  private lines: Line[] = [];
  /** Janus' layout of the whole subscription, as last given. */
  private layout: readonly SubscriptionStream[] = [];
  /** Our mids of lines whose publisher went away: they carry nothing any more. */
  private readonly stale = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private outstanding: NodeJS.Timeout | null = null;
  private running = false;
  private dirty = false;
  private active = false;
  private closed = false;
  private failures = 0;
  private readonly holds = new LayerHolds();

  constructor(private readonly deps: SubscriptionDeps) {}

  /** The member is in the room and can take offers: subscribe to what there is. */
  activate(): void {
    this.active = true;
    this.poke();
  }

  /** What the member should receive may have changed. */
  poke(): void {
    this.dirty = true;
    void this.reconcile();
  }

  /** A publisher is gone (or came back on a new connection): its lines carry nothing now. */
  feedGone(feed: FeedId): void {
    for (const line of this.lines) {
      if (line.subMid === null || feedKey(line.feed) !== feedKey(feed)) continue;
      this.stale.add(line.subMid);
      this.holds.forget(line.subMid);
    }
    this.lines = this.lines.filter((l) => l.subMid !== null || feedKey(l.feed) !== feedKey(feed));
    this.poke();
  }

  /** The member's answer to the latest offer. */
  async answer(jsep: Jsep): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new NoSubscription('no offer to answer');
    await this.run(() => handle.start({ jsep }));
    if (handle !== this.handle) return;
    this.settled();
  }

  /** A candidate of the member's subscribing connection; null: the end of them. */
  async trickle(candidate: TrickleCandidate | null): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new NoSubscription('no subscribing connection yet');
    await this.run(() => handle.trickle(candidate));
  }

  /** Leaves and detaches the handle; nothing is sent to the member any more. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearOutstanding();
    const handle = this.handle;
    this.handle = null;
    if (handle) await this.dispose(handle, true);
  }

  /** The connection to Janus is gone with every handle: forget without asking Janus anything. */
  abandon(): void {
    this.closed = true;
    this.clearOutstanding();
    this.handle = null;
  }

  private async reconcile(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.dirty && this.active && !this.closed && this.outstanding === null) {
        this.dirty = false;
        await this.step();
        this.failures = 0;
      }
    } catch (err) {
      this.failures += 1;
      this.deps.log.warn({ err, failures: this.failures }, 'subscription update failed');
      if (this.failures <= RETRIES && !this.closed) setTimeout(() => this.poke(), RETRY_MS).unref();
    } finally {
      this.running = false;
    }
  }

  private async step(): Promise<void> {
    const want = this.deps.want();
    if (!this.handle) {
      if (want.length > 0) await this.subscribe(want);
      return;
    }
    const handle = this.handle;
    const next = plan(this.lines, want, this.stale);
    if (next.subscribe.length === 0 && next.unsubscribe.length === 0) {
      await this.applyHolds(handle);
      return;
    }
    const updated = await this.run(() =>
      handle.update({
        ...(next.subscribe.length > 0 && { subscribe: next.subscribe }),
        ...(next.unsubscribe.length > 0 && { unsubscribe: next.unsubscribe }),
      }),
    );
    if (handle !== this.handle) return;
    for (const u of next.unsubscribe) if (u.sub_mid !== undefined) this.stale.delete(u.sub_mid);
    // Without a layout Janus changed nothing yet (or postponed it): count it as done, so it is
    // not asked for twice; the layout that comes with the next offer corrects this.
    if (!updated.streams) this.lines = applyPlan(this.lines, next);
    this.received(updated);
  }

  /**
   * Tells Janus which of our m-lines to send and at which simulcast layer, where that changed
   * (no renegotiation).
   */
  private async applyHolds(handle: VideoRoomHandle): Promise<void> {
    const change = this.holds.changes(this.lines, this.deps.demand());
    if (!change) return;
    await this.run(() => handle.configure({ streams: change.streams }));
    if (handle === this.handle) change.commit();
  }

  private async subscribe(want: Want[]): Promise<void> {
    const handle = await withTimeout(this.deps.attach(), this.deps.requestTimeoutMs, 'attach');
    if (this.closed) {
      await this.dispose(handle, false);
      return;
    }
    this.listen(handle);
    this.handle = handle;
    this.stale.clear();
    this.holds.clear();
    try {
      const room = await this.deps.room;
      const joined = await this.run(() =>
        handle.joinSubscriber({
          room,
          streams: want.map(({ feed, mid }) => ({ feed, mid })),
          autoupdate: false,
        }),
      );
      this.received(joined);
    } catch (err) {
      if (this.handle === handle) this.handle = null;
      await this.dispose(handle, false);
      throw err;
    }
  }

  /**
   * Restarts ICE on the member's subscribing connection (its path broke): Janus offers new
   * credentials for the same connection, delivered as a restart.
   */
  async restartIce(): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new NoSubscription('no subscribing connection to restart');
    const restarted = await this.run(() => handle.configure({ restart: true }));
    if (handle !== this.handle) return;
    // The layout is unchanged: only the credentials are new.
    this.received(
      { ...(restarted.jsep && { jsep: restarted.jsep }), streams: [...this.layout] },
      true,
    );
  }

  /** A layout and maybe an offer from Janus, in answer to a request or on its own. */
  private received(update: Updated, restart = false): void {
    if (this.closed) return;
    if (update.streams) {
      this.layout = update.streams;
      this.lines = linesOf(update.streams);
    }
    if (update.jsep?.type !== 'offer') return;
    this.deps.deliver(update.jsep, update.streams ?? [], restart);
    this.clearOutstanding();
    this.outstanding = setTimeout(() => {
      this.outstanding = null;
      this.deps.log.debug('subscriber offer unanswered, going on');
      this.poke();
    }, this.deps.offerTimeoutMs);
    this.outstanding.unref();
  }

  /** The outstanding offer was answered: the next change may go. */
  private settled(): void {
    this.clearOutstanding();
    this.poke();
  }

  private clearOutstanding(): void {
    if (this.outstanding) clearTimeout(this.outstanding);
    this.outstanding = null;
  }

  private listen(handle: VideoRoomHandle): void {
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_UPDATED, (update: Updated) => {
      if (handle === this.handle) this.received(update);
    });
    // The member's connection is gone (ICE failed, or closed): the next offer starts anew.
    const gone = () => {
      if (handle !== this.handle || this.closed) return;
      this.handle = null;
      this.lines = [];
      this.layout = [];
      this.stale.clear();
      this.holds.clear();
      this.clearOutstanding();
      void this.dispose(handle, true);
      this.poke();
    };
    handle.on(Janode.EVENT.HANDLE_HANGUP, gone);
    handle.on(Janode.EVENT.HANDLE_DETACHED, gone);
  }

  /** Janus requests of this handle, one at a time and each bounded in time. */
  private run<T>(request: () => Promise<T>): Promise<T> {
    const result = this.queue.then(() =>
      withTimeout(request(), this.deps.requestTimeoutMs, 'subscriber request'),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async dispose(handle: VideoRoomHandle, leave: boolean): Promise<void> {
    const bounded = <T>(work: Promise<T>) =>
      withTimeout(work, this.deps.requestTimeoutMs, 'subscriber teardown').catch(() => undefined);
    if (leave) await bounded(this.run(() => handle.leave()));
    await bounded(handle.detach());
  }
}
