/** Production entry: the built web app and the signaling service on one port. */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import sirv from 'sirv';
import { ConfigError, readConfig } from './config.ts';
import { createSignalServer } from './createSignalServer.ts';
import { loadResumeSecret } from './resumeSecret.ts';
import { connectRedis, RedisConnectError } from './redisScaleOut.ts';

async function main(): Promise<void> {
  const config = readConfig();
  const log = pino({ level: config.LOG_LEVEL });
  const webRoot = fileURLToPath(new URL('../web', import.meta.url));
  const serveWeb = sirv(webRoot, { single: true, etag: true, gzip: false });

  const httpServer = createServer((req, res) => {
    serveWeb(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  // Several nodes share rooms through Redis; every node needs the same RESUME_SECRET.
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, log) : null;
  const signal = createSignalServer(httpServer, {
    ...redis?.options,
    maxPeers: config.MAX_PEERS,
    graceMs: config.GRACE_MS,
    resumeSecret: loadResumeSecret(config.RESUME_SECRET, config.RESUME_SECRET_FILE),
    logger: log,
  });
  redis?.watch(signal, config.GRACE_MS);

  httpServer.listen(config.PORT, config.HOST, () => {
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    // Tests and scripts read this line to find the port when PORT=0.
    log.info({ port }, `room-call listening on http://localhost:${port}`);
  });

  const stop = () => {
    void signal
      .close()
      .then(() => redis?.close())
      .then(() => httpServer.close(() => process.exit(0)));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof RedisConnectError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
});
