/**
 * Relay benchmarks: room-call's signaling service against stock Socket.IO and
 * a raw `ws` relay doing the same routing, and two nodes on Redis against one node. Servers,
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
  ServerProcessKind,
} from './messages.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export interface RelayServer {
  url: string;
  pid: number;
  heapBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** A server in a child process of its own (also figure 5's, under the hostile limits). */
export async function startServer(
  kind: ServerProcessKind,
  redisUrl?: string,
): Promise<RelayServer> {
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
  /** The judged baseline of 1a and 1b: stock Socket.IO, same routing, no validation. */
  stockSocketIo: SystemFigures;
  rawWs: SystemFigures;
  twoNodes: { relaysPerSecond: number; cpuMicrosPerRelay: number };
}

const ROUNDS = 5;
const SATURATE = { pairs: 40, window: 8, warmupMs: 1000, measureMs: 3000 };
const PINGPONG = { pairs: 40, warmupMs: 1000, measureMs: 3000 };
const IDLE_PAIRS = 250;
const HEAP_ROUNDS = 3;
const WARMUP_PAIRS = 5;

interface Saturation {
  rate: number;
  cpuMicrosPerRelay: number;
}

/** Closed loop: as fast as the setup goes, each client with `window` signals in flight. */
async function saturate(
  kind: ServerKind,
  urls: string[],
  watched: number[],
  window = SATURATE.window,
): Promise<Saturation> {
  const { pairs, warmupMs, measureMs } = SATURATE;
  const r = await runLoad(
    { kind, urls, pairs, mode: { type: 'saturate', window, warmupMs, measureMs } },
    watched,
  );
  return { rate: r.relayed / r.seconds, cpuMicrosPerRelay: (r.cpu / r.relayed) * 1e6 };
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
  return r.rttsMs;
}

async function idleHeap(kind: ServerKind): Promise<number> {
  // A fresh server, so the relay runs' garbage and caches do not blur the difference.
  const server = await startServer(kind);
  // A few pairs connect, join, relay and go first: what is compiled or set up once, on first
  // use (validators, handlers, limiter records of the one client address), is not per socket.
  await runLoad(
    {
      kind,
      urls: [server.url],
      pairs: WARMUP_PAIRS,
      mode: { type: 'saturate', window: 1, warmupMs: 200, measureMs: 300 },
    },
    [server.pid],
  );
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

/** Figure 1c alone: idle heap per joined socket of each system, in bytes. */
export interface IdleHeapFigures {
  roomCall: number;
  stockSocketIo: number;
  rawWs: number;
}

/**
 * Each system on its own fresh server, one after the other, for HEAP_ROUNDS rounds; each figure
 * is the median of its rounds (part of the relay bench too). One round alone moved most in its
 * denominator: raw ws read 3.0 to 3.9 KiB per socket in runs of the same code.
 */
export async function runIdleHeapBench(progress: (line: string) => void): Promise<IdleHeapFigures> {
  const rounds = { rawWs: [] as number[], stockSocketIo: [] as number[], roomCall: [] as number[] };
  for (let round = 1; round <= HEAP_ROUNDS; round++) {
    rounds.rawWs.push(await idleHeap('raw-ws'));
    rounds.stockSocketIo.push(await idleHeap('stock-socket.io'));
    rounds.roomCall.push(await idleHeap('room-call'));
    const last = (list: number[]) => Math.round(list.at(-1) ?? 0);
    progress(
      `idle heap per socket, round ${round}/${HEAP_ROUNDS}: raw ws ${last(rounds.rawWs)} B, stock Socket.IO ${last(rounds.stockSocketIo)} B, room-call ${last(rounds.roomCall)} B`,
    );
  }
  return {
    roomCall: quantile(rounds.roomCall, 0.5),
    stockSocketIo: quantile(rounds.stockSocketIo, 0.5),
    rawWs: quantile(rounds.rawWs, 0.5),
  };
}

const medianOf = (list: Saturation[], key: keyof Saturation) =>
  quantile(
    list.map((s) => s[key]),
    0.5,
  );

/**
 * The machine is shared and noisy, so the systems compared take turns, round
 * after round, and each figure is the median of its rounds (or, for round
 * trips, the quantile of all of them pooled).
 */
export async function runRelayBench(progress: (line: string) => void): Promise<RelayFigures> {
  const redis = await startRedisServer();
  const raw = await startServer('raw-ws');
  const stock = await startServer('stock-socket.io');
  const one = await startServer('room-call');
  const two = [
    await startServer('room-call', redis.url),
    await startServer('room-call', redis.url),
  ];
  const runs = {
    raw: [] as Saturation[],
    stock: [] as Saturation[],
    one: [] as Saturation[],
    two: [] as Saturation[],
  };
  const rtts = { raw: [] as number[], stock: [] as number[], one: [] as number[] };
  let rttLoadRate = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      runs.raw.push(await saturate('raw-ws', [raw.url], [raw.pid]));
      runs.stock.push(await saturate('stock-socket.io', [stock.url], [stock.pid]));
      runs.one.push(await saturate('room-call', [one.url], [one.pid]));
      // Every pair split over the two nodes: every relay crosses Redis, whose CPU counts too.
      runs.two.push(
        await saturate(
          'room-call',
          two.map((n) => n.url),
          [...two.map((n) => n.pid), redis.pid],
        ),
      );
      const cost = (list: Saturation[]) => list.at(-1)?.cpuMicrosPerRelay.toFixed(1) ?? '?';
      progress(
        `relay round ${round}/${ROUNDS}: CPU per relay raw ws ${cost(runs.raw)} µs, stock Socket.IO ${cost(runs.stock)} µs, room-call ${cost(runs.one)} µs, two nodes ${cost(runs.two)} µs`,
      );
    }
    // Without pipelining, so the paced load below stays well inside what the setup can carry.
    const probe = await saturate('room-call', [one.url], [one.pid], 1);
    rttLoadRate = probe.rate / 2;
    for (let round = 1; round <= ROUNDS; round++) {
      rtts.raw.push(...(await roundTrips('raw-ws', raw, rttLoadRate)));
      rtts.stock.push(...(await roundTrips('stock-socket.io', stock, rttLoadRate)));
      rtts.one.push(...(await roundTrips('room-call', one, rttLoadRate)));
    }
    progress(`relay round trips at ${Math.round(rttLoadRate)} relays/s done`);
  } finally {
    await Promise.all([raw, stock, one, ...two].map((s) => s.stop()));
    await redis.stop();
  }

  const figures = (list: Saturation[], rttList: number[], heap: number): SystemFigures => {
    const cpuMicrosPerRelay = medianOf(list, 'cpuMicrosPerRelay');
    return {
      saturatedRate: medianOf(list, 'rate'),
      relaysPerCpuSecond: 1e6 / cpuMicrosPerRelay,
      cpuMicrosPerRelay,
      rttP50Ms: quantile(rttList, 0.5),
      rttP99Ms: quantile(rttList, 0.99),
      rttLoadRate,
      heapBytesPerSocket: heap,
    };
  };
  const heap = await runIdleHeapBench(progress);
  return {
    rawWs: figures(runs.raw, rtts.raw, heap.rawWs),
    stockSocketIo: figures(runs.stock, rtts.stock, heap.stockSocketIo),
    roomCall: figures(runs.one, rtts.one, heap.roomCall),
    twoNodes: {
      relaysPerSecond: medianOf(runs.two, 'rate'),
      cpuMicrosPerRelay: medianOf(runs.two, 'cpuMicrosPerRelay'),
    },
  };
}
