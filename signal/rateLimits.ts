/**
 * Abuse limits. The per-address ones are built on rate-limiter-flexible, every limiter made
 * by one `store` function, so a deployment with several nodes can pass one that returns
 * shared limiters (e.g. RateLimiterRedis) and keep the same rules. The per-connection message
 * rate is counted in the connection's own gate instead (see `messageRate`): a connection lives
 * on one node, so there is nothing to share, and it is checked on every message.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { IRateLimiterOptions, RateLimiterAbstract } from 'rate-limiter-flexible';
import { Limits } from './protocol.ts';

export interface LimitSettings {
  /** Sustained client messages per second per connection. */
  messagesPerSecond: number;
  /** Extra messages a connection may send in a burst (over 10 s), e.g. trickle ICE. */
  messageBurst: number;
  /** Open connections per client address. */
  socketsPerIp: number;
  /** Join attempts per client address per minute (also bounds password guessing). */
  joinsPerIpPerMinute: number;
  /** A connection that is in no room for this long is closed. */
  unjoinedTimeoutMs: number;
}

export const DEFAULT_LIMITS: LimitSettings = {
  messagesPerSecond: 20,
  messageBurst: 200,
  socketsPerIp: 50,
  joinsPerIpPerMinute: 60,
  unjoinedTimeoutMs: 60_000,
};

export type LimiterStore = (
  options: IRateLimiterOptions & { keyPrefix: string },
) => RateLimiterAbstract;

export const memoryStore: LimiterStore = (options) => new RateLimiterMemory(options);

/**
 * The message rate of one connection: `messagesPerSecond` in each one-second window, and past
 * that up to `messageBurst` more in each ten-second window (trickle ICE comes in bursts). Windows
 * start at the first message counted in them. This is the rule of rate-limiter-flexible's
 * BurstyRateLimiter over two RateLimiterMemory, which this replaced on the hot path: they answer
 * through promises and keep a record and an expiry timer per connection in a keyed store, about
 * a microsecond per relayed message and the largest cost on top of stock Socket.IO after the
 * writes themselves (see docs/performance.md). A connection lives on one node, so there is
 * nothing to share: four numbers per connection.
 */
export class MessageRate {
  private secondEnds = 0;
  private inSecond = 0;
  private burstEnds = 0;
  private inBurst = 0;

  constructor(private readonly settings: LimitSettings) {}

  /** Counts one client message; false when over the rate. */
  take(now: number): boolean {
    if (now >= this.secondEnds) {
      this.secondEnds = now + 1000;
      this.inSecond = 0;
    }
    this.inSecond += 1;
    if (this.inSecond <= this.settings.messagesPerSecond) return true;
    if (now >= this.burstEnds) {
      this.burstEnds = now + 10_000;
      this.inBurst = 0;
    }
    this.inBurst += 1;
    return this.inBurst <= this.settings.messageBurst;
  }
}

export interface RateLimits {
  /** The settings, for the per-connection message rate (see MessageRate). */
  settings: LimitSettings;
  /** Counts one join attempt from an address; false when over its rate. */
  join(address: string): Promise<boolean>;
  /** Takes a connection slot for the address; false (and nothing taken) when none is left. */
  connect(address: string): Promise<boolean>;
  /** Gives back the slot of a closed connection. */
  disconnect(address: string): Promise<void>;
  /**
   * Counts one reaction of a person (by PeerId, so a reconnect does not reset it); false when
   * over `Limits.reactionsPerWindow` in `Limits.reactionWindowMs`.
   */
  react(peerId: string): Promise<boolean>;
}

/** True when the limiter allowed it; a refusal is a RateLimiterRes, anything else a real failure. */
async function allowed(consume: Promise<RateLimiterRes>): Promise<boolean> {
  try {
    await consume;
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  }
}

export function createRateLimits(
  settings: LimitSettings,
  store: LimiterStore = memoryStore,
): RateLimits {
  const joins = store({ keyPrefix: 'join', points: settings.joinsPerIpPerMinute, duration: 60 });
  // Used as a counter of open connections: consumed on connect, rewarded on close. The
  // long expiry only heals counts of a node that died without giving its slots back.
  const sockets = store({ keyPrefix: 'sockets', points: settings.socketsPerIp, duration: 3600 });

  // Shared like the others when the store is: a person's reactions count on whichever node.
  const reactions = store({
    keyPrefix: 'react',
    points: Limits.reactionsPerWindow,
    duration: Limits.reactionWindowMs / 1000,
  });

  return {
    settings,
    join: (address) => allowed(joins.consume(address)),
    react: (peerId) => allowed(reactions.consume(peerId)),
    async connect(address) {
      const ok = await allowed(sockets.consume(address));
      // A refused consume still counted the attempt: give it back.
      if (!ok) await sockets.reward(address);
      return ok;
    },
    async disconnect(address) {
      const left = await sockets.reward(address);
      if (left.consumedPoints <= 0) await sockets.delete(address);
    },
  };
}
