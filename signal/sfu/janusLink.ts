/**
 * The signaling server's connection to one Janus instance: a janode connection, a Janus session
 * on it and a control handle of the videoroom plugin (rooms are created and destroyed through
 * it). When the connection or the session is lost (the websocket closes, janode's websocket ping
 * or the session's keep-alive gets no answer, Janus destroys the session), every handle on it is
 * gone with it: `onLost` is told once, and the link connects again in the background, backing off
 * (and at once when something needs it); `onUp` is told each time it is connected.
 */
import Janode from 'janode';
import type { Connection, Session } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { VideoRoomHandle } from 'janode/plugins/videoroom';
import type { Logger } from 'pino';

// janode prints every request on the console at 'info'; this service logs JSON lines of its own.
Janode.Logger.setLevel('none');

export interface JanusLinkOptions {
  url: string;
  /** The instance's position in SFU_URL: what logs call it (never its URL). */
  index: number;
  /** Janus' `api_secret`, sent with every request. */
  apiSecret?: string | undefined;
  /** Longest wait for any answer of Janus. */
  requestTimeoutMs: number;
  log: Logger;
  /** The established connection was lost, with every handle on it. */
  onLost: () => void;
  /** Connected (again). */
  onUp?: () => void;
}

/** What a live link offers. */
export interface JanusSession {
  session: Session;
  /** For room management (create, destroy, exists). */
  control: VideoRoomHandle;
}

/** Janus could not be reached, or did not answer in time. */
export class JanusUnavailable extends Error {
  override name = 'JanusUnavailable';
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
/** Janus' own session timeout is 60 s; keep-alives twice as often as janode's default. */
const KEEPALIVE_SECONDS = 15;

/** Rejects with JanusUnavailable when `work` takes longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JanusUnavailable(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A short reason without addresses: a socket error's code, or Janus' own message. */
function reason(err: unknown): string {
  if (!(err instanceof Error)) return 'failed';
  const { code } = err as { code?: unknown };
  return typeof code === 'string' ? code : err.message.replace(/\d+\.\d+\.\d+\.\d+(:\d+)?/g, '…');
}

export class JanusLink {
  private live: (JanusSession & { connection: Connection }) | null = null;
  private connecting: Promise<JanusSession> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MIN_MS;
  private closed = false;

  constructor(private readonly options: JanusLinkOptions) {}

  /** Whether the link is up now (without trying). */
  get up(): boolean {
    return this.live !== null;
  }

  /** The live session now, or null (without trying). */
  get current(): JanusSession | null {
    return this.live;
  }

  /** The live session, connecting first if needed; rejects with JanusUnavailable. */
  session(): Promise<JanusSession> {
    if (this.closed) return Promise.reject(new JanusUnavailable('the link is closed'));
    if (this.live) return Promise.resolve(this.live);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** For /readyz: resolves while Janus answers, throws a short reason otherwise. */
  async check(): Promise<void> {
    try {
      await this.session();
    } catch {
      throw new Error('janus is not reachable');
    }
    const connection = this.live?.connection;
    if (!connection) throw new Error('janus is not reachable');
    await withTimeout(connection.getInfo(), this.options.requestTimeoutMs, 'janus info').catch(
      () => {
        throw new Error('janus is not answering');
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const live = this.live;
    this.live = null;
    if (!live) return;
    await withTimeout(live.session.destroy(), 2000, 'session destroy').catch(() => undefined);
    await live.connection.close().catch(() => undefined);
  }

  private async connect(): Promise<JanusSession> {
    const { url, index, apiSecret, requestTimeoutMs, log } = this.options;
    let connection: Connection | null = null;
    let up: JanusSession;
    try {
      // One attempt: the caller (a join) should not wait out janode's retries. The websocket's
      // opening is bounded by janode (5 s), each request after it by requestTimeoutMs.
      connection = await Janode.connect({
        address: { url, ...(apiSecret !== undefined && { apisecret: apiSecret }) },
        max_retries: 0,
      });
      const session = await withTimeout(
        connection.create(KEEPALIVE_SECONDS),
        requestTimeoutMs,
        'session create',
      );
      const control = await withTimeout(
        session.attach(VideoRoomPlugin),
        requestTimeoutMs,
        'attach',
      );
      if (this.closed) throw new JanusUnavailable('the link is closed');
      this.established({ connection, session, control });
      up = { session, control };
    } catch (err) {
      await connection?.close().catch(() => undefined);
      if (this.closed) throw err;
      // Servers by position, errors by code: no URL or address goes to the log.
      log.warn({ server: index, failures: [`#${index}: ${reason(err)}`] }, 'janus is unreachable');
      this.scheduleRetry();
      throw new JanusUnavailable('janus is unreachable');
    }
    log.info({ server: index }, 'connected to janus');
    this.options.onUp?.();
    return up;
  }

  private established(live: JanusSession & { connection: Connection }): void {
    this.live = live;
    this.retryMs = RETRY_MIN_MS;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    let lost = false;
    const onLost = () => {
      if (lost || this.live !== live) return;
      lost = true;
      this.live = null;
      this.options.log.error({ server: this.options.index }, 'lost the connection to janus');
      this.options.onLost();
      live.connection.close().catch(() => undefined);
      this.scheduleRetry();
    };
    live.connection.once(Janode.EVENT.CONNECTION_ERROR, onLost);
    live.connection.once(Janode.EVENT.CONNECTION_CLOSED, onLost);
    live.session.once(Janode.EVENT.SESSION_DESTROYED, onLost);
  }

  /** Connects again in the background, backing off, so readiness recovers without traffic. */
  private scheduleRetry(): void {
    if (this.closed || this.retry || this.live) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.live && !this.closed) this.session().catch(() => undefined);
    }, delay);
    this.retry.unref();
  }
}
