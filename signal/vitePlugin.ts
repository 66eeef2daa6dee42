import type { Plugin } from 'vite';
import { clientConfigOf, serveClientConfig } from './clientConfig.ts';
import { readConfig } from './config.ts';
import { createSignalServer } from './createSignalServer.ts';
import type { SignalServer } from './createSignalServer.ts';
import { loadResumeSecret } from './resumeSecret.ts';
import { createLogger } from './logger.ts';
import { protectionOptions } from './protectionOptions.ts';
import { connectRedis } from './redisScaleOut.ts';
import type { RedisScaleOut } from './redisScaleOut.ts';
import { iceServersFromConfig } from './turnCredentials.ts';
import { sfuOptions } from './sfu/sfuConfig.ts';

/**
 * Attaches the signaling service to Vite's dev HTTP server, so plain `vite`
 * serves the app and signaling on one origin, as production does.
 */
export function signalDevServer(): Plugin {
  let signal: SignalServer | undefined;
  let redis: RedisScaleOut | null = null;
  return {
    name: 'room-call-signal',
    apply: 'serve',
    async configureServer(server) {
      if (!server.httpServer) return; // middleware mode: the host app attaches signaling
      const config = readConfig();
      const logger = createLogger(config.LOG_LEVEL);
      redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, logger) : null;
      const serveConfig = serveClientConfig(clientConfigOf(config));
      server.middlewares.use((req, res, next) => {
        if (!serveConfig(req, res)) next();
      });
      signal = createSignalServer(server.httpServer, {
        ...redis?.options,
        maxPeers: config.MAX_PEERS,
        graceMs: config.GRACE_MS,
        resumeSecret: loadResumeSecret(config.RESUME_SECRET, config.RESUME_SECRET_FILE),
        logger,
        iceServers: iceServersFromConfig(config),
        // The page and signaling share Vite's origin, so the same-origin check holds.
        ...protectionOptions(config),
        ...sfuOptions(config),
        // Vite's hot-reload WebSocket shares this server.
        destroyUpgrade: false,
      });
      redis?.watch(signal, config.GRACE_MS);
    },
    async buildEnd() {
      await signal?.close();
      await redis?.close();
    },
  };
}
