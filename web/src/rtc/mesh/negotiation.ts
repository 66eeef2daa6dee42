/**
 * Perfect negotiation on one peer connection (the W3C pattern: makingOffer / ignoreOffer /
 * isSettingRemoteAnswerPending). Whatever changes the connection's layout fires
 * `negotiationneeded`; this class sends the offer, applies the remote's descriptions and
 * candidates strictly in arrival order, settles a collision (the polite side rolls back, the
 * impolite side ignores), drops replays of an earlier negotiation, and offers again when an
 * answer never came or signaling was away (resync).
 */
import type { IceCandidate, SessionDescription } from '../../../../signal/protocol.ts';
import type { ConnectionCounters } from '../MediaPath.ts';
import { isStaleCandidate, isStaleDescription } from './staleSignal.ts';
import { markJoin } from '../../lib/joinTimeline.ts';
import type { JoinStep } from '../../lib/joinTimeline.ts';

export type OutgoingSignal =
  { description: SessionDescription } | { candidate: IceCandidate | null };

export type IncomingSignal =
  | { description: SessionDescription; candidate?: never }
  | { candidate: IceCandidate | null; description?: never };

/** An offer unanswered this long was lost (or its answer was): negotiate again. */
const ANSWER_TIMEOUT_MS = 10_000;

export interface NegotiationOptions {
  /** The earlier peer is polite (yields in a collision), the newcomer impolite. */
  polite: boolean;
  send: (signal: OutgoingSignal) => void;
  /** A remote offer was applied and our answer is about to be made: lay out what we send. */
  beforeAnswer: () => void;
  /** A remote description was applied (and answered, if an offer). */
  afterDescription: () => Promise<void>;
  onError: (err: unknown) => void;
  counters: ConnectionCounters;
  /** The first offer is held until `release` (a spare's): its answer is awaited only from then. */
  held?: boolean;
  /** Marks the join's steps (joinTimeline.ts); off for a connection no join waits for. */
  timeline?: boolean;
}

export class Negotiation {
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  private closedFlag = false;
  /** Incoming signals (and resyncs) are applied strictly in order. */
  private queue: Promise<void> = Promise.resolve();
  private answerTimer: ReturnType<typeof setTimeout> | null = null;
  private held: boolean;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly opts: NegotiationOptions,
  ) {
    this.held = opts.held ?? false;
    pc.onnegotiationneeded = () => void this.negotiate();
  }

  /** A held offer went out: its answer is awaited from now on. */
  release(): void {
    this.held = false;
    const local = this.pc.pendingLocalDescription;
    if (this.pc.signalingState !== 'have-local-offer' || local?.type !== 'offer') return;
    this.mark('offer-sent');
    this.watchForAnswer(local.sdp);
  }

  /** Applies a description or candidate from the remote peer, after those before it. */
  handleSignal(signal: IncomingSignal): Promise<void> {
    return this.enqueue(() => this.apply(signal));
  }

  /**
   * Offers now rather than when `negotiationneeded` fires (a task later): for the first offer,
   * whose transceivers were just laid out. The event then finds the offer under way and stays
   * quiet. Resolves once the offer is sent (or failed: see onError).
   */
  offerNow(): Promise<void> {
    return this.negotiate();
  }

  /** Starts an ICE restart; the offer follows through `negotiationneeded`. */
  restartIce(): void {
    if (this.isClosed()) return;
    this.opts.counters.iceRestarts += 1;
    this.pc.restartIce();
  }

  /**
   * After signaling came back (or an answer did not come): whatever was sent while it was away
   * may be lost. An offer still waiting for its answer is made again, with the same m-lines and
   * a newer version, rather than rolled back: the other side may have applied it and answered
   * (only the answer was lost), and then already holds any m-line it added. The impolite side
   * restarts ICE with it, and also when it is stable but not connected. A connection that is up
   * and settled is left alone.
   */
  resync(): Promise<void> {
    const { pc } = this;
    if (this.isClosed() || (pc.signalingState === 'stable' && pc.connectionState === 'connected'))
      return Promise.resolve();
    return this.enqueue(async () => {
      if (pc.signalingState === 'have-local-offer' && !this.makingOffer) {
        if (!this.opts.polite) this.restartIce();
        // negotiationneeded fires only when stable: offer again here.
        await this.negotiate();
        return;
      }
      if (pc.signalingState === 'stable' && !this.opts.polite) this.restartIce();
    });
  }

  private mark(step: JoinStep): void {
    if (this.opts.timeline !== false) markJoin(step);
  }

  /** A method, not a field read: it changes across awaits. */
  private isClosed(): boolean {
    return this.closedFlag;
  }

  close(): void {
    this.closedFlag = true;
    this.pc.onnegotiationneeded = null;
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.answerTimer = null;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue
      .then(() => (this.isClosed() ? undefined : step()))
      .catch((err: unknown) => {
        if (!this.isClosed()) this.opts.onError(err);
      });
    this.queue = next;
    return next;
  }

  private async negotiate(): Promise<void> {
    if (this.isClosed()) return;
    const { pc } = this;
    try {
      this.makingOffer = true;
      await pc.setLocalDescription();
      // A remote offer applied meanwhile (the polite side's rollback) leaves
      // localDescription pointing at an older description: send only a live offer.
      const local = pc.pendingLocalDescription;
      if (pc.signalingState === 'have-local-offer' && local?.type === 'offer' && !this.isClosed()) {
        this.opts.counters.offersSent += 1;
        this.opts.send({ description: { type: 'offer', sdp: local.sdp } });
        if (!this.held) {
          this.mark('offer-sent');
          this.watchForAnswer(local.sdp);
        }
      }
    } catch (err) {
      if (!this.isClosed()) this.opts.onError(err);
    } finally {
      this.makingOffer = false;
    }
  }

  private watchForAnswer(offerSdp: string): void {
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.answerTimer = setTimeout(() => {
      this.answerTimer = null;
      const { signalingState, localDescription } = this.pc;
      if (signalingState === 'have-local-offer' && localDescription?.sdp === offerSdp)
        void this.resync();
    }, ANSWER_TIMEOUT_MS);
  }

  private async apply(signal: IncomingSignal): Promise<void> {
    const { pc, opts } = this;
    if (signal.description) {
      const description = signal.description;
      if (this.isStale(description)) {
        opts.counters.staleIgnored += 1;
        return;
      }
      const readyForOffer =
        !this.makingOffer && (pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !opts.polite && offerCollision;
      if (this.ignoreOffer) {
        opts.counters.offersIgnored += 1;
        return;
      }
      if (offerCollision) opts.counters.rollbacks += 1; // setRemoteDescription rolls back implicitly
      this.isSettingRemoteAnswerPending = description.type === 'answer';
      try {
        await pc.setRemoteDescription(description);
      } finally {
        this.isSettingRemoteAnswerPending = false;
      }
      this.mark(description.type === 'offer' ? 'offer-applied' : 'answer-applied');
      if (description.type === 'offer') {
        opts.beforeAnswer();
        await pc.setLocalDescription();
        const local = pc.localDescription;
        if (local?.type === 'answer' && !this.isClosed()) {
          opts.send({ description: { type: 'answer', sdp: local.sdp } });
          this.mark('answer-sent');
        }
      }
      // Not awaited either: the candidates that follow need not wait for the camera's limit.
      opts.afterDescription().catch((err: unknown) => {
        if (!this.isClosed()) opts.onError(err);
      });
      return;
    }
    if (signal.candidate && isStaleCandidate(signal.candidate, pc.remoteDescription?.sdp ?? null)) {
      opts.counters.staleIgnored += 1;
      return;
    }
    // Not awaited: the connection applies its operations in the order they are called, so the
    // next signal need not wait for this one to come back to the page. A trickle of a dozen
    // candidates, each awaited, took about 100 ms of round trips on a loaded machine, and ICE
    // could not start checking their pairs meanwhile.
    const expectedToFail = this.ignoreOffer;
    pc.addIceCandidate(signal.candidate ?? undefined).catch((err: unknown) => {
      // Candidates of an offer we ignored are expected to fail.
      if (!expectedToFail && !this.isClosed()) opts.onError(err);
    });
  }

  /**
   * An answer is only current while our offer waits for it; any description no newer than the
   * remote one already applied is a replay.
   */
  private isStale(description: SessionDescription): boolean {
    if (description.type === 'answer' && this.pc.signalingState !== 'have-local-offer') return true;
    return isStaleDescription(description.sdp, this.pc.remoteDescription?.sdp ?? null);
  }
}
