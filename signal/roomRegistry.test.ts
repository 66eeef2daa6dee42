import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { MemoryRoomRegistry, toPeerInfo } from './roomRegistry.ts';
import type { Member, RoomRegistry } from './roomRegistry.ts';
import { RedisRoomRegistry } from './redisRoomRegistry.ts';
import { startRedisServer } from './redisTesting.ts';
import type { RedisServer } from './redisTesting.ts';

let redisServer: RedisServer;
let redis: ReturnType<typeof createClient>;
let prefixes = 0;

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = createClient({ url: redisServer.url });
  await redis.connect();
});
afterAll(async () => {
  await redis.close();
  await redisServer.stop();
});

const member = (id: string, owner = `sock-${id}`): Member => ({
  id,
  name: `Name ${id}`,
  audio: true,
  video: true,
  screen: false,
  owner,
});

// Both registries must behave the same; each Redis case gets its own key prefix.
const registries: [string, () => RoomRegistry][] = [
  ['memory', () => new MemoryRoomRegistry()],
  ['redis', () => new RedisRoomRegistry(redis, `registry-test-${++prefixes}:`)],
];

describe.each(registries)('%s room registry', (_kind, make) => {
  it('lists the members already there, in join order, and refuses a join beyond capacity', async () => {
    const registry = make();
    expect(await registry.join('r', member('a'), 2)).toEqual({ ok: true, peers: [], added: true });
    const second = await registry.join('r', member('b'), 2);
    expect(second).toEqual({ ok: true, peers: [toPeerInfo(member('a'))], added: true });
    expect(await registry.join('r', member('c'), 2)).toEqual({ ok: false, reason: 'room-full' });
    expect(await registry.roomCount()).toBe(1);
  });

  it('re-binds a member that joins again to its new owner, even when the room is full', async () => {
    const registry = make();
    await registry.join('r', member('a'), 2);
    await registry.join('r', member('b'), 2);
    const again = await registry.join('r', member('a', 'new-socket'), 2);
    expect(again).toMatchObject({ ok: true, added: false });
    expect(again.ok && again.peers.map((p) => p.id)).toEqual(['b']);
    expect((await registry.get('r', 'a'))?.owner).toBe('new-socket');
  });

  it('removes a member only for its current owner, and forgets empty rooms', async () => {
    const registry = make();
    await registry.join('r', member('a', 'old'), 4);
    await registry.join('r', member('a', 'new'), 4);
    expect(await registry.leave('r', 'a', 'old')).toBe(false);
    expect(await registry.get('r', 'a')).not.toBeNull();
    expect(await registry.leave('r', 'a', 'new')).toBe(true);
    expect(await registry.leave('r', 'a')).toBe(false);
    expect(await registry.get('r', 'a')).toBeNull();
    expect(await registry.roomCount()).toBe(0);
  });

  it('updates media flags and keeps the rest', async () => {
    const registry = make();
    await registry.join('회의실', member('a'), 4);
    expect(await registry.update('회의실', 'a', { audio: false, screen: true })).toEqual({
      id: 'a',
      name: 'Name a',
      audio: false,
      video: true,
      screen: true,
      hand: null,
    });
    expect(await registry.get('회의실', 'a')).toMatchObject({ audio: false, owner: 'sock-a' });
    expect(await registry.update('회의실', 'nobody', { audio: false })).toBeNull();
  });

  it('keeps the first time of a raised hand until it is lowered', async () => {
    const registry = make();
    await registry.join('r', member('a'), 4);
    const hand = 1_764_580_000_123;
    expect(await registry.update('r', 'a', { hand })).toMatchObject({ hand });
    expect(await registry.update('r', 'a', { hand: hand + 5000, audio: false })).toMatchObject({
      hand,
      audio: false,
    });
    expect(
      (await registry.join('r', member('b'), 4)).ok && (await registry.get('r', 'a')),
    ).toMatchObject({ hand });
    expect(await registry.update('r', 'a', { hand: null })).toMatchObject({ hand: null });
    expect(await registry.update('r', 'a', { hand: hand + 9000 })).toMatchObject({
      hand: hand + 9000,
    });
  });

  it('admits exactly the capacity under concurrent joins', async () => {
    const registry = make();
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const outcomes = await Promise.all(ids.map((id) => registry.join('busy', member(id), 4)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(4);
    const present = await Promise.all(ids.map((id) => registry.get('busy', id)));
    expect(present.filter((m) => m !== null)).toHaveLength(4);
  });
});
