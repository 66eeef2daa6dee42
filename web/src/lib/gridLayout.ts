export interface GridLayout {
  columns: number;
  rows: number;
  /** Size of every tile, in CSS pixels. */
  tileWidth: number;
  tileHeight: number;
}

export interface GridOptions {
  gap?: number;
  /** Widest tile shape allowed (cameras send 16:9). */
  maxAspect?: number;
  /** Narrowest tile shape allowed (a portrait tile on a phone held upright). */
  minAspect?: number;
  /**
   * Prefer any arrangement whose tiles are at least this big (see
   * stageCapacity.ts) to a larger-area one whose tiles are not.
   */
  minTile?: { width: number; height: number };
}

/**
 * The column count that gives `count` tiles the most area inside a
 * `width` × `height` stage. Each tile takes the shape of its grid cell, held
 * between `minAspect` and `maxAspect` so that a tile is never a sliver: a
 * wide window lays tiles side by side, a tall one stacks them. A tile
 * narrower than the video crops it (object-fit: cover), so its area counts
 * for less the more it crops. With `minTile`, only arrangements whose tiles
 * are that big compete, when there are any.
 */
export function gridLayout(
  count: number,
  width: number,
  height: number,
  { gap = 12, maxAspect = 16 / 9, minAspect = 3 / 4, minTile }: GridOptions = {},
): GridLayout {
  const empty = { columns: 1, rows: 1, tileWidth: 0, tileHeight: 0 };
  if (count < 1 || width <= 0 || height <= 0) return empty;
  let best = empty;
  let bestArea = -1;
  let bestBigEnough = false;
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    // More columns than needed for this row count only shrinks the tiles.
    if (columns > 1 && Math.ceil(count / (columns - 1)) === rows) continue;
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    if (cellWidth <= 0 || cellHeight <= 0) continue;
    const aspect = Math.min(maxAspect, Math.max(minAspect, cellWidth / cellHeight));
    const exactWidth = Math.min(cellWidth, cellHeight * aspect);
    const tileWidth = Math.floor(exactWidth);
    const tileHeight = Math.floor(exactWidth / aspect);
    const shown = Math.min(aspect / maxAspect, maxAspect / aspect);
    const area = tileWidth * tileHeight * Math.sqrt(shown);
    const bigEnough =
      minTile !== undefined && tileWidth >= minTile.width && tileHeight >= minTile.height;
    if ((bigEnough && !bestBigEnough) || (bigEnough === bestBigEnough && area > bestArea)) {
      bestArea = area;
      bestBigEnough = bigEnough;
      best = { columns, rows, tileWidth, tileHeight };
    }
  }
  return best;
}
