import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAppStore, selectPeerList } from '../../store/index.ts';
import { arrangeTiles, callTiles } from './tiles.ts';
import type { CallTile } from './tiles.ts';

const info = (id: string, name: string, screen = false) => ({
  id,
  name,
  audio: true,
  video: true,
  screen,
});

/** A room as the store holds it: Bob presents (announced, and his screen arrives). */
const room = () => {
  const store = createAppStore();
  const s = store.getState();
  s.upsertPeer(info('p-carol', 'Carol'));
  s.upsertPeer(info('p-bob', 'Bob', true));
  s.setPeerScreen('p-bob', true);
  s.upsertPeer(info('p-alice', 'Alice'));
  return store;
};
const peersOf = (store: ReturnType<typeof createAppStore>) =>
  selectPeerList(store.getState().peers);
const keys = (tiles: readonly CallTile[]) => tiles.map((tile) => tile.key);

describe('callTiles', () => {
  it('gives each peer a camera tile in display order, a screen right after its owner', () => {
    const tiles = callTiles(peersOf(room()), false);
    expect(keys(tiles)).toEqual(['p-alice', 'p-bob', 'p-bob:screen', 'p-carol']);
    expect(tiles.map((tile) => tile.kind)).toEqual(['camera', 'camera', 'screen', 'camera']);
    expect(tiles[2]).toMatchObject({ kind: 'screen', peer: { id: 'p-bob', screenVersion: 1 } });
  });

  it('adds our own screen last while we share, even alone', () => {
    expect(keys(callTiles(peersOf(room()), true))).toEqual([
      'p-alice',
      'p-bob',
      'p-bob:screen',
      'p-carol',
      'own-screen',
    ]);
    expect(callTiles([], true)).toEqual([{ kind: 'own-screen', key: 'own-screen' }]);
    expect(callTiles([], false)).toEqual([]);
  });

  it('shows a screen only while it is both announced and arriving', () => {
    const store = room();
    store.getState().upsertPeer(info('p-carol', 'Carol', true)); // announced, not yet arriving
    expect(keys(callTiles(peersOf(store), false))).not.toContain('p-carol:screen');
    store.getState().upsertPeer(info('p-bob', 'Bob', false)); // stopped, track not yet gone
    expect(keys(callTiles(peersOf(store), false))).not.toContain('p-bob:screen');
    store.getState().setPeerScreen('p-carol', true);
    expect(keys(callTiles(peersOf(store), false))).toEqual([
      'p-alice',
      'p-bob',
      'p-carol',
      'p-carol:screen',
    ]);
  });
});

describe('arrangeTiles', () => {
  const tiles = callTiles(peersOf(room()), true);

  it('waits for people when there is no tile', () => {
    expect(arrangeTiles([], null)).toEqual({ kind: 'empty' });
    expect(arrangeTiles([], 'p-bob')).toEqual({ kind: 'empty' });
  });

  it('puts every tile in the grid, in order, without a pin', () => {
    expect(arrangeTiles(tiles, null)).toEqual({ kind: 'grid', tiles });
  });

  it('puts the pinned tile on the stage and the others in the strip, in order', () => {
    const layout = arrangeTiles(tiles, 'p-bob:screen');
    expect(layout.kind).toBe('pinned');
    if (layout.kind !== 'pinned') return;
    expect(layout.pinned).toBe(tiles[2]);
    expect(keys(layout.strip)).toEqual(['p-alice', 'p-bob', 'p-carol', 'own-screen']);
    expect(arrangeTiles(tiles, 'own-screen')).toMatchObject({
      kind: 'pinned',
      pinned: { kind: 'own-screen' },
    });
  });

  it('leaves the strip empty when the pinned tile is the only one', () => {
    const alone = callTiles([], true);
    expect(arrangeTiles(alone, 'own-screen')).toEqual({
      kind: 'pinned',
      pinned: alone[0],
      strip: [],
    });
  });

  it('ignores the pin of a peer who left or a screen no longer shared, until it returns', () => {
    const store = room();
    store.getState().removePeer('p-carol');
    const afterLeave = callTiles(peersOf(store), false);
    expect(arrangeTiles(afterLeave, 'p-carol')).toEqual({ kind: 'grid', tiles: afterLeave });

    store.getState().setPeerScreen('p-bob', false);
    const afterStop = callTiles(peersOf(store), false);
    expect(arrangeTiles(afterStop, 'p-bob:screen')).toEqual({ kind: 'grid', tiles: afterStop });

    store.getState().setPeerScreen('p-bob', true);
    const layout = arrangeTiles(callTiles(peersOf(store), false), 'p-bob:screen');
    expect(layout).toMatchObject({ kind: 'pinned', pinned: { key: 'p-bob:screen' } });
  });

  it('shows every tile exactly once, in order, whatever is pinned', () => {
    const peer = fc.record({
      id: fc.uuid(),
      name: fc.string({ maxLength: 8 }),
      screen: fc.boolean(),
      arriving: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(peer, { selector: (p) => p.id, maxLength: 6 }),
        fc.boolean(),
        fc.nat(),
        (peers, sharing, pick) => {
          const store = createAppStore();
          for (const p of peers) {
            store.getState().upsertPeer(info(p.id, p.name, p.screen));
            if (p.arriving) store.getState().setPeerScreen(p.id, true);
          }
          const all = callTiles(peersOf(store), sharing);
          expect(new Set(keys(all)).size).toBe(all.length);
          const pinned = all.length > 0 ? (all[pick % all.length]?.key ?? null) : null;
          const layout = arrangeTiles(all, pinned);
          if (layout.kind === 'empty') {
            expect(all).toEqual([]);
          } else if (layout.kind === 'grid') {
            expect(layout.tiles).toEqual(all);
          } else {
            expect(layout.pinned.key).toBe(pinned);
            expect(layout.strip).toEqual(all.filter((tile) => tile.key !== pinned));
          }
        },
      ),
    );
  });
});
