/**
 * Relay benchmarks: room-call's signaling service against a raw `ws` relay
 * doing the same routing, and two nodes on Redis against one node. Servers,
 * load generator and Redis each run in their own process; CPU is read per process.
 */
import { fileURLToPath } from 'node:url';
import { forkTs, ofType, totalCpu } from '../processes.ts';
import type { Child } from '../processes.ts';
import { startRedisServer } from '../../signal/redisTesting.ts';
import type {
  LoadCommand,
  LoadMessage,
  LoadSpec,
  ServerCommand,
  ServerKind,
  ServerMessage,
} from './messages.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface RelayServer {
  url: string;
  pid: number;
  heapBytes(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(kind: ServerKind, redisUrl?: string): Promise<RelayServer> {
  const child: Child<ServerCommand, ServerMessage> = forkTs(
    here('./serverProcess.ts'),
    redisUrl ? [kind, redisUrl] : [kind],
    ['--expose-gc'],
  );
  const { port } = await child.next(ofType<ServerMessage, 'listening'>('listening'));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async heapBytes() {
      const reply = child.next(ofType<ServerMessage, 'heap'>('heap'));
      child.send({ type: 'heap' });
      return (await reply).bytes;
    },
    stop: () => child.stop(),
  };
}

interface LoadResult {
  relayed: number;
  seconds: number;
  /** CPU seconds of the watched processes during the measured interval. */
  cpu: number;
  rttsMs: number[];
}

/** Runs one load pattern and measures the watched processes over its measured interval. */
async function runLoad(spec: LoadSpec, watched: number[]): Promise<LoadResult> {
  const load: Child<LoadCommand, LoadMessage> = forkTs(here('./loadProcess.ts'));
  try {
    load.send({ type: 'run', spec });
    await load.next(ofType<LoadMessage, 'ready'>('ready'), 120_000);
    await load.next(ofType<LoadMessage, 'measure-start'>('measure-start'));
    const cpu0 = totalCpu(watched);
    const t0 = performance.now();
    const end = await load.next(ofType<LoadMessage, 'measure-end'>('measure-end'));
    return {
      relayed: end.relayed,
      seconds: (performance.now() - t0) / 1000,
      cpu: totalCpu(watched) - cpu0,
      rttsMs: end.rttsMs,
    };
  } finally {
    await load.stop();
  }
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

export interface SystemFigures {
  /** Relays per second at saturation (closed loop). */
  saturatedRate: number;
  relaysPerCpuSecond: number;
  /** CPU microseconds per relayed message (all watched processes). */
  cpuMicrosPerRelay: number;
  rttP50Ms: number;
  rttP99Ms: number;
  /** At which offered load the round trips were timed (relays per second). */
  rttLoadRate: number;
  heapBytesPerSocket: number;
}

export interface RelayFigures {
  roomCall: SystemFigures;
  rawWs: SystemFigures;
  twoNodes: { relaysPerSecond: number; cpuMicrosPerRelay: number };
}

const SATURATE = { pairs: 40, window: 8, warmupMs: 1500, measureMs: 5000 };
const PINGPONG = { pairs: 40, warmupMs: 1000, measureMs: 5000 };
const IDLE_PAIRS = 250;

async function saturated(kind: ServerKind, server: RelayServer) {
  const { pairs, ...mode } = SATURATE;
  const r = await runLoad(
    { kind, urls: [server.url], pairs, mode: { type: 'saturate', ...mode } },
    [server.pid],
  );
  return {
    saturatedRate: r.relayed / r.seconds,
    relaysPerCpuSecond: r.relayed / r.cpu,
    cpuMicrosPerRelay: (r.cpu / r.relayed) * 1e6,
  };
}

async function roundTrips(kind: ServerKind, server: RelayServer, relaysPerSecond: number) {
  const { pairs, ...timing } = PINGPONG;
  const r = await runLoad(
    {
      kind,
      urls: [server.url],
      pairs,
      // Each ping is two relays: there and back.
      mode: { type: 'pingpong', pingsPerSecond: relaysPerSecond / 2, ...timing },
    },
    [server.pid],
  );
  return { rttP50Ms: quantile(r.rttsMs, 0.5), rttP99Ms: quantile(r.rttsMs, 0.99) };
}

async function idleHeap(kind: ServerKind): Promise<number> {
  // A fresh server, so the relay runs' garbage and caches do not blur the difference.
  const server = await startServer(kind);
  const load: Child<LoadCommand, LoadMessage> = forkTs(here('./loadProcess.ts'));
  try {
    const before = await server.heapBytes();
    load.send({
      type: 'run',
      spec: { kind, urls: [server.url], pairs: IDLE_PAIRS, mode: { type: 'idle' } },
    });
    await load.next(ofType<LoadMessage, 'ready'>('ready'), 120_000);
    const after = await server.heapBytes();
    return (after - before) / (IDLE_PAIRS * 2);
  } finally {
    await load.stop();
    await server.stop();
  }
}

export async function runRelayBench(progress: (line: string) => void): Promise<RelayFigures> {
  const sat: Partial<Record<ServerKind, Awaited<ReturnType<typeof saturated>>>> = {};
  for (const kind of ['raw-ws', 'room-call'] as const) {
    const server = await startServer(kind);
    try {
      sat[kind] = await saturated(kind, server);
      progress(`relay saturation ${kind}: ${Math.round(sat[kind].saturatedRate)}/s`);
    } finally {
      await server.stop();
    }
  }
  const roomCallSat = sat['room-call'];
  const rawSat = sat['raw-ws'];
  if (!roomCallSat || !rawSat) throw new Error('saturation runs missing');

  // Both systems carry the same offered load: half of room-call's saturation.
  const rttLoadRate = roomCallSat.saturatedRate / 2;
  const figures: Partial<Record<ServerKind, SystemFigures>> = {};
  for (const [kind, s] of [
    ['raw-ws', rawSat],
    ['room-call', roomCallSat],
  ] as const) {
    const server = await startServer(kind);
    try {
      const rtt = await roundTrips(kind, server, rttLoadRate);
      progress(`relay round trips ${kind}: p99 ${rtt.rttP99Ms.toFixed(2)} ms`);
      figures[kind] = { ...s, ...rtt, rttLoadRate, heapBytesPerSocket: 0 };
    } finally {
      await server.stop();
    }
  }
  for (const kind of ['raw-ws', 'room-call'] as const) {
    const f = figures[kind];
    if (f) f.heapBytesPerSocket = await idleHeap(kind);
    progress(`idle heap ${kind}: ${Math.round(f?.heapBytesPerSocket ?? 0)} B/socket`);
  }

  const twoNodes = await acrossTwoNodes();
  progress(`two nodes via Redis: ${twoNodes.cpuMicrosPerRelay.toFixed(1)} µs CPU/relay`);
  const roomCall = figures['room-call'];
  const rawWs = figures['raw-ws'];
  if (!roomCall || !rawWs) throw new Error('relay figures missing');
  return { roomCall, rawWs, twoNodes };
}

/** Every pair split over two nodes, so every relay crosses Redis; CPU of both nodes and Redis. */
async function acrossTwoNodes() {
  const redis = await startRedisServer();
  const nodes = await Promise.all([
    startServer('room-call', redis.url),
    startServer('room-call', redis.url),
  ]);
  try {
    const { pairs, ...mode } = SATURATE;
    const r = await runLoad(
      {
        kind: 'room-call',
        urls: nodes.map((n) => n.url),
        pairs,
        mode: { type: 'saturate', ...mode },
      },
      [...nodes.map((n) => n.pid), redis.pid],
    );
    return { relaysPerSecond: r.relayed / r.seconds, cpuMicrosPerRelay: (r.cpu / r.relayed) * 1e6 };
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
  }
}
