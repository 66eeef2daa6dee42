/**
 * Test and benchmark support: a throwaway `redis-server` on a free loopback
 * port, without persistence, in its own temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './processLauncher.ts';
import type { Launched } from './processLauncher.ts';

export interface RedisServer {
  url: string;
  port: number;
  /** Its process id, for CPU accounting in the benchmark. */
  pid: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const binary = process.env.REDIS_SERVER ?? 'redis-server';

async function startOnce(port: number, dir: string): Promise<RedisServer | null> {
  let redis: Launched<true>;
  try {
    redis = await launch({
      command: binary,
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'yes',
      ],
      readyFrom: (line) => (line.includes('Ready to accept connections') ? true : null),
      name: 'redis-server',
      timeoutMs: 10_000,
    });
  } catch (err) {
    // Cannot run at all: say which package brings it.
    if (err instanceof Error && err.message.startsWith('cannot run'))
      throw new Error(`cannot run ${binary} (install the redis-server package)`, { cause: err });
    // Most likely the port was taken between probing and binding: the caller retries.
    return null;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: redis.process.pid ?? 0,
    stop: () => redis.stop(),
  };
}

export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'room-call-redis-'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const server = await startOnce(await freePort(), dir);
    if (server) {
      return {
        ...server,
        async stop() {
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('redis-server did not start on a free port after 5 attempts');
}
