import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAppStore, selectPeersByArrival } from '../../store/index.ts';
import { callTiles } from './tiles.ts';
import type { CallTile } from './tiles.ts';
import { clampPage, pageStage, stageFrame, stageView } from './stagePlan.ts';
import type { StageCapacity } from './stagePlan.ts';
import { fillSlots } from './stageSlots.ts';

/** A room of `n` people p01 … pNN in join order; `presenting` share their screens. */
const room = (n: number, presenting: string[] = []) => {
  const store = createAppStore();
  for (let i = 1; i <= n; i++) {
    const id = `p${String(i).padStart(2, '0')}`;
    const screen = presenting.includes(id);
    store.getState().upsertPeer({ id, name: `Person ${i}`, audio: true, video: true, screen });
    if (screen) store.getState().setPeerScreen(id, true);
  }
  return selectPeersByArrival(store.getState().peers);
};
const keys = (tiles: readonly (CallTile | null)[]) => tiles.map((tile) => tile?.key);
const capacity = (grid: number, strip = 4): StageCapacity => ({ grid, strip });

/** The stage as CallStage draws it on `page`, the first page filled in join order. */
const draw = (tiles: CallTile[], pinned: string | null, cap: StageCapacity, page = 0) => {
  const frame = stageFrame(tiles, pinned, cap);
  const pool = frame.cameras.map((tile) => tile.peer.id);
  return pageStage(frame, fillSlots([], pool, [], frame.perPage, true), page);
};

describe('stageFrame', () => {
  it('keeps the screens and the pinned tile out of the cameras that page', () => {
    const tiles = callTiles(room(6, ['p02']), true);
    const frame = stageFrame(tiles, 'p05', capacity(9, 4));
    expect(frame.pinned?.key).toBe('p05');
    expect(keys(frame.screens)).toEqual(['p02:screen', 'own-screen']);
    expect(keys(frame.cameras)).toEqual(['p01', 'p02', 'p03', 'p04', 'p06']);
    expect(frame.perPage).toBe(2); // the strip's 4 places, less 2 screens
    expect(stageFrame(tiles, null, capacity(9)).perPage).toBe(7);
  });

  it('always leaves a camera a place, whatever the screens take', () => {
    const tiles = callTiles(room(6, ['p01', 'p02', 'p03', 'p04']), true);
    expect(stageFrame(tiles, null, capacity(4)).perPage).toBe(1);
  });

  it('ignores the pin of a tile that is gone, until it comes back', () => {
    const tiles = callTiles(room(3), false);
    expect(stageFrame(tiles, 'p09', capacity(9)).pinned).toBeNull();
    expect(stageFrame(tiles, 'p02:screen', capacity(9)).pinned).toBeNull();
    const back = callTiles(room(3, ['p02']), false);
    expect(stageFrame(back, 'p02:screen', capacity(9)).pinned?.key).toBe('p02:screen');
  });
});

describe('pageStage', () => {
  it('waits for people when there is no tile', () => {
    expect(draw([], null, capacity(9))).toMatchObject({ kind: 'empty', shown: [], pages: 1 });
  });

  it('shows every tile in order, on one page, when all fit', () => {
    const tiles = callTiles(room(4, ['p02']), true);
    const stage = draw(tiles, null, capacity(9));
    expect(stage).toMatchObject({ kind: 'grid', page: 0, pages: 1, hidden: [] });
    expect(stage.shown).toEqual(tiles);
  });

  it('pages the cameras when more people are present than fit, hiding the others', () => {
    const tiles = callTiles(room(20), false);
    const first = draw(tiles, null, capacity(9));
    expect(first.pages).toBe(3);
    expect(keys(first.shown)).toEqual(keys(tiles.slice(0, 9)));
    expect(first.hidden).toHaveLength(11);
    expect(keys(draw(tiles, null, capacity(9), 1).shown)).toEqual(keys(tiles.slice(9, 18)));
    const last = draw(tiles, null, capacity(9), 2);
    expect(keys(last.shown)).toEqual(['p19', 'p20']);
    expect(last.hidden).toHaveLength(18);
  });

  it('puts the first page’s speakers first and everyone else after them in join order', () => {
    const tiles = callTiles(room(12), false);
    const frame = stageFrame(tiles, null, capacity(4));
    // p11 spoke last: it takes p04's place (joined last), then p07 takes p03's.
    const slots = fillSlots(['p01', 'p02', 'p03', 'p04'], keysOf(frame), ['p11', 'p07'], 4, true);
    expect(keys(pageStage(frame, slots, 0).shown)).toEqual(['p01', 'p02', 'p07', 'p11']);
    expect(keys(pageStage(frame, slots, 1).shown)).toEqual(['p03', 'p04', 'p05', 'p06']);
    expect(keys(pageStage(frame, slots, 2).shown)).toEqual(['p08', 'p09', 'p10', 'p12']);
  });

  it('holds the page within bounds', () => {
    const tiles = callTiles(room(10), false);
    expect(draw(tiles, null, capacity(4), -3).page).toBe(0);
    expect(draw(tiles, null, capacity(4), 99)).toMatchObject({ page: 2, pages: 3 });
    const frame = stageFrame(tiles, null, capacity(4));
    expect([clampPage(frame, -1), clampPage(frame, 1), clampPage(frame, 7)]).toEqual([0, 1, 2]);
    expect(clampPage(stageFrame([], null, capacity(4)), 3)).toBe(0);
  });

  it('keeps every screen on every page: after its owner’s camera, else first; ours last', () => {
    const tiles = callTiles(room(10, ['p02', 'p09']), true);
    const cap = capacity(6); // 3 screens: 3 cameras a page
    expect(keys(draw(tiles, null, cap, 0).shown)).toEqual([
      'p09:screen',
      'p01',
      'p02',
      'p02:screen',
      'p03',
      'own-screen',
    ]);
    expect(keys(draw(tiles, null, cap, 2).shown)).toEqual([
      'p02:screen',
      'p07',
      'p08',
      'p09',
      'p09:screen',
      'own-screen',
    ]);
  });

  it('keeps the pinned tile on every page, the others paging through the strip', () => {
    const tiles = callTiles(room(10), false);
    const pinned = draw(tiles, 'p07', capacity(9, 3)); // 9 others, 3 at a time
    expect(pinned).toMatchObject({ kind: 'pinned', pinned: { key: 'p07' }, pages: 3 });
    expect(keys(pinned.shown)).toEqual(['p01', 'p02', 'p03']);
    const last = draw(tiles, 'p07', capacity(9, 3), 2);
    expect(last.pinned?.key).toBe('p07');
    expect(keys(last.shown)).toEqual(['p08', 'p09', 'p10']);
    expect(keys(last.hidden)).not.toContain('p07');
  });

  it('leaves the strip empty when the pinned tile is the only one', () => {
    const alone = callTiles([], true);
    expect(draw(alone, 'own-screen', capacity(9))).toMatchObject({
      kind: 'pinned',
      pinned: alone[0],
      shown: [],
      hidden: [],
    });
  });

  it('places every tile exactly once, whatever the pin, the page and the capacity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
        fc.boolean(),
        fc.nat(),
        fc.record({ grid: fc.integer({ min: 4, max: 16 }), strip: fc.integer({ min: 1, max: 8 }) }),
        fc.integer({ min: -1, max: 8 }),
        (n, sharers, sharing, pick, cap, page) => {
          const presenting = sharers.map((i) => `p${String(i).padStart(2, '0')}`);
          const tiles = callTiles(room(n, presenting), sharing);
          const pinned = tiles.length > 0 ? (tiles[pick % tiles.length]?.key ?? null) : null;
          const stage = draw(tiles, pick % 3 === 0 ? null : pinned, cap, page);
          const placed = [stage.pinned, ...stage.shown, ...stage.hidden].filter(Boolean);
          expect(keys(placed).sort()).toEqual(keys(tiles).sort());
          const places = stage.pinned ? cap.strip : cap.grid;
          const screens = stage.shown.filter((tile) => tile.kind !== 'camera').length;
          expect(stage.shown.length).toBeLessThanOrEqual(Math.max(places, screens + 1));
          expect(stage.page).toBeLessThan(stage.pages);
        },
      ),
    );
  });
});

describe('stageView', () => {
  it('names the cameras on the stage and no one hidden', () => {
    const tiles = callTiles(room(12, ['p03']), false);
    const view = stageView(draw(tiles, null, capacity(5)));
    expect(view).toEqual({
      visiblePeers: ['p01', 'p02', 'p03', 'p04'],
      largePeers: [],
      largeScreens: [],
    });
  });

  it('calls the pinned tile large, camera or screen, and counts a pinned camera as visible', () => {
    const tiles = callTiles(room(3, ['p02']), false);
    expect(stageView(draw(tiles, 'p03', capacity(9)))).toEqual({
      visiblePeers: ['p03', 'p01', 'p02'],
      largePeers: ['p03'],
      largeScreens: [],
    });
    expect(stageView(draw(tiles, 'p02:screen', capacity(9)))).toMatchObject({
      largePeers: [],
      largeScreens: ['p02'],
    });
  });

  it('calls a tile alone in the grid large', () => {
    expect(stageView(draw(callTiles(room(1), false), null, capacity(9)))).toEqual({
      visiblePeers: ['p01'],
      largePeers: ['p01'],
      largeScreens: [],
    });
    // Our own screen beside one camera: two tiles, both small.
    expect(stageView(draw(callTiles(room(1), true), null, capacity(9))).largePeers).toEqual([]);
    expect(stageView(draw([], null, capacity(9)))).toEqual({
      visiblePeers: [],
      largePeers: [],
      largeScreens: [],
    });
  });
});

function keysOf(frame: ReturnType<typeof stageFrame>) {
  return frame.cameras.map((tile) => tile.peer.id);
}
