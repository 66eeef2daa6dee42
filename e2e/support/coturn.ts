/**
 * A real coturn (Debian's `turnserver`) for one test: its own ports, files and
 * shared secret, configured the way the app's TURN REST credentials expect.
 * Test-only settings (loopback peers, no TLS) are passed here and nowhere else.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from '../../signal/processLauncher.ts';
import type { Launched } from '../../signal/processLauncher.ts';

export interface Coturn {
  /** `turn:` URL for TURN_URLS (UDP). */
  url: string;
  port: number;
  secret: string;
  /** Everything coturn logged, for failure reports. */
  output: string[];
  stop(): Promise<void>;
}

export interface CoturnOptions {
  /** Address to listen on and to relay from (default 127.0.0.1). */
  ip?: string;
  /** More addresses to listen on (the first, `ip`, is the one in `url`). */
  moreIps?: string[];
  /** Runs turnserver through this prefix, e.g. `ip netns exec <ns>`. */
  wrap?: string[];
  /** Waits for a STUN answer before returning (needs `ip` reachable from here). */
  probe?: boolean;
  timeoutMs?: number;
}

const TURNSERVER = process.env.TURNSERVER ?? 'turnserver';
const MAX_ATTEMPTS = 20;

function canBindUdp(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

/** A port free for both TCP and UDP on the host (coturn listens on both). */
async function freePort(host: string): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        const address = server.address();
        const found = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(found));
      });
    });
    if (await canBindUdp(port, host)) return port;
  }
  throw new Error('no free port for coturn');
}

/** STUN Binding request (RFC 5389): resolves once coturn answers on `port`. */
function stunAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0);
    request.writeUInt16BE(0, 2);
    request.writeUInt32BE(0x2112a442, 4);
    randomBytes(12).copy(request, 8);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (msg) => {
      if (msg.length >= 20 && msg.readUInt16BE(0) === 0x0101) done(true);
    });
    socket.on('error', () => done(false));
    socket.send(request, port, host);
  });
}

export async function startCoturn(options: CoturnOptions = {}): Promise<Coturn> {
  const ip = options.ip ?? '127.0.0.1';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const dir = await mkdtemp(join(tmpdir(), 'room-call-coturn-'));
  // An empty config file, so the machine's /etc/turnserver.conf does not apply.
  const configFile = join(dir, 'turnserver.conf');
  await writeFile(configFile, '');
  const port = options.wrap ? 3478 : await freePort(ip);
  const minPort = 20_000 + 64 * randomInt(0, 400);
  const secret = randomBytes(24).toString('base64url');
  const args = [
    '-c',
    configFile,
    `--listening-ip=${ip}`,
    ...(options.moreIps ?? []).map((extra) => `--listening-ip=${extra}`),
    `--listening-port=${port}`,
    `--relay-ip=${ip}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 63}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=room-call.test',
    '--fingerprint',
    '--no-tls',
    '--no-dtls',
    '--no-tcp-relay',
    '--no-cli',
    '--no-multicast-peers',
    // Test only: the browsers and the relay all live on loopback here.
    '--allow-loopback-peers',
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    `--userdb=${join(dir, 'turndb.sqlite')}`,
    '--log-file=stdout',
    '--simple-log',
  ];
  const [command = TURNSERVER, ...prefix] = options.wrap ? [...options.wrap, TURNSERVER] : [];
  let turn: Launched<true>;
  try {
    turn = await launch({
      command,
      args: [...prefix, ...args],
      readyFrom: (line) => (line.includes('Total General servers') ? true : null),
      name: 'turnserver',
      timeoutMs,
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    await turn.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (options.probe ?? !options.wrap) {
      const deadline = Date.now() + timeoutMs;
      let answered = false;
      while (!answered && Date.now() < deadline) answered = await stunAnswers(ip, port, 500);
      if (!answered) throw new Error(`turnserver does not answer STUN on ${ip}:${port}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const { output } = turn;
  return { url: `turn:${ip}:${port}?transport=udp`, port, secret, output, stop };
}
