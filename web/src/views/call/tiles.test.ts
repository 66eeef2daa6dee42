import { describe, expect, it } from 'vitest';
import { createAppStore, selectPeerList, selectPeersByArrival } from '../../store/index.ts';
import { callTiles } from './tiles.ts';
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

  it('keeps the order it is given: the order people joined in, from the store', () => {
    const tiles = callTiles(selectPeersByArrival(room().getState().peers), false);
    expect(keys(tiles)).toEqual(['p-carol', 'p-bob', 'p-bob:screen', 'p-alice']);
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
