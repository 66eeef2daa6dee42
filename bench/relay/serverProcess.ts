/**
 * Child process: one relay server (room-call's signaling service, optionally on
 * Redis, or a baseline: stock Socket.IO or raw `ws`; or, for figure 5, room-call under the
 * hostile-clients scenario's limits) on a loopback port, alone in its process so its CPU time
 * and heap are its own. Argv: kind, then REDIS_URL or nothing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createSignalServer } from '../../signal/createSignalServer.ts';
import { connectRedis } from '../../signal/redisScaleOut.ts';
import { createRawWsRelay } from './rawWsRelay.ts';
import { createStockSocketIoRelay } from './stockSocketIoRelay.ts';
import { hostileLimits } from '../../signal/hostileAttack.ts';
import { LOAD_TEST_LIMITS } from '../loadLimits.ts';
import type { ServerCommand, ServerMessage, ServerProcessKind } from './messages.ts';

const [kind, redisUrl] = process.argv.slice(2) as [ServerProcessKind, string | undefined];
const send = (m: ServerMessage) => process.send?.(m);
const log = pino({ level: 'silent' });

const http = createServer();
if (kind === 'raw-ws') {
  createRawWsRelay(http);
} else if (kind === 'stock-socket.io') {
  createStockSocketIoRelay(http);
} else if (kind === 'hostile') {
  // As the hostile-clients test's server (startTestServer): defaults but for the limits.
  createSignalServer(http, { logger: log, limits: hostileLimits });
} else {
  const redis = redisUrl ? await connectRedis(redisUrl, log, { prefix: 'bench' }) : null;
  const signal = createSignalServer(http, {
    ...redis?.options,
    maxPeers: 8,
    resumeSecret: 'benchmark-resume-secret',
    logger: log,
    limits: LOAD_TEST_LIMITS,
  });
  redis?.watch(signal, 10_000);
}

http.listen(0, '127.0.0.1', () => {
  send({ type: 'listening', port: (http.address() as AddressInfo).port });
});

const collect = globalThis.gc;
process.on('message', (cmd: ServerCommand) => {
  if (cmd.type === 'stop') process.exit(0);
  if (cmd.type === 'open') {
    // TCP connections still open, WebSocket or not (each goes from the count when it closes).
    http.getConnections((err, connections) => {
      send({ type: 'open', connections: err ? -1 : connections });
    });
    return;
  }
  if (!collect) throw new Error('run with --expose-gc');
  // Two passes: the first may only schedule finalizers for what the second frees.
  collect();
  collect();
  send({ type: 'heap', bytes: process.memoryUsage().heapUsed });
});
process.on('disconnect', () => process.exit(0));
// Exit through process.exit so --cpu-prof can write its profile.
process.on('SIGTERM', () => process.exit(0));
