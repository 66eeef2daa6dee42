import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import Janode from 'janode';
import type { Connection } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJanus } from './janusProcess.ts';
import type { JanusServer } from './janusProcess.ts';

// janode logs every request at 'info' (and refusals at 'error') on the console.
Janode.Logger.setLevel('none');

describe('a throwaway Janus driven with janode', () => {
  let janus: JanusServer;
  const connections: Connection[] = [];
  const connect = async (apisecret: string) => {
    // No retries: a refused connection fails the test at once instead of after 50 s.
    const connection = await Janode.connect({
      address: { url: janus.wsUrl, apisecret },
      max_retries: 0,
    });
    connections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    janus = await startJanus();
  });
  afterAll(async () => {
    await Promise.allSettled(connections.map((connection) => connection.close()));
    await janus.stop();
  });

  it('listens on a loopback websocket', () => {
    expect(janus.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(janus.apiSecret).not.toBe(janus.adminKey);
  });

  it('creates, lists and destroys a videoroom with the admin key', async () => {
    const session = await (await connect(janus.apiSecret)).create();
    const videoroom = await session.attach(VideoRoomPlugin);
    const adminKey = janus.adminKey;
    const rooms = async () =>
      (await videoroom.list({ admin_key: adminKey })).list.map((r) => r.room);
    expect(await rooms()).toEqual([]); // no sample rooms

    const secret = randomBytes(16).toString('hex');
    await expect(videoroom.create({ secret })).rejects.toThrow(/^429 .*admin_key/);
    await expect(videoroom.create({ secret, admin_key: 'wrong' })).rejects.toThrow(/^433 /);
    const { room } = await videoroom.create({ secret, admin_key: adminKey, is_private: true });
    expect(await rooms()).toEqual([room]);
    expect((await videoroom.exists({ room })).exists).toBe(true);

    await expect(videoroom.destroy({ room, secret: 'wrong' })).rejects.toThrow(/^433 /);
    await videoroom.destroy({ room, secret });
    expect((await videoroom.exists({ room })).exists).toBe(false);
    expect(await rooms()).toEqual([]);

    await videoroom.detach();
    await session.destroy();
  });

  it('refuses a wrong API secret', async () => {
    const connection = await connect(`not-${janus.apiSecret}`);
    await expect(connection.create()).rejects.toThrow(/^403 Unauthorized/);
  });

  it('runs under a command prefix, listening on another address', async () => {
    // `env` execs Janus as `ip netns exec` does: the pid launched is Janus' own.
    const other = await startJanus({ prefix: ['env', 'ROOM_CALL_TEST=1'], host: '127.0.0.2' });
    try {
      expect(other.process.spawnargs.slice(0, 3)).toEqual(['env', 'ROOM_CALL_TEST=1', 'janus']);
      expect(other.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.2:\d+$/);
      const connection = await Janode.connect({
        address: { url: other.wsUrl, apisecret: other.apiSecret },
        max_retries: 0,
      });
      connections.push(connection);
      const session = await connection.create();
      await session.destroy();
    } finally {
      await other.stop();
    }
  });

  it('refuses a host that is not an IPv4 address before starting anything', async () => {
    await expect(startJanus({ host: 'janus.internal' })).rejects.toThrow(/IPv4/);
  });

  it('stops, and removes its config directory', async () => {
    const dir = janus.process.spawnargs[janus.process.spawnargs.indexOf('-F') + 1] ?? '';
    expect(existsSync(`${dir}/janus.jcfg`)).toBe(true);
    await janus.stop();
    expect(janus.process.exitCode ?? janus.process.signalCode).not.toBeNull();
    expect(existsSync(dir)).toBe(false);
  });
});
