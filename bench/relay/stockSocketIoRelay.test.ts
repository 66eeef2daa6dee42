import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient } from './clients.ts';
import type { RelayClient } from './clients.ts';
import { createStockSocketIoRelay } from './stockSocketIoRelay.ts';
import { CANDIDATE } from './messages.ts';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

async function relay(): Promise<string> {
  const http = createServer();
  const io = createStockSocketIoRelay(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  open.push({
    close() {
      void io.close();
      http.closeAllConnections();
    },
  });
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

async function client(url: string): Promise<RelayClient> {
  const c = await connectClient('stock-socket.io', url);
  open.push(c);
  return c;
}

describe('the stock Socket.IO baseline relay', () => {
  it('routes like the signaling service: only to a peer of the sender’s own room, with the sender’s id', async () => {
    const url = await relay();
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
