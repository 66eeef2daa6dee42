/**
 * Two signaling nodes (the built app, twice) sharing rooms through a real redis-server, for
 * the scale-out specs: `serverEnv` reaches both nodes.
 */
import { randomBytes } from 'node:crypto';
import { startApp } from './appServer.ts';
import type { AppServer, ServerEnv } from './appServer.ts';
import { startRedisServer } from '../../signal/redisTesting.ts';

export interface Cluster {
  nodeA: AppServer;
  nodeB: AppServer;
}

/** A fixture body: starts the cluster, hands it to the test, and stops it after. */
export async function withCluster(
  serverEnv: ServerEnv,
  use: (cluster: Cluster) => Promise<void>,
): Promise<void> {
  const redis = await startRedisServer();
  // Every node must share the resume secret, or a token from one is void on the other.
  const env = {
    REDIS_URL: redis.url,
    RESUME_SECRET: randomBytes(24).toString('base64url'),
    LOG_LEVEL: 'debug',
    ...serverEnv,
  };
  const [nodeA, nodeB] = await Promise.all([startApp(env), startApp(env)]);
  await use({ nodeA, nodeB });
  await Promise.all([nodeA.stop(), nodeB.stop()]);
  await redis.stop();
}
