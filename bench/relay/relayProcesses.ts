/**
 * The relay benchmarks' processes: a relay server (room-call's, or a baseline) in a child of its
 * own, and a load generator run against it with the CPU of the watched processes read over its
 * measured interval. Used by the relay, idle heap and hostile-clients benches.
 */
import { fileURLToPath } from 'node:url';
import { forkTs, ofType, totalCpu } from '../processes.ts';
import type { Child } from '../processes.ts';
import type {
  LoadCommand,
  LoadMessage,
  LoadSpec,
  ServerCommand,
  ServerMessage,
  ServerProcessKind,
} from './messages.ts';

export const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export interface RelayServer {
  url: string;
  pid: number;
  heapBytes(): Promise<number>;
  /** TCP connections the server still has open. */
  openConnections(): Promise<number>;
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
    async openConnections() {
      const reply = child.next(ofType<ServerMessage, 'open'>('open'));
      child.send({ type: 'open' });
      const { connections } = await reply;
      if (connections < 0) throw new Error(`${kind}: the server could not count its connections`);
      return connections;
    },
    stop: () => child.stop(),
  };
}

export interface LoadResult {
  relayed: number;
  seconds: number;
  /** CPU seconds of the watched processes during the measured interval. */
  cpu: number;
  rttsMs: number[];
}

/** Runs one load pattern and measures the watched processes over its measured interval. */
export async function runLoad(spec: LoadSpec, watched: number[]): Promise<LoadResult> {
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

export const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
