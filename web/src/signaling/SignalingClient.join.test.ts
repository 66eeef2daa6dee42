/**
 * The join's second chance: a join whose connection dropped before the answer, or that got no
 * answer in time, is sent once more on a new connection (a connection opened while pre-join
 * showed may have gone bad meanwhile), and a connection the server closed for idling in no room
 * stays closed until the join when the client says so. Against the real signaling server, and
 * against a bare Socket.IO server that leaves joins unanswered on purpose.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../signal/testing.ts';
import { ClientEvent } from '../../../signal/protocol.ts';
import { SignalingClient } from './SignalingClient.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function client(
  url: string,
  ackTimeoutMs?: number,
  seen: { connects: number; disconnects: string[]; comeBack?: boolean } = {
    connects: 0,
    disconnects: [],
  },
): SignalingClient {
  const signaling = new SignalingClient(
    {
      onConnect: () => (seen.connects += 1),
      onDisconnect: (reason) => seen.disconnects.push(reason),
      onConnectError: () => undefined,
      comeBackAfterServerClose: () => seen.comeBack ?? true,
    },
    url,
    ackTimeoutMs === undefined ? {} : { ackTimeoutMs },
  );
  cleanups.push(() => signaling.close());
  return signaling;
}

/** A Socket.IO server that answers a join only on the connections `answers` picks (1-based). */
async function pickyServer(answers: (connection: number) => boolean) {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const joinsOn: number[] = [];
  let connections = 0;
  io.on('connection', (socket) => {
    const connection = (connections += 1);
    socket.on(ClientEvent.Join, (req: { name: string }, ack: (res: unknown) => void) => {
      joinsOn.push(connection);
      if (answers(connection)) ack({ ok: true, self: { name: req.name }, connection });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        void io.close(() => resolve());
      }),
  );
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, joinsOn };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('SignalingClient.join', () => {
  it('sends the join again on a new connection when the connection drops before the answer', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const signaling = client(server.url);
    await signaling.waitConnected();
    const joining = signaling.join({ room: 'second-chance', name: 'Ann' }, { again: true });
    signaling.dropConnection();
    const result = await joining;
    expect(result.self.name).toBe('Ann');
    expect(signaling.connected).toBe(true);
  });

  it('sends the join again on a new connection when no answer comes in time', async () => {
    const server = await pickyServer((connection) => connection > 1);
    const signaling = client(server.url, 300);
    await signaling.waitConnected();
    const result = (await signaling.join(
      { room: 'r', name: 'Ann' },
      { again: true },
    )) as unknown as {
      connection: number;
    };
    expect(result.connection).toBe(2);
    expect(server.joinsOn).toEqual([1, 2]);
  });

  it('stays closed after the server closed an idle connection, if told so, and joins at the click', async () => {
    const server = await startTestServer({ limits: { unjoinedTimeoutMs: 200 } });
    cleanups.push(() => server.close());
    const seen = { connects: 0, disconnects: [] as string[], comeBack: false };
    const signaling = client(server.url, undefined, seen);
    await signaling.waitConnected();
    await until(() => seen.disconnects.length === 1);
    expect(seen.disconnects).toEqual(['io server disconnect']);
    // Past the delay after which a connection the server closed comes back by default (1 s).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(seen.connects).toBe(1);
    expect(signaling.state).toBe('idle');
    const result = await signaling.join({ room: 'after-idle', name: 'Ann' });
    expect(result.self.name).toBe('Ann');
    expect(seen.connects).toBe(2);
  });

  it('sends a join without `again` (a rejoin) only once', async () => {
    const server = await pickyServer(() => false);
    const signaling = client(server.url, 200);
    await signaling.waitConnected();
    await expect(signaling.join({ room: 'r', name: 'Ann' })).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(server.joinsOn).toEqual([1]);
  });

  it('gives up after the second attempt with a timeout', async () => {
    const server = await pickyServer(() => false);
    const signaling = client(server.url, 200);
    await signaling.waitConnected();
    await expect(signaling.join({ room: 'r', name: 'Ann' }, { again: true })).rejects.toMatchObject(
      { code: 'timeout' },
    );
    expect(server.joinsOn).toEqual([1, 2]);
  });
});
