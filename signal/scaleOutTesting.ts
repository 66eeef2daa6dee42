/**
 * Test support for several signaling nodes: a node on a shared Redis (under a key prefix of the
 * test's own), which can be stopped as a crash would stop it.
 */
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { SignalServerOptions } from './createSignalServer.ts';
import { connectRedis } from './redisScaleOut.ts';
import type { RedisScaleOut } from './redisScaleOut.ts';
import { startRedisServer } from './redisTesting.ts';
import type { RedisServer } from './redisTesting.ts';
import { startTestServer } from './testing.ts';
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

/** The test runner's hooks (passed in, so that this module does not load the runner). */
export interface SuiteHooks {
  beforeAll: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => Promise<void>) => void;
  afterEach: (fn: () => Promise<void>) => void;
}

/**
 * For one test file: a redis-server started before its tests and stopped after them, and
 * `startCluster(options)`, two nodes on it under a key prefix of their own (tests share the
 * server), killed after each test.
 */
export function twoNodeClusters(
  { beforeAll, afterAll, afterEach }: SuiteHooks,
  name: string,
  graceMs: number,
  serverOptions: (extra: { maxPeers?: number }) => Partial<SignalServerOptions>,
): (extra?: { maxPeers?: number }) => Promise<[ScaleOutNode, ScaleOutNode]> {
  let redisServer: RedisServer | undefined;
  let nodes: ScaleOutNode[] = [];
  let prefixes = 0;
  beforeAll(async () => {
    redisServer = await startRedisServer();
  });
  afterAll(async () => {
    await redisServer?.stop();
  });
  afterEach(async () => {
    for (const node of nodes) await node.kill();
    nodes = [];
  });
  return async (extra = {}) => {
    const url = redisServer?.url;
    if (url === undefined) throw new Error('redis-server not started');
    const prefix = `${name}-${++prefixes}`;
    const start = async () => {
      const node = await startScaleOutNode(url, prefix, graceMs, (options) =>
        startTestServer({ ...options, ...serverOptions(extra) }),
      );
      nodes.push(node);
      return node;
    };
    return [await start(), await start()];
  };
}
