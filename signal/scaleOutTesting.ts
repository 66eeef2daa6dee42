/**
 * Test support for several signaling nodes: a node on a shared Redis (under a key prefix of the
 * test's own), which can be stopped as a crash would stop it.
 */
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { SignalServerOptions } from './createSignalServer.ts';
import { connectRedis } from './redisScaleOut.ts';
import type { RedisScaleOut } from './redisScaleOut.ts';
import type { TestServer } from './testing.ts';

export interface ScaleOutNode {
  server: TestServer;
  redis: RedisScaleOut;
  /** Stops the node as a crash would: no more Redis traffic, connections cut. */
  kill(): Promise<void>;
}

/**
 * A node on `redisUrl`: `start` starts its server with the scale-out options it is given (and
 * its own), and the node watches its peers' liveness every 100 ms.
 */
export async function startScaleOutNode(
  redisUrl: string,
  prefix: string,
  graceMs: number,
  start: (options: SignalServerOptions & { logger: Logger }) => Promise<TestServer>,
): Promise<ScaleOutNode> {
  const log = pino({ level: 'silent' });
  const redis = await connectRedis(redisUrl, log, { prefix, livenessIntervalMs: 100 });
  const server = await start({ ...redis.options, graceMs, logger: log });
  redis.watch(server.signal, graceMs);
  let dead = false;
  return {
    server,
    redis,
    async kill() {
      if (dead) return;
      dead = true;
      await redis.close();
      await server.close();
    },
  };
}
