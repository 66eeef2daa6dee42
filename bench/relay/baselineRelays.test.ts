import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient } from './clients.ts';
import type { RelayClient } from './clients.ts';
import { createRawWsRelay } from './rawWsRelay.ts';
import { createStockSocketIoRelay } from './stockSocketIoRelay.ts';
import { CANDIDATE } from './messages.ts';
import { cpuSeconds } from '../processes.ts';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

/** Each baseline relay on a loopback port; returns its URL. */
const baselines = {
  'raw-ws': (http: Server) => {
    const wss = createRawWsRelay(http);
    return () => wss.close();
  },
  'stock-socket.io': (http: Server) => {
    const io = createStockSocketIoRelay(http);
    return () => void io.close();
  },
} as const;

async function relay(kind: keyof typeof baselines): Promise<string> {
  const http = createServer();
  const stop = baselines[kind](http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  open.push({
    close() {
      stop();
      http.closeAllConnections();
      http.close();
    },
  });
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe.each(['raw-ws', 'stock-socket.io'] as const)('the %s baseline relay', (kind) => {
  async function client(url: string): Promise<RelayClient> {
    const c = await connectClient(kind, url);
    open.push(c);
    return c;
  }

  it('routes like the signaling service: only to a peer of the sender’s own room, with the sender’s id', async () => {
    const url = await relay(kind);
    const [a, b, outsider] = [await client(url), await client(url), await client(url)];
    const aId = await a.join('Room', 'A');
    const bId = await b.join('room', 'B');
    await outsider.join('elsewhere', 'X');
    const got: [string, unknown][] = [];
    b.onSignal((from, c) => got.push([from, c]));
    let strayAcked = false;
    outsider.signal(bId, CANDIDATE, () => {
      strayAcked = true;
    });
    await new Promise<void>((resolve) => {
      a.signal(bId, CANDIDATE, resolve);
    });
    await expect.poll(() => got.length).toBe(1);
    expect(got[0]).toEqual([aId, CANDIDATE]);
    await expect.poll(() => strayAcked).toBe(true);
    expect(got).toHaveLength(1);
  });
});

describe('cpuSeconds', () => {
  it('reads a process’s CPU time from /proc, and it grows with work', () => {
    const before = cpuSeconds(process.pid);
    expect(before).toBeGreaterThan(0);
    // Busy work until the kernel's 10 ms tick counts it, bounded in time.
    const deadline = performance.now() + 5000;
    let spin = 0;
    // At least one round of work: the tick may already have counted since `before` was read.
    do {
      for (let i = 0; i < 100_000; i++) spin += i;
    } while (cpuSeconds(process.pid) <= before && performance.now() < deadline);
    expect(spin).toBeGreaterThan(0);
    expect(cpuSeconds(process.pid)).toBeGreaterThan(before);
  });
});
