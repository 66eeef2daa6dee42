/**
 * Figure 1c: idle heap per joined socket of room-call, stock Socket.IO and raw ws, each on a
 * fresh server of its own, in turns (docs/performance.md, "What each figure measures").
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { forkTs, ofType } from '../processes.ts';
import type { Child } from '../processes.ts';
import type { LoadCommand, LoadMessage, ServerKind } from './messages.ts';
import { here, quantile, runLoad, startServer } from './relayProcesses.ts';
import type { RelayServer } from './relayProcesses.ts';

const IDLE_PAIRS = 250;
const HEAP_ROUNDS = 3;
const WARMUP_PAIRS = 5;

/** Heap per socket of one system: its first batch of idle sockets, and a second like it. */
interface IdleHeap {
  first: number;
  second: number;
}

async function idleHeap(kind: ServerKind): Promise<IdleHeap> {
  // A fresh server, so the relay runs' garbage and caches do not blur the difference.
  const server = await startServer(kind);
  try {
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
    const first = await idleBatch(server, kind);
    // Every socket of the first batch said goodbye and is gone; the second batch is timed
    // the same way. Only the first pays for the code V8 optimizes while hundreds of sockets
    // connect and join (and its type feedback), a cost paid once per process.
    const second = await idleBatch(server, kind);
    return { first, second };
  } finally {
    await server.stop();
  }
}

/** Opens IDLE_PAIRS pairs, reads the heap they added per socket, closes them, and waits until they are gone. */
async function idleBatch(server: RelayServer, kind: ServerKind): Promise<number> {
  const load: Child<LoadCommand, LoadMessage> = forkTs(here('./loadProcess.ts'));
  try {
    const before = await server.heapBytes();
    load.send({
      type: 'run',
      spec: { kind, urls: [server.url], pairs: IDLE_PAIRS, mode: { type: 'idle' } },
    });
    await load.next(ofType<LoadMessage, 'ready'>('ready'), 120_000);
    const after = await server.heapBytes();
    const closed = load.next(ofType<LoadMessage, 'closed'>('closed'));
    load.send({ type: 'close' });
    await closed;
    const deadline = Date.now() + 30_000;
    while ((await server.openConnections()) > 0) {
      if (Date.now() > deadline) throw new Error(`${kind}: idle sockets still open after 30 s`);
      await sleep(50);
    }
    return (after - before) / (IDLE_PAIRS * 2);
  } finally {
    await load.stop();
  }
}

/** Idle heap per joined socket of each system, in bytes. */
export interface HeapPerSocket {
  roomCall: number;
  stockSocketIo: number;
  rawWs: number;
}

/** Figure 1c: the second batch of sockets on a fresh server, and its first batch beside it. */
export interface IdleHeapFigures extends HeapPerSocket {
  firstBatch: HeapPerSocket;
}

/**
 * Each system on its own fresh server, one after the other, for HEAP_ROUNDS rounds; each figure
 * is the median of its rounds (part of the relay bench too). One round alone moved most in its
 * denominator: raw ws read 3.0 to 3.9 KiB per socket in runs of the same code.
 */
export async function runIdleHeapBench(progress: (line: string) => void): Promise<IdleHeapFigures> {
  const systems: [keyof HeapPerSocket, ServerKind][] = [
    ['rawWs', 'raw-ws'],
    ['stockSocketIo', 'stock-socket.io'],
    ['roomCall', 'room-call'],
  ];
  const rounds: Record<keyof HeapPerSocket, IdleHeap[]> = {
    rawWs: [],
    stockSocketIo: [],
    roomCall: [],
  };
  for (let round = 1; round <= HEAP_ROUNDS; round++) {
    const read: string[] = [];
    for (const [system, kind] of systems) {
      const { first, second } = await idleHeap(kind);
      rounds[system].push({ first, second });
      read.push(`${kind} ${Math.round(second)} B (first batch ${Math.round(first)})`);
    }
    progress(`idle heap per socket, round ${round}/${HEAP_ROUNDS}: ${read.join(', ')}`);
  }
  const median = (batch: keyof IdleHeap): HeapPerSocket => {
    const of = (system: keyof HeapPerSocket) =>
      quantile(
        rounds[system].map((r) => r[batch]),
        0.5,
      );
    return { roomCall: of('roomCall'), stockSocketIo: of('stockSocketIo'), rawWs: of('rawWs') };
  };
  return { ...median('second'), firstBatch: median('first') };
}
