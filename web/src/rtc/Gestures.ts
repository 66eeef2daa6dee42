import type { StoreApi } from 'zustand';
import type { Reaction, ReactionEmoji } from '../../../signal/protocol.ts';
import type { SignalingClient } from '../signaling/SignalingClient.ts';
import type { AppState } from '../store/types.ts';
import { CallError } from '../lib/errors.ts';
import { REACTION_SHOWN_MS } from '../lib/reactions.ts';

/**
 * Speaking this long without a pause lowers our raised hand: we were given the floor, and a hand
 * left up would keep us at the head of the queue after we spoke. "Without a pause" is the
 * speaking indicator's own (StatsMonitor holds it lit across the gaps between words).
 */
export const FLOOR_MS = 3000;
/** Reactions remembered for the e2e build's hooks; a call sees few, this only bounds it. */
const KEPT_REACTIONS = 200;

export interface GesturesHost {
  readonly store: StoreApi<AppState>;
  /** The call's signaling connection, or null outside a call. */
  signaling(): SignalingClient | null;
}

/**
 * Raised hands and reactions: our own hand (raised and lowered by us, or lowered once we have
 * spoken for FLOOR_MS), the reactions of the room shown for a few seconds and announced, and ours
 * sent. Others' hands arrive with their PeerInfo (RoomMembership); only their owner lowers them.
 */
export class Gestures {
  private listening: SignalingClient | null = null;
  private stop: (() => void)[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private floorTimer: ReturnType<typeof setTimeout> | null = null;
  /** Counts hand requests, so that only the latest one's answer is applied. */
  private handSeq = 0;
  /** Reactions received in this call, oldest first (for the e2e build's hooks). */
  readonly received: Reaction[] = [];

  constructor(private readonly host: GesturesHost) {}

  private get state(): AppState {
    return this.host.store.getState();
  }

  /** A call started: listen on its signaling connection (once per connection). */
  started(): void {
    const signaling = this.host.signaling();
    if (!signaling || signaling === this.listening) return;
    this.detach();
    this.listening = signaling;
    this.stop.push(
      signaling.on('peer:reacted', (reaction) => this.onReacted(reaction)),
      this.host.store.subscribe((s) => this.watchFloor(s)),
    );
  }

  ended(): void {
    this.detach();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.state.clearReactions();
    this.received.length = 0;
  }

  toggleHand(): void {
    const { self, phase } = this.state;
    if (self && phase === 'in-call') this.setHand(self.hand == null, false);
  }

  react(emoji: ReactionEmoji): void {
    if (this.state.phase !== 'in-call') return;
    void this.listening?.react({ emoji }).catch((err: unknown) => {
      if (err instanceof CallError && err.code === 'rate-limited')
        this.state.notify('notice.reactionsTooFast');
      else console.warn('reaction not delivered', err);
    });
  }

  private setHand(up: boolean, spoke: boolean): void {
    const signaling = this.listening;
    const before = this.state.self?.hand ?? null;
    if (!signaling) return;
    const seq = ++this.handSeq;
    // Shown at once; the server's time (which orders everyone's hands) replaces ours on its ack.
    this.state.updateSelf({ hand: up ? Date.now() : null });
    this.state.notify(
      up ? 'notice.selfHandUp' : spoke ? 'notice.selfHandSpoke' : 'notice.selfHandDown',
    );
    signaling.update({ hand: up }).then(
      (res) => {
        if (seq === this.handSeq && res.self?.id === this.state.self?.id)
          this.state.updateSelf({ hand: res.self?.hand ?? null });
      },
      (err: unknown) => {
        console.warn('hand not delivered', err);
        if (seq === this.handSeq) this.state.updateSelf({ hand: before });
      },
    );
  }

  private watchFloor(s: AppState): void {
    const holding = s.phase === 'in-call' && s.selfSpeaking && s.self?.hand != null;
    if (!holding) {
      if (this.floorTimer !== null) clearTimeout(this.floorTimer);
      this.floorTimer = null;
      return;
    }
    this.floorTimer ??= setTimeout(() => {
      this.floorTimer = null;
      const now = this.state;
      if (now.selfSpeaking && now.self?.hand != null) this.setHand(false, true);
    }, FLOOR_MS);
  }

  private onReacted(reaction: Reaction): void {
    const state = this.state;
    const own = reaction.id === state.self?.id;
    const name = own ? '' : state.peers[reaction.id]?.name;
    if (state.phase !== 'in-call' || name === undefined) return;
    this.received.push(reaction);
    if (this.received.length > KEPT_REACTIONS) this.received.shift();
    const key = state.showReaction(own ? null : reaction.id, reaction.emoji);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.state.hideReaction(key);
    }, REACTION_SHOWN_MS);
    this.timers.add(timer);
    // The emoji itself: screen readers name it in the reader's own language. Silent: it shows
    // over the tile already.
    state.notify(
      own ? 'notice.selfReacted' : 'notice.reacted',
      { name, reaction: reaction.emoji },
      { silent: true },
    );
  }

  private detach(): void {
    for (const stop of this.stop.splice(0)) stop();
    if (this.floorTimer !== null) clearTimeout(this.floorTimer);
    this.floorTimer = null;
    this.listening = null;
  }
}
