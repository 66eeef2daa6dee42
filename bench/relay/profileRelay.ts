/**
 * `node --import tsx bench/relay/profileRelay.ts [room-call|stock-socket.io] [seconds] [--redis]`:
 * the relay bench's saturated load against one server run under `node --cpu-prof`, then where
 * that server's CPU went; with `--redis`, against two room-call nodes on one Redis (every pair
 * split over them, as figure 4 has it), and where the first node's CPU went. The profiles are
 * kept in bench/results/profiles/ (for Chrome DevTools).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkTs, ofType } from '../processes.ts';
import type { Child } from '../processes.ts';
import { startRedisServer } from '../../signal/redisTesting.ts';
import { summarize } from './cpuProfile.ts';
import type { Share } from './cpuProfile.ts';
import type {
  LoadCommand,
  LoadMessage,
  ServerCommand,
  ServerKind,
  ServerMessage,
} from './messages.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const [kindArg, secondsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const kind = (kindArg ?? 'room-call') as ServerKind;
const seconds = Number(secondsArg ?? 10);
const onRedis = process.argv.includes('--redis');
const dir = join(here('../results/profiles'), `${kind}${onRedis ? '-redis' : ''}-${Date.now()}`);
mkdirSync(dir, { recursive: true });

const redis = onRedis ? await startRedisServer() : null;
const start = async (profileDir: string) => {
  const child: Child<ServerCommand, ServerMessage> = forkTs(
    here('./serverProcess.ts'),
    redis ? [kind, redis.url] : [kind],
    ['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  );
  const { port } = await child.next(ofType<ServerMessage, 'listening'>('listening'));
  return { child, url: `http://127.0.0.1:${port}` };
};
const servers = redis ? [await start(dir), await start(`${dir}/second`)] : [await start(dir)];
const load: Child<LoadCommand, LoadMessage> = forkTs(here('./loadProcess.ts'));
load.send({
  type: 'run',
  spec: {
    kind,
    urls: servers.map((s) => s.url),
    pairs: 40,
    mode: { type: 'saturate', window: 8, warmupMs: 1000, measureMs: seconds * 1000 },
  },
});
const end = await load.next(ofType<LoadMessage, 'measure-end'>('measure-end'), 120_000);
await load.stop();
for (const server of servers) await server.child.stop();
await redis?.stop();

// Thread 0 is the main thread (the module loader has a thread of its own).
const file = readdirSync(dir).find((f) => /\.0\.\d+\.cpuprofile$/.test(f));
if (!file) throw new Error(`no profile in ${dir}`);
const summary = summarize(join(dir, file));
const pct = (list: Share[]) =>
  list.map((s) => `${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}`).join('\n');
console.log(
  [
    `${kind}: ${Math.round(end.relayed / seconds)} relays/s, ${summary.samples} busy samples; profile ${join(dir, file)}`,
    `\nBy origin (self time):\n${pct(summary.byOrigin)}`,
    `\nSelf time:\n${pct(summary.self)}`,
    `\nInclusive time:\n${pct(summary.inclusive)}`,
  ].join('\n'),
);
