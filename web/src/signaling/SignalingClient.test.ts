/**
 * The web's signaling client against the real signaling server on port 0: typed requests,
 * coded refusals, typed subscriptions that can be taken back, and the connection state through
 * a drop and a close.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../signal/testing.ts';
import type { TestServer } from '../../../signal/testing.ts';
import type { PeerInfo, SignalMessage } from '../../../signal/protocol.ts';
import { CallError } from '../lib/errors.ts';
import { SignalingClient } from './SignalingClient.ts';
import type { SignalingState } from './SignalingClient.ts';

let server: TestServer;
const open: SignalingClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ maxPeers: 3 });
});
afterEach(() => {
  for (const client of open.splice(0)) client.close();
});
afterAll(async () => {
  await server.close();
});

interface Seen {
  connects: boolean[];
  disconnects: string[];
  /** Socket attempts that failed. */
  connectErrors: number;
}

function newClient(url = server.url): { client: SignalingClient; seen: Seen } {
  const seen: Seen = { connects: [], disconnects: [], connectErrors: 0 };
  const client = new SignalingClient(
    {
      onConnect: (reconnected) => seen.connects.push(reconnected),
      onDisconnect: (reason) => seen.disconnects.push(reason),
      onConnectError: () => (seen.connectErrors += 1),
    },
    url,
  );
  open.push(client);
  return { client, seen };
}

const until = async (check: () => boolean, what: string, tries = 200) => {
  for (let i = 0; i < tries; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('SignalingClient', () => {
  it('connects, joins, and hears the room through typed subscriptions', async () => {
    const { client: ann } = newClient();
    expect(ann.state).toBe<SignalingState>('idle');
    const connecting = ann.waitConnected();
    expect(ann.state).toBe<SignalingState>('connecting');
    await connecting;
    expect(ann.state).toBe<SignalingState>('connected');
    const joinedAnn = await ann.join({ room: 'parts', name: 'Ann' });
    expect(joinedAnn.peers).toEqual([]);

    const joins: PeerInfo[] = [];
    const signals: SignalMessage[] = [];
    ann.on('room:peer-joined', (peer) => joins.push(peer));
    const stopSignals = ann.on('signal', (message) => signals.push(message));

    const { client: ben } = newClient();
    await ben.waitConnected();
    const joinedBen = await ben.join({ room: 'parts', name: 'Ben' });
    expect(joinedBen.peers.map((p) => p.name)).toEqual(['Ann']);
    await until(() => joins.length === 1, 'the join');
    expect(joins[0]?.id).toBe(joinedBen.self.id);

    await ben.signal({ to: joinedAnn.self.id, candidate: { candidate: 'candidate:1' } });
    await until(() => signals.length === 1, 'the first candidate');
    expect(signals[0]).toEqual({
      from: joinedBen.self.id,
      candidate: { candidate: 'candidate:1' },
    });

    // Unsubscribed: the next candidate is delivered to the socket but not to the handler.
    stopSignals();
    const later: SignalMessage[] = [];
    ann.on('signal', (message) => later.push(message));
    await ben.signal({ to: joinedAnn.self.id, candidate: { candidate: 'candidate:2' } });
    await until(() => later.length === 1, 'the second candidate');
    expect(signals).toHaveLength(1);
  });

  it('turns a refusal into a CallError with its code', async () => {
    const { client } = newClient();
    await client.waitConnected();
    const refused = await client.join({ room: '', name: 'Ann' }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(CallError);
    expect((refused as CallError).code).toBe('invalid-room');
    await expect(client.update({ audio: false })).rejects.toMatchObject({ code: 'not-in-room' });
  });

  it('fails a signal at once while offline instead of queueing it', async () => {
    const { client } = newClient();
    await expect(
      client.signal({ to: 'nobody', candidate: { candidate: 'candidate:1' } }),
    ).rejects.toMatchObject({ code: 'server-unreachable' });
  });

  it('comes back after a dropped connection, says so, and is closed for good by close()', async () => {
    const { client, seen } = newClient();
    await client.waitConnected();
    expect(seen.connects).toEqual([false]);
    client.dropConnection();
    await until(() => seen.disconnects.length === 1, 'the drop');
    expect(client.state).toBe<SignalingState>('reconnecting');
    await until(() => seen.connects.length === 2, 'the reconnection');
    expect(seen.connects).toEqual([false, true]);
    expect(client.state).toBe<SignalingState>('connected');

    client.close();
    expect(client.state).toBe<SignalingState>('closed');
    expect(client.connected).toBe(false);
  });

  it('comes back after a server restart without trying its socket while the server is down', async () => {
    const first = await startTestServer();
    const { port } = new URL(first.url);
    const { client, seen } = newClient(first.url);
    await client.waitConnected();
    await first.close();
    await until(() => seen.disconnects.length === 1, 'the drop');
    expect(client.state).toBe<SignalingState>('reconnecting');
    // Down for 1.5 s: several rounds ask the server over HTTP, and no socket is tried (a failed
    // one would hold Firefox's next ones back).
    const downSince = Date.now();
    await until(() => Date.now() - downSince > 1500, 'the outage', 400);
    expect(seen.connectErrors).toBe(0);
    expect(client.state).toBe<SignalingState>('reconnecting');

    const again = await startTestServer({}, Number(port));
    try {
      await until(() => seen.connects.length === 2, 'the reconnection', 600);
      expect(seen.connects).toEqual([false, true]);
      expect(seen.connectErrors).toBe(0);
      expect(client.state).toBe<SignalingState>('connected');
    } finally {
      client.close();
      await again.close();
    }
  });
});
