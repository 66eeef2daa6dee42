/**
 * Several signaling nodes sharing one Redis: the official Socket.IO sharded
 * Redis adapter carries emits between nodes, and RedisRoomRegistry holds the
 * membership. See docs/scaling.md for why sharded pub/sub.
 */
import { randomBytes } from 'node:crypto';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import { ConfigError } from './config.ts';
import type { SignalServerOptions } from './createSignalServer.ts';
import type { SignalServer } from './createSignalServer.ts';
import { RedisRoomRegistry } from './redisRoomRegistry.ts';
import { startNodeReaper } from './redisNodeReaper.ts';
import { RedisSfuHomes } from './sfu/sfuHomes.ts';
import { crossNodeRelay } from './crossNodeRelay.ts';
import type { CrossNodeRelay } from './crossNodeRelay.ts';

export interface RedisScaleOut {
  /** Spread into createSignalServer's options. */
  options: Required<Pick<SignalServerOptions, 'registry' | 'adapter'>> & {
    sfuHomes: RedisSfuHomes;
    crossNode: CrossNodeRelay;
  };
  /**
   * Starts this node's liveness key and the sweep that removes participants left
   * behind by a node that stopped, after `graceMs`. Call once the server exists.
   */
  watch(signal: SignalServer, graceMs: number): void;
  /** True while both Redis connections are up and Redis answers (for a readiness probe). */
  ready(): Promise<boolean>;
  /** Closes the Redis connections; call after the signal server has closed. */
  close(): Promise<void>;
}

/**
 * Redis could not be reached at start: a start-up failure like a bad setting, so the node says
 * why and exits (main.ts).
 */
export class RedisConnectError extends ConfigError {
  override name = 'RedisConnectError';
}

export interface RedisScaleOutOptions {
  /** Prefix of the registry's keys and of the adapter's channels. */
  prefix?: string;
  /** How long the first connection may take before the start fails. */
  connectTimeoutMs?: number;
  /** Liveness renewal and sweep period; a node is taken for dead after three missed renewals. */
  livenessIntervalMs?: number;
}

export async function connectRedis(
  url: string,
  log: Logger,
  {
    prefix = 'room-call',
    connectTimeoutMs = 5000,
    livenessIntervalMs = 2000,
  }: RedisScaleOutOptions = {},
): Promise<RedisScaleOut> {
  // Commands and publishing share one connection; a subscribed connection can do nothing else.
  const pub = createClient({ url, socket: { connectTimeout: connectTimeoutMs } });
  const sub = pub.duplicate();
  let lastError = '';
  for (const [role, client] of [
    ['commands', pub],
    ['subscriber', sub],
  ] as const) {
    client.on('error', (err: Error) => {
      // The client reconnects by itself; log each distinct failure once, not every retry.
      if (err.message === lastError) return;
      lastError = err.message;
      log.error({ err, role }, 'redis connection failed');
    });
    client.on('ready', () => {
      lastError = '';
    });
  }
  // The client retries a refused connection forever; at start, a clear failure is better.
  const connecting = Promise.all([pub.connect(), sub.connect()]);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(lastError || `no answer within ${connectTimeoutMs} ms`));
    }, connectTimeoutMs);
  });
  try {
    await Promise.race([connecting, deadline]);
  } catch (err) {
    connecting.catch(() => undefined);
    pub.destroy();
    sub.destroy();
    throw new RedisConnectError(`REDIS_URL: cannot reach Redis (${(err as Error).message})`, {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
  log.info('sharing rooms through Redis');
  const nodeId = randomBytes(9).toString('base64url');
  const registry = new RedisRoomRegistry(pub, `${prefix}:`, nodeId);
  // Relays are published fire and forget (Socket.IO's emit waits on nothing), and node-redis'
  // default command timeout arms an AbortSignal timer for every command: without it here,
  // a cross-node relay costs about a tenth less CPU. A lost connection still fails them;
  // the registry's own commands keep the timeout.
  const relayPub = pub.withCommandOptions({ timeout: 0 });
  let crossNode: CrossNodeRelay;
  try {
    // Relays read members from a per-node cache, which the other nodes' notices keep true.
    await registry.listen(sub);
    crossNode = await crossNodeRelay(relayPub, sub, prefix, nodeId);
  } catch (err) {
    pub.destroy();
    sub.destroy();
    throw new RedisConnectError(`REDIS_URL: cannot subscribe (${(err as Error).message})`, {
      cause: err,
    });
  }
  sub.on('error', () => registry.noticesLost());
  sub.on('ready', () => registry.noticesBack());
  let stopReaper: () => void = () => undefined;

  return {
    options: {
      registry,
      // Used when the node also has SFU_URL: each SFU room's home node (sfu/sfuHomes.ts).
      sfuHomes: new RedisSfuHomes(pub, `${prefix}:`, nodeId),
      crossNode,
      adapter: createShardedAdapter(relayPub, sub, {
        channelPrefix: prefix,
        // One channel per room, so a signal for one peer reaches only the node holding it.
        subscriptionMode: 'dynamic',
      }),
    },
    watch(signal, graceMs) {
      stopReaper();
      stopReaper = startNodeReaper({
        redis: pub,
        registry,
        io: signal.io,
        log,
        nodeId,
        prefix: `${prefix}:`,
        graceMs,
        intervalMs: livenessIntervalMs,
      });
    },
    async ready() {
      if (!pub.isReady || !sub.isReady) return false;
      try {
        return (await pub.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      stopReaper();
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
