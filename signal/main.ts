/** Production entry: the built web app and the signaling service on one port. */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { clientConfigOf, serveClientConfig } from './clientConfig.ts';
import { ConfigError, readConfig } from './config.ts';
import { createSignalServer } from './createSignalServer.ts';
import { loadResumeSecret } from './resumeSecret.ts';
import { createLogger } from './logger.ts';
import { createRequestHandler } from './http.ts';
import type { ReadyCheck } from './http.ts';
import { loadTls } from './tls.ts';
import { createShutdown } from './shutdown.ts';
import { protectionOptions } from './protectionOptions.ts';
import { iceServersFromConfig } from './turnCredentials.ts';
import { sfuOptions } from './sfu/sfuConfig.ts';

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.LOG_LEVEL);
  const tls = await loadTls(config);

  let draining = false;
  // Further checks (e.g. a shared store) are added here by name.
  const readyChecks: Record<string, ReadyCheck> = {
    signaling: () => {
      if (draining) throw new Error('shutting down');
    },
  };
  const metricsRegistry = new Registry();
  // The request handler must exist before Socket.IO attaches, which wraps it.
  const onRequest = createRequestHandler({
    webRoot: fileURLToPath(new URL('../web', import.meta.url)),
    metrics: metricsRegistry,
    readyChecks,
    metricsToken: config.METRICS_TOKEN,
    https: tls !== null,
    extraRoute: serveClientConfig(clientConfigOf(config)),
  });
  const httpServer = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  // Several nodes share rooms through Redis; every node needs the same RESUME_SECRET.
  // Only a node that uses Redis loads its client (a third of the start time without it).
  const redis = config.REDIS_URL
    ? await (await import('./redisScaleOut.ts')).connectRedis(config.REDIS_URL, log)
    : null;
  if (redis) {
    readyChecks.redis = async () => {
      if (!(await redis.ready())) throw new Error('redis is not answering');
    };
  }
  const signal = createSignalServer(httpServer, {
    ...redis?.options,
    maxPeers: config.MAX_PEERS,
    graceMs: config.GRACE_MS,
    resumeSecret: loadResumeSecret(config.RESUME_SECRET, config.RESUME_SECRET_FILE),
    iceServers: iceServersFromConfig(config),
    logger: log,
    ...protectionOptions(config),
    ...sfuOptions(config),
    metricsRegistry,
  });
  redis?.watch(signal, config.GRACE_MS);
  const { sfu } = signal;
  if (sfu) readyChecks.sfu = () => sfu.ready();
  if (config.TURN_SECRET !== undefined && config.TURN_TTL <= 0)
    log.warn('TURN_TTL <= 0: every TURN credential is issued already expired');

  httpServer.listen(config.PORT, config.HOST, () => {
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const scheme = tls ? 'https' : 'http';
    // Tests and scripts read this line to find the port when PORT=0.
    log.info({ port }, `room-call listening on ${scheme}://localhost:${port}`);
  });

  const shutdown = createShutdown({
    server: httpServer,
    signal,
    log,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    onDraining: () => {
      draining = true;
    },
    afterSignalClosed: async () => {
      await redis?.close();
    },
  });
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  // A bad setting, or Redis out of reach (RedisConnectError is one).
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
});
