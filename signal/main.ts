/** Production entry: the built web app and the signaling service on one port. */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import sirv from 'sirv';
import { clientConfigOf, serveClientConfig } from './clientConfig.ts';
import { ConfigError, readConfig } from './config.ts';
import { createSignalServer } from './createSignalServer.ts';
import { loadResumeSecret } from './resumeSecret.ts';
import { iceServersFromConfig } from './turnCredentials.ts';

function main(): void {
  const config = readConfig();
  const log = pino({ level: config.LOG_LEVEL });
  const webRoot = fileURLToPath(new URL('../web', import.meta.url));
  const serveWeb = sirv(webRoot, { single: true, etag: true, gzip: false });
  const serveConfig = serveClientConfig(clientConfigOf(config));

  const httpServer = createServer((req, res) => {
    if (serveConfig(req, res)) return;
    serveWeb(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  const signal = createSignalServer(httpServer, {
    maxPeers: config.MAX_PEERS,
    graceMs: config.GRACE_MS,
    resumeSecret: loadResumeSecret(config.RESUME_SECRET, config.RESUME_SECRET_FILE),
    iceServers: iceServersFromConfig(config),
    logger: log,
  });
  if (config.TURN_SECRET !== undefined && config.TURN_TTL <= 0)
    log.warn('TURN_TTL <= 0: every TURN credential is issued already expired');

  httpServer.listen(config.PORT, config.HOST, () => {
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    // Tests and scripts read this line to find the port when PORT=0.
    log.info({ port }, `room-call listening on http://localhost:${port}`);
  });

  const stop = () => {
    void signal.close().then(() => httpServer.close(() => process.exit(0)));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  main();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
