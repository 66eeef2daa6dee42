/**
 * A mesh room that grows past MESH_MAX moves to the SFU: the newcomer is told in its ack, those
 * present by `room:media`, everyone gets a place on Janus, and the room stays there until it
 * empties. Real Socket.IO server and clients, real Janus, real WebRTC endpoints (sfuTesting.ts).
 */
import { describe, expect, it } from 'vitest';
import { joined, next, record, settle, startTestServer } from '../testing.ts';
import type { TestClient } from '../testing.ts';
import { useJanus } from './sfuSuite.ts';
import { inspect, publish, receive, startSfuServer } from './sfuTesting.ts';

const suite = useJanus();

async function clients(n: number): Promise<TestClient[]> {
  const list: TestClient[] = [];
  for (let i = 0; i < n; i++) list.push(await suite.server.client());
  return list;
}

describe('a mesh room growing past MESH_MAX', () => {
  it('is a mesh room without an SFU, and up to MESH_MAX people with one, off Janus', async () => {
    suite.server = await startTestServer();
    expect((await joined(await suite.server.client(), 'plain', 'Alice')).media).toBe('mesh');
    await suite.server.close();

    suite.server = await startSfuServer(suite.janus, { meshMax: 2, maxPeers: 6 });
    expect((await joined(await suite.server.client(), 'small', 'A')).media).toBe('mesh');
    expect((await joined(await suite.server.client(), 'small', 'B')).media).toBe('mesh');
    const inspector = await inspect(suite.janus);
    try {
      expect(await inspector.rooms()).toEqual([]);
    } finally {
      await inspector.close();
    }
  });

  it('moves to the SFU: the newcomer by its ack, the others by room:media, and media flows', async () => {
    suite.server = await startSfuServer(suite.janus, { meshMax: 2, maxPeers: 6 });
    const [ann, ben, cat] = await clients(3);
    if (!ann || !ben || !cat) throw new Error('three clients expected');
    expect((await joined(ann, 'grows', 'Ann')).media).toBe('mesh');
    expect((await joined(ben, 'grows', 'Ben')).media).toBe('mesh');
    const moved = [next(ann, 'room:media'), next(ben, 'room:media')];
    const receiving = [ann, ben, cat].map((c) => receive(c));
    expect((await joined(cat, 'grows', 'Cat')).media).toBe('sfu');
    expect(await Promise.all(moved)).toEqual([{ media: 'sfu' }, { media: 'sfu' }]);

    // Those present publish once told, like the newcomer.
    for (const client of [ann, ben, cat]) await publish(client);
    const [forAnn] = receiving;
    await expect
      .poll(() => new Set(forAnn?.offers.at(-1)?.streams.map((s) => s.peer)).size, {
        timeout: 15_000,
      })
      .toBe(2);
    expect(forAnn?.answered.every(Boolean)).toBe(true);
  });

  it('stays on the SFU while anyone is left, and is a mesh room again once empty', async () => {
    suite.server = await startSfuServer(suite.janus, { meshMax: 1, maxPeers: 6 });
    const [ann, ben, cat] = await clients(3);
    if (!ann || !ben || !cat) throw new Error('three clients expected');
    expect((await joined(ann, 'ebb', 'Ann')).media).toBe('mesh');
    expect((await joined(ben, 'ebb', 'Ben')).media).toBe('sfu');
    await ben.emitWithAck('room:leave', {});
    // One person left, under the limit: the room does not flap back.
    expect((await joined(cat, 'ebb', 'Cat')).media).toBe('sfu');
    await cat.emitWithAck('room:leave', {});
    await ann.emitWithAck('room:leave', {});
    await expect.poll(() => suite.server.signal.sfu?.isSfuRoom('ebb')).toBe(false);
    expect((await joined(ann, 'ebb', 'Ann')).media).toBe('mesh');
  });

  it('stays a full mesh room, refusing the newcomer, when Janus cannot take it', async () => {
    suite.server = await startSfuServer(suite.janus, {
      meshMax: 1,
      maxPeers: 6,
      sfu: { urls: ['ws://127.0.0.1:1'], requestTimeoutMs: 1000 },
    });
    const [ann, ben] = await clients(2);
    if (!ann || !ben) throw new Error('two clients expected');
    await joined(ann, 'stuck', 'Ann');
    const told = record(ann, 'room:media');
    const res = await ben.emitWithAck('room:join', { room: 'stuck', name: 'Ben' });
    expect(res).toMatchObject({ ok: false, error: { code: 'room-full' } });
    await settle(ann);
    expect(told).toEqual([]);
    expect(
      await ann.emitWithAck('sfu:publish', {
        description: { type: 'offer', sdp: 'v=0\r\n' },
        screenMid: null,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not-sfu-room' },
    });
  });
});
