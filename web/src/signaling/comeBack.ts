/**
 * Getting the signaling connection back after it was lost, without paying the browser's penalty
 * for failed WebSocket attempts: Firefox holds each new WebSocket to a host back after failed
 * ones, for longer after each (1.5 times, up to a minute), so sockets tried every few seconds
 * while a server restarts could keep a call off the server for many seconds after it is up.
 * Each round first asks the server over plain HTTP (not held back) and opens the socket only
 * once it answers.
 */
export interface ComeBackOptions {
  /** Whether the server answers now. */
  probe: () => Promise<boolean>;
  /** Opens the socket; its failure comes back as `failed()`, its success as `stop()`. */
  connect: () => void;
  /** The first round's wait, doubled each round up to `maxMs`, each with ±50 % jitter. */
  firstMs?: number;
  maxMs?: number;
}

export class ComeBack {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private rounds = 0;
  private active = false;

  constructor(private readonly opts: ComeBackOptions) {}

  get running(): boolean {
    return this.active;
  }

  /** The connection was lost: start the rounds (once). */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.rounds = 0;
    this.schedule();
  }

  /** The socket's attempt failed: another round. */
  failed(): void {
    if (this.active && this.timer === null) this.schedule();
  }

  /** Connected again, or closed for good. */
  stop(): void {
    this.active = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A method, not a field read: it changes across awaits. */
  private isActive(): boolean {
    return this.active;
  }

  private schedule(): void {
    const first = this.opts.firstMs ?? 250;
    const wait = Math.min(this.opts.maxMs ?? 3000, first * 2 ** this.rounds);
    this.rounds += 1;
    // The jitter spreads a room's clients after a server restart.
    this.timer = setTimeout(() => void this.round(), wait * (0.5 + Math.random()));
  }

  private async round(): Promise<void> {
    this.timer = null;
    if (!this.isActive()) return;
    const up = await this.opts.probe().catch(() => false);
    if (!this.isActive()) return;
    if (up) this.opts.connect();
    else this.schedule();
  }
}

/**
 * Whether the signaling server at `base` answers HTTP now. Its Socket.IO endpoint refuses a
 * polling handshake at once (the service is WebSocket-only), which is answer enough; an opaque
 * (no-cors) answer counts, so a server on another origin can be asked too.
 */
export async function serverAnswers(base: string, timeoutMs = 3000): Promise<boolean> {
  const url = new URL('/socket.io/?EIO=4&transport=polling', base);
  await fetch(url, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
  return true;
}
