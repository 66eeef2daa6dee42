/**
 * Relay benchmarks: room-call's signaling service against stock Socket.IO and
 * a raw `ws` relay doing the same routing, and two nodes on Redis against one node. Servers,
 * load generator and Redis each run in their own process; CPU is read per process.
 */
import { startRedisServer } from '../../signal/redisTesting.ts';
import { quantile, runLoad, startServer } from './relayProcesses.ts';
import type { RelayServer } from './relayProcesses.ts';
import { runIdleHeapBench } from './idleHeapBench.ts';
import type { IdleHeapFigures } from './idleHeapBench.ts';
import type { ServerKind } from './messages.ts';

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
}

export interface RelayFigures {
  roomCall: SystemFigures;
  /** The judged baseline of 1a and 1b: stock Socket.IO, same routing, no validation. */
  stockSocketIo: SystemFigures;
  rawWs: SystemFigures;
  twoNodes: { relaysPerSecond: number; cpuMicrosPerRelay: number };
  /** Figure 1c, measured in the same run. */
  heap: IdleHeapFigures;
}

const ROUNDS = 5;
const SATURATE = { pairs: 40, window: 8, warmupMs: 1000, measureMs: 3000 };
const PINGPONG = { pairs: 40, warmupMs: 1000, measureMs: 3000 };

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

  const figures = (list: Saturation[], rttList: number[]): SystemFigures => {
    const cpuMicrosPerRelay = medianOf(list, 'cpuMicrosPerRelay');
    return {
      saturatedRate: medianOf(list, 'rate'),
      relaysPerCpuSecond: 1e6 / cpuMicrosPerRelay,
      cpuMicrosPerRelay,
      rttP50Ms: quantile(rttList, 0.5),
      rttP99Ms: quantile(rttList, 0.99),
      rttLoadRate,
    };
  };
  return {
    rawWs: figures(runs.raw, rtts.raw),
    stockSocketIo: figures(runs.stock, rtts.stock),
    roomCall: figures(runs.one, rtts.one),
    twoNodes: {
      relaysPerSecond: medianOf(runs.two, 'rate'),
      cpuMicrosPerRelay: medianOf(runs.two, 'cpuMicrosPerRelay'),
    },
    heap: await runIdleHeapBench(progress),
  };
}
