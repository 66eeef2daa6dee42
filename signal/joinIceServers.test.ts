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

describe('ice:servers, before a join', () => {
  const turnConfig = () =>
    iceServersFromConfig(
      readConfig({
        STUN_URLS: 'stun:127.0.0.1:3478',
        TURN_URLS: 'turn:127.0.0.1:3478',
        TURN_SECRET: secret,
        TURN_TTL: '120',
      }),
      () => 1_900_000_000_000,
    );

  it('answers a connection in no room with the servers a join would get, under an id of its own', async () => {
    server = await startTestServer({ iceServers: turnConfig() });
    const socket = await server.client();
    const res = await socket.emitWithAck('ice:servers', {});
    if (!res.ok) throw new Error(res.error.code);
    expect(res.iceServers).toContainEqual({ urls: ['stun:127.0.0.1:3478'] });
    const turn = res.iceServers.find((s) => s.username !== undefined);
    const [expiry, id] = (turn?.username ?? '').split(':');
    expect(expiry).toBe(String(1_900_000_000 + 120));
    expect(id).toMatch(/^[\w-]{16}$/);
    expect(turn?.credential).toBe(
      createHmac('sha1', secret)
        .update(turn?.username ?? '')
        .digest('base64'),
    );
    expect(JSON.stringify(res)).not.toContain(secret);
    // Each answer its own id; the connection can still join, and then gets its PeerId's.
    const again = await socket.emitWithAck('ice:servers', {});
    if (!again.ok) throw new Error(again.error.code);
    expect(again.iceServers.find((s) => s.username)?.username).not.toBe(turn?.username);
    const joined = await join(socket);
    const inRoom = await socket.emitWithAck('ice:servers', {});
    if (!inRoom.ok) throw new Error(inRoom.error.code);
    expect(inRoom.iceServers.find((s) => s.username)?.username).toBe(
      `${1_900_000_000 + 120}:${joined.self.id}`,
    );
  });

  it('refuses a payload with fields, and tells nobody else anything', async () => {
    server = await startTestServer({ iceServers: turnConfig() });
    const member = await server.client();
    await join(member);
    const heard: string[] = [];
    member.onAny((event: string) => heard.push(event));
    const socket = await server.client();
    const res = await socket.emitWithAck('ice:servers', { room: 'relay' } as never);
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    // The connection is still served, and the member heard nothing of it.
    const ok = await socket.emitWithAck('ice:servers', {});
    expect(ok.ok).toBe(true);
    expect(heard).toEqual([]);
  });
});
