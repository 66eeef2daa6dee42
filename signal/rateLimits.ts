/**
 * Abuse limits, built on rate-limiter-flexible. Every limiter is made by one
 * `store` function, so a deployment with several nodes can pass one that
 * returns shared limiters (e.g. RateLimiterRedis) and keep the same rules.
 */
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { IRateLimiterOptions, RateLimiterAbstract } from 'rate-limiter-flexible';

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

export interface RateLimits {
  /** Counts one client message of a connection; false when over its rate. */
  message(socketId: string): Promise<boolean>;
  /** Counts one join attempt from an address; false when over its rate. */
  join(address: string): Promise<boolean>;
  /** Takes a connection slot for the address; false (and nothing taken) when none is left. */
  connect(address: string): Promise<boolean>;
  /** Gives back the slot of a closed connection and forgets its message count. */
  disconnect(address: string, socketId: string): Promise<void>;
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
  const sustained = store({ keyPrefix: 'msg', points: settings.messagesPerSecond, duration: 1 });
  const burst = store({ keyPrefix: 'msg-burst', points: settings.messageBurst, duration: 10 });
  const messages = new BurstyRateLimiter(sustained, burst);
  const joins = store({ keyPrefix: 'join', points: settings.joinsPerIpPerMinute, duration: 60 });
  // Used as a counter of open connections: consumed on connect, rewarded on close. The
  // long expiry only heals counts of a node that died without giving its slots back.
  const sockets = store({ keyPrefix: 'sockets', points: settings.socketsPerIp, duration: 3600 });

  return {
    message: (socketId) => allowed(messages.consume(socketId)),
    join: (address) => allowed(joins.consume(address)),
    async connect(address) {
      const ok = await allowed(sockets.consume(address));
      // A refused consume still counted the attempt: give it back.
      if (!ok) await sockets.reward(address);
      return ok;
    },
    async disconnect(address, socketId) {
      const left = await sockets.reward(address);
      if (left.consumedPoints <= 0) await sockets.delete(address);
      await Promise.all([sustained.delete(socketId), burst.delete(socketId)]);
    },
  };
}
