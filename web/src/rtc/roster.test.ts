import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerId, PeerInfo } from '../../../signal/protocol.ts';
import { createAppStore } from '../store/index.ts';
import type { MediaPath, MediaPathEvents } from './MediaPath.ts';
import { Roster } from './roster.ts';

const peer = (id: string, audio = true): PeerInfo => ({
  id,
  name: id.toUpperCase(),
  audio,
  video: true,
  screen: false,
});

describe('Roster', () => {
  let store: ReturnType<typeof createAppStore>;
  let told: string[];
  let gone: PeerId[];
  let roster: Roster;
  let events: MediaPathEvents;
  /** What the path answers `peerJoined` with: when it reached them. */
  let reached: Promise<void> | undefined;
  const noticeKeys = () => store.getState().notices.map((n) => `${n.key} ${n.values?.name}`);

  beforeEach(() => {
    vi.useFakeTimers();
    store = createAppStore();
    store.getState().startJoining('room');
    store.getState().joined(peer('me'));
    told = [];
    gone = [];
    reached = undefined;
    // The path's side of the roster (a MeshPath needs a browser: its own tests are there).
    const path = {
      peerJoined: (id: PeerId) => {
        // An SFU path tells the link of a newcomer at once.
        if (id === 's') events.link(id, 'connected');
        return reached;
      },
      peerLeft: (id: PeerId) => told.push(`path left ${id}`),
    } as unknown as MediaPath;
    roster = new Roster(
      { state: () => store.getState(), path: () => path, peerGone: (id) => gone.push(id) },
      1000,
    );
    events = roster.holding({
      remoteMedia: (id) => told.push(`media ${id}`),
      remoteScreen: (id, on) => told.push(`screen ${id} ${on}`),
      link: (id, link) => told.push(`link ${id} ${link}`),
      safetyCode: (id, code) => told.push(`code ${id} ${code}`),
      data: (id, data) => told.push(`data ${id} ${data}`),
      gone: (id) => told.push(`gone ${id}`),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a newcomer once the path reached them, with the latest word, then what was held', async () => {
    let reach: () => void = () => undefined;
    reached = new Promise<void>((resolve) => (reach = resolve));
    roster.joined(peer('b'));
    events.link('b', 'connecting');
    events.remoteMedia('b');
    roster.updated(peer('b', false));
    await vi.advanceTimersByTimeAsync(500);
    expect(store.getState().peers).toEqual({});
    expect(noticeKeys()).toEqual([]);
    expect(told).toEqual([]);
    reach();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().peers.b).toMatchObject({ audio: false });
    // Their microphone changed before they were shown: that is no notice of its own.
    expect(noticeKeys()).toEqual(['notice.joined B']);
    expect(told).toEqual(['link b connecting', 'media b']);
    events.link('b', 'connected');
    expect(told.at(-1)).toBe('link b connected');
    roster.updated(peer('b', true));
    expect(noticeKeys()).toContain('notice.peerMicOn B');
  });

  it('shows a newcomer the path never reaches after the limit, at once when it has nothing to wait for, and someone back at once', async () => {
    reached = new Promise<void>(() => undefined);
    roster.joined(peer('b'));
    reached = undefined;
    roster.joined(peer('c'));
    await vi.advanceTimersByTimeAsync(0);
    expect(Object.keys(store.getState().peers)).toEqual(['c']);
    await vi.advanceTimersByTimeAsync(999);
    expect(Object.keys(store.getState().peers)).toEqual(['c']);
    await vi.advanceTimersByTimeAsync(1);
    expect(Object.keys(store.getState().peers).sort()).toEqual(['b', 'c']);
    // c comes back after a server restart: already shown, no new notice, no wait.
    reached = new Promise<void>(() => undefined);
    roster.joined(peer('c', false));
    expect(store.getState().peers.c).toMatchObject({ audio: false });
    expect(noticeKeys().filter((k) => k === 'notice.joined C')).toHaveLength(1);
  });

  it('keeps what the path says while it hears of a newcomer, and tells it once they show', async () => {
    roster.joined(peer('s'));
    expect(told).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(Object.keys(store.getState().peers)).toEqual(['s']);
    expect(told).toEqual(['link s connected']);
  });

  it('shows nothing of someone who left before being shown', async () => {
    reached = new Promise<void>(() => undefined);
    roster.joined(peer('b'));
    events.link('b', 'connecting');
    events.gone('b');
    roster.left('b');
    await vi.advanceTimersByTimeAsync(2000);
    expect(store.getState().peers).toEqual({});
    expect(noticeKeys()).toEqual([]);
    expect(told).toEqual(['gone b', 'path left b']);
    expect(gone).toEqual(['b']);
  });
});
