export interface IceRecoveryOptions {
  /** Starts an ICE restart (a new offer with fresh credentials). */
  restart: () => void;
  /**
   * Whether this side drives restarts. Only the impolite peer does, so the two
   * ends never restart against each other; the polite one answers its offers.
   */
  drives: boolean;
  /** `disconnected` for this long counts as failed: Chrome may take 30 s to say `failed`. */
  stuckMs?: number;
  /** Wait after the first restart before trying again; doubles per attempt up to `maxGapMs`. */
  minGapMs?: number;
  maxGapMs?: number;
}

export const ICE_RECOVERY_DEFAULTS = { stuckMs: 3000, minGapMs: 4000, maxGapMs: 30_000 } as const;

/**
 * Restarts ICE when a connection's path breaks, and never gives up on it:
 * `disconnected` is usually transient (a lost packet burst, a Wi-Fi roam), so
 * it is given `stuckMs` to heal by itself; `failed`, or a `disconnected` that
 * lasts, restarts ICE at once, then again with exponential backoff for as long
 * as the connection stays down. Hanging up is never this class's decision.
 */
export class IceRecovery {
  private readonly opts: Required<IceRecoveryOptions>;
  private state: RTCPeerConnectionState = 'new';
  private attempts = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(options: IceRecoveryOptions) {
    this.opts = { ...ICE_RECOVERY_DEFAULTS, ...options };
  }

  /** Restarts made since the connection was last up. */
  get pendingAttempts(): number {
    return this.attempts;
  }

  update(state: RTCPeerConnectionState): void {
    if (this.disposed) return;
    this.state = state;
    if (state === 'connected') {
      this.attempts = 0;
      this.clearTimer();
      return;
    }
    if (state === 'closed') {
      this.dispose();
      return;
    }
    if (!this.opts.drives) return;
    if (state === 'failed') this.schedule(0);
    else if (state === 'disconnected' && this.timer === null) this.schedule(this.opts.stuckMs);
  }

  /** Something outside ICE healed (signaling came back): retry now if still down. */
  retryNow(): void {
    if (this.disposed || !this.opts.drives) return;
    if (this.state !== 'disconnected' && this.state !== 'failed') return;
    this.attempts = 0;
    this.lastAttemptAt = Number.NEGATIVE_INFINITY;
    this.schedule(0);
  }

  /**
   * A restart was made from outside (fresh servers arrived): backoff counts from it, and the
   * driving side's watchdog tries again after the first gap if it did not bring the link up.
   */
  restarted(): void {
    if (this.disposed) return;
    this.attempts = 1;
    this.lastAttemptAt = Date.now();
    if (this.opts.drives && this.state !== 'connected') this.schedule(0);
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private gap(): number {
    if (this.attempts === 0) return 0;
    return Math.min(this.opts.minGapMs * 2 ** (this.attempts - 1), this.opts.maxGapMs);
  }

  private schedule(minDelayMs: number): void {
    const now = Date.now();
    const at = Math.max(now + minDelayMs, this.lastAttemptAt + this.gap());
    this.clearTimer();
    this.timer = setTimeout(() => this.fire(), at - now);
  }

  private fire(): void {
    this.timer = null;
    if (this.disposed || this.state === 'connected') return;
    this.attempts += 1;
    this.lastAttemptAt = Date.now();
    this.opts.restart();
    // Watchdog: if this restart has not brought the connection up by the next gap, try again.
    this.schedule(0);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
