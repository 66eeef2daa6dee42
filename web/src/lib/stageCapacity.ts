import { gridLayout } from './gridLayout.ts';

/** The grid never offers fewer tiles than this, however small the stage (a phone on its side). */
export const MIN_STAGE_TILES = 4;
/** Nor more: beyond 16 videos a tile is too small to read a face, and too many to decode. */
export const MAX_STAGE_TILES = 16;
/**
 * The smallest tile worth showing: room for its three buttons and the
 * connection badge along the top, its name along the bottom, and a face between.
 */
export const MIN_TILE_WIDTH = 160;
export const MIN_TILE_HEIGHT = 120;
/** For gridLayout: the grid prefers tiles at least this big (see TileGrid). */
export const MIN_TILE = { width: MIN_TILE_WIDTH, height: MIN_TILE_HEIGHT };
/** Height the page controls take above the grid (a 40 px row and the gap under it). */
export const PAGER_HEIGHT = 52;

const fits = (count: number, width: number, height: number, gap: number) => {
  const layout = gridLayout(count, width, height, { gap, minTile: MIN_TILE });
  return layout.tileWidth >= MIN_TILE_WIDTH && layout.tileHeight >= MIN_TILE_HEIGHT;
};

/**
 * How many tiles a `width` × `height` grid shows at once: the most, up to
 * MAX_STAGE_TILES, for which every count from one up can be laid out in
 * tiles of at least MIN_TILE_WIDTH × MIN_TILE_HEIGHT; never fewer than
 * MIN_STAGE_TILES. (Every count, not just the largest: some counts fill a
 * grid better than smaller ones.) It never shrinks as the stage grows.
 */
export function gridCapacity(width: number, height: number, gap = 12): number {
  let capacity = 0;
  while (capacity < MAX_STAGE_TILES && fits(capacity + 1, width, height, gap)) capacity++;
  return Math.max(MIN_STAGE_TILES, capacity);
}

/**
 * The grid's capacity for `count` tiles on a stage of this size: when they do
 * not all fit, the page controls take a row of the stage and the capacity
 * is that of what is left.
 */
export function stageCapacity(count: number, width: number, height: number, gap = 12): number {
  const all = gridCapacity(width, height, gap);
  return count <= all ? all : gridCapacity(width, height - PAGER_HEIGHT, gap);
}

/**
 * How many 16:9 tiles of the strip's height fit side by side in its width
 * (the strip under a pinned tile), at least one.
 */
export function stripCapacity(width: number, height: number, gap = 12): number {
  if (width <= 0 || height <= 0) return 1;
  const tileWidth = (height * 16) / 9;
  return Math.max(1, Math.floor((width + gap) / (tileWidth + gap)));
}
