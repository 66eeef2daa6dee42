import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaPath, MediaPathEvents, RemoteMedia, VideoDemand } from './MediaPath.ts';
import { SwitchingPath } from './switchingPath.ts';

/** A path whose participants report the inbound counters we set. */
function stubPath(ids: string[]) {
  const counters = new Map<string, { frames: number; audioPackets: number }>();
  const remotes = new Map<string, RemoteMedia>();
  const calls: string[] = [];
  const add = (id: string) => {
    counters.set(id, { frames: 0, audioPackets: 0 });
    remotes.set(id, {
      peerId: id,
      remoteStream: {} as MediaStream,
      audioReceiver: null,
      isClosed: () => false,
      getStats: () => {
        const c = counters.get(id) ?? { frames: 0, audioPackets: 0 };
        const report = new Map<string, Record<string, unknown>>([
          ['v', { type: 'inbound-rtp', kind: 'video', framesDecoded: c.frames }],
          ['a', { type: 'inbound-rtp', kind: 'audio', packetsReceived: c.audioPackets }],
        ]);
        return Promise.resolve(report as unknown as RTCStatsReport);
      },
    });
  };
  ids.forEach(add);
  const path = {
    closed: false,
    calls,
    counters,
    enter: () => {
      calls.push('enter');
      return Promise.resolve();
    },
    rejoined: () => calls.push('rejoined'),
    peerJoined: (id: string) => {
      calls.push(`joined ${id}`);
      add(id);
    },
    peerLeft: (id: string) => calls.push(`left ${id}`),
    replaceTrack: (kind: string) => calls.push(`track ${kind}`),
    setScreen: () => calls.push('screen'),
    broadcast: (data: string) => calls.push(`chat ${data}`),
    setVideoDemand: ({ paused }: VideoDemand) => calls.push(`pause ${paused.join(',')}`),
    remote: (id: string) => remotes.get(id),
    remotes: () => remotes.values(),
    remoteScreen: () => null,
    diagnostics: () => [],
    close() {
      this.closed = true;
    },
  };
  return path satisfies MediaPath;
}

/** Media from `id` arriving on `path` for `checks` polls in a row (200 ms apart). */
async function arrive(
  path: ReturnType<typeof stubPath>,
  id: string,
  kind: 'frames' | 'audioPackets',
  checks: number,
) {
  for (let i = 0; i < checks; i++) {
    const c = path.counters.get(id) ?? { frames: 0, audioPackets: 0 };
    path.counters.set(id, { ...c, [kind]: c[kind] + 2 });
    await vi.advanceTimersByTimeAsync(200);
  }
}

function events() {
  const seen: string[] = [];
  const e: MediaPathEvents = {
    remoteMedia: (id) => seen.push(`media ${id}`),
    remoteScreen: (id, on) => seen.push(`screen ${id} ${on}`),
    link: () => undefined,
    safetyCode: () => undefined,
    data: () => undefined,
    gone: () => undefined,
  };
  return { seen, e };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SwitchingPath (make-before-break)', () => {
  it('keeps the old path for a participant until the new one decodes their video', async () => {
    const from = stubPath(['b', 'c']);
    const to = stubPath(['b', 'c']);
    const { seen, e } = events();
    const done = vi.fn();
    const path = new SwitchingPath({ from, to, events: e, expectsVideo: () => true, done });
    await vi.advanceTimersByTimeAsync(1000);
    expect(from.closed).toBe(false);
    expect(path.remote('b')).toBe(from.remote('b'));

    // A first frame, then nothing: not yet a picture that goes on.
    to.counters.set('b', { frames: 1, audioPackets: 10 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(path.isReady('b')).toBe(false);
    // Frames rising at two checks is not enough either; at three it is.
    await arrive(to, 'b', 'frames', 2);
    expect(path.isReady('b')).toBe(false);
    await arrive(to, 'b', 'frames', 1);
    expect(path.isReady('b')).toBe(true);
    expect(path.remote('b')).toBe(to.remote('b'));
    expect(path.remote('c')).toBe(from.remote('c'));
    expect(seen).toContain('media b');
    // Audio alone does not prove a participant who sends video.
    await arrive(to, 'c', 'audioPackets', 5);
    expect([from.closed, done.mock.calls.length]).toEqual([false, 0]);

    await arrive(to, 'c', 'frames', 3);
    expect(path.isReady('c')).toBe(true);
    // The old path stays a moment, while the views move to the new one, then closes.
    expect([from.closed, done.mock.calls.length]).toEqual([false, 0]);
    await vi.advanceTimersByTimeAsync(1000);
    expect([from.closed, done.mock.calls.length]).toEqual([true, 1]);
  });

  it('takes audio as proof for someone whose camera is off, and gives up waiting after a while', async () => {
    const from = stubPath(['b', 'c']);
    const to = stubPath(['b', 'c']);
    const done = vi.fn();
    const path = new SwitchingPath({
      from,
      to,
      events: events().e,
      expectsVideo: (id) => id === 'c',
      done,
      giveUpMs: 5000,
    });
    await arrive(to, 'b', 'audioPackets', 3);
    expect(path.isReady('b')).toBe(true);
    expect(path.isReady('c')).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect([from.closed, path.isReady('c'), done.mock.calls.length]).toEqual([true, true, 1]);
  });

  it('sends our tracks on both paths, chat and newcomers on the new one only', () => {
    const from = stubPath(['b']);
    const to = stubPath(['b']);
    const path = new SwitchingPath({
      from,
      to,
      events: events().e,
      expectsVideo: () => true,
      done: () => undefined,
    });
    path.replaceTrack('video', null);
    path.setScreen(null);
    path.broadcast('hi');
    path.peerJoined('d');
    expect(from.calls).toEqual(['track video', 'screen']);
    expect(to.calls).toEqual(['track video', 'screen', 'chat hi', 'joined d']);
    expect(path.isReady('d')).toBe(true);
    path.close();
    expect([from.closed, to.closed]).toEqual([true, true]);
  });
});
