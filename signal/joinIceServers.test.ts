import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { JoinResult } from './protocol.ts';
import { startTestServer } from './testing.ts';
import type { TestClient, TestServer } from './testing.ts';
import { iceServersFromConfig } from './turnCredentials.ts';
import { readConfig } from './config.ts';

const secret = 'join-ack-turn-secret-0123';
let server: TestServer;
afterEach(async () => {
  await server.close();
});

async function join(socket: TestClient, resume?: string): Promise<JoinResult> {
  const res = await socket.emitWithAck('room:join', {
    room: 'relay',
    name: 'Ann',
    ...(resume !== undefined && { resume }),
  });
  if (!res.ok) throw new Error(res.error.code);
  return res;
}

describe('iceServers in the join ack', () => {
  it('carry a TURN credential for the joining PeerId, fresh again on every rejoin', async () => {
    // Each join reads the clock once, five seconds after the previous one.
    let now = 1_900_000_000_000;
    const iceServers = iceServersFromConfig(
      readConfig({
        STUN_URLS: 'stun:127.0.0.1:3478',
        TURN_URLS: 'turn:127.0.0.1:3478',
        TURN_SECRET: secret,
        TURN_TTL: '120',
      }),
      () => (now += 5000),
    );
    server = await startTestServer({ iceServers });
    const first = await join(await server.client());
    const turn = first.iceServers.find((s) => s.username !== undefined);
    expect(turn?.urls).toEqual(['turn:127.0.0.1:3478']);
    expect(turn?.username).toBe(`${1_900_000_005 + 120}:${first.self.id}`);
    expect(turn?.credential).toBe(
      createHmac('sha1', secret)
        .update(turn?.username ?? '')
        .digest('base64'),
    );
    expect(first.iceServers).toContainEqual({ urls: ['stun:127.0.0.1:3478'] });
    expect(JSON.stringify(first)).not.toContain(secret);

    const again = await join(await server.client(), first.resume);
    expect(again.self.id).toBe(first.self.id);
    const renewed = again.iceServers.find((s) => s.username !== undefined);
    expect(renewed?.username).toBe(`${1_900_000_010 + 120}:${first.self.id}`);
    expect(renewed?.credential).not.toBe(turn?.credential);
  });
});
