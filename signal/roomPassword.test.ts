import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './roomPassword.ts';
import { MemoryRoomRegistry } from './roomRegistry.ts';
import { record, settle, startTestServer } from './testing.ts';
import type { TestClient, TestServer } from './testing.ts';

describe('password hashes', () => {
  it('are salted, verify the right password and refuse others', async () => {
    const [one, two] = [await hashPassword('hunter2'), await hashPassword('hunter2')];
    expect(one).not.toBe(two);
    expect(one).not.toContain('hunter2');
    expect(await verifyPassword('hunter2', one)).toBe(true);
    expect(await verifyPassword('hunter3', one)).toBe(false);
    expect(await verifyPassword('', one)).toBe(false);
    expect(await verifyPassword('hunter2', 'garbage')).toBe(false);
  });
});

describe('registry locks', () => {
  it('stores the lock with the room, admits only its hash, and forgets it when the room empties', async () => {
    const registry = new MemoryRoomRegistry();
    const member = (id: string) => ({
      id,
      name: id,
      audio: true,
      video: true,
      screen: false,
      owner: `s-${id}`,
    });
    expect(await registry.lock('r')).toEqual({ exists: false });
    expect(await registry.join('r', member('a'), 4, 'H1')).toMatchObject({ ok: true });
    expect(await registry.lock('r')).toEqual({ exists: true, passwordHash: 'H1' });
    expect(await registry.join('r', member('b'), 4, 'H2')).toEqual({
      ok: false,
      reason: 'wrong-password',
    });
    expect(await registry.join('r', member('b'), 4)).toEqual({
      ok: false,
      reason: 'wrong-password',
    });
    expect(await registry.join('r', member('b'), 4, 'H1')).toMatchObject({ ok: true });
    await registry.leave('r', 'a');
    await registry.leave('r', 'b');
    expect(await registry.lock('r')).toEqual({ exists: false });
    expect(await registry.join('r', member('c'), 4)).toMatchObject({ ok: true });
    expect(await registry.lock('r')).toEqual({ exists: true, passwordHash: null });
  });
});

describe('joining a room with a password', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  const join = (s: TestClient, password?: string, resume?: string) =>
    s.emitWithAck('room:join', {
      room: 'Locked',
      name: 'N',
      ...(password !== undefined && { password }),
      ...(resume !== undefined && { resume }),
    });

  it('the first one in sets it; others need it; a wrong one is told wrong-password and sees nothing', async () => {
    server = await startTestServer({ graceMs: 5000 });
    const [owner, guest, intruder] = [
      await server.client(),
      await server.client(),
      await server.client(),
    ];
    const first = await join(owner, 'open sesame');
    expect(first.ok).toBe(true);
    const seen = record(owner, 'room:peer-joined');

    expect(await join(intruder)).toMatchObject({ ok: false, error: { code: 'wrong-password' } });
    expect(await join(intruder, 'open sesam')).toMatchObject({
      ok: false,
      error: { code: 'wrong-password' },
    });
    await settle(owner);
    expect(seen).toEqual([]);

    expect(await join(guest, 'open sesame')).toMatchObject({ ok: true });
    await settle(owner);
    expect(seen).toHaveLength(1);
  });

  it('a member resuming its place needs no password', async () => {
    server = await startTestServer({ graceMs: 5000 });
    const [owner, other] = [await server.client(), await server.client()];
    const first = await join(owner, 'pw');
    await join(other, 'pw');
    if (!first.ok) throw new Error('join failed');
    owner.io.engine.close();
    const back = await server.client();
    const again = await join(back, undefined, first.resume);
    expect(again).toMatchObject({ ok: true, self: { id: first.self.id } });
  });

  it('a room without a password ignores one given later; an emptied room forgets its password', async () => {
    server = await startTestServer();
    const [a, b] = [await server.client(), await server.client()];
    expect(await join(a)).toMatchObject({ ok: true });
    expect(await join(b, 'anything')).toMatchObject({ ok: true });
    await a.emitWithAck('room:leave', {});
    await b.emitWithAck('room:leave', {});
    expect(await join(a, 'new')).toMatchObject({ ok: true });
    expect(await join(b, 'old')).toMatchObject({ ok: false, error: { code: 'wrong-password' } });
  });
});
