import type { Plugin } from 'vite';
import { pino } from 'pino';
import { clientConfigOf, serveClientConfig } from './clientConfig.ts';
import { readConfig } from './config.ts';
import { createSignalServer } from './createSignalServer.ts';
import type { SignalServer } from './createSignalServer.ts';
import { loadResumeSecret } from './resumeSecret.ts';
import { iceServersFromConfig } from './turnCredentials.ts';

/**
 * Attaches the signaling service to Vite's dev HTTP server, so plain `vite`
 * serves the app and signaling on one origin, as production does.
 */
export function signalDevServer(): Plugin {
  let signal: SignalServer | undefined;
  return {
    name: 'room-call-signal',
    apply: 'serve',
    configureServer(server) {
      if (!server.httpServer) return; // middleware mode: the host app attaches signaling
      const config = readConfig();
      const serveConfig = serveClientConfig(clientConfigOf(config));
      server.middlewares.use((req, res, next) => {
        if (!serveConfig(req, res)) next();
      });
      signal = createSignalServer(server.httpServer, {
        maxPeers: config.MAX_PEERS,
        graceMs: config.GRACE_MS,
        resumeSecret: loadResumeSecret(config.RESUME_SECRET, config.RESUME_SECRET_FILE),
        iceServers: iceServersFromConfig(config),
        logger: pino({ level: config.LOG_LEVEL }),
        // Vite's hot-reload WebSocket shares this server.
        destroyUpgrade: false,
      });
    },
    async buildEnd() {
      await signal?.close();
    },
  };
}
