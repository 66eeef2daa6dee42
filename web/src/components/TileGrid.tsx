import type { ReactNode } from 'react';
import { gridLayout } from '../lib/gridLayout.ts';
import { MIN_TILE } from '../lib/stageCapacity.ts';
import { useElementSize } from '../lib/useElementSize.ts';

const GAP = 12;

export interface GridTile {
  key: string;
  node: ReactNode;
  /** Off the stage: kept mounted (its sound plays) but not shown or laid out. */
  hidden?: boolean;
}

/**
 * Lays out equally sized tiles to fill the space it is given, for any
 * window shape (no smaller than MIN_TILE where the stage allows it, as
 * stageCapacity counts on); the last row is centred when it is not full. Hidden tiles
 * stay in the same list, so that a tile coming on stage or leaving it keeps
 * its element (and its video keeps playing).
 */
export function TileGrid({ tiles }: { tiles: readonly GridTile[] }) {
  const [ref, size] = useElementSize<HTMLDivElement>();
  const count = tiles.filter((tile) => !tile.hidden).length;
  const layout = gridLayout(count, size.width, size.height, { gap: GAP, minTile: MIN_TILE });
  return (
    <div
      ref={ref}
      className="flex h-full w-full flex-wrap content-center items-center justify-center"
      style={{ gap: GAP }}
    >
      {tiles.map((tile) => (
        <div
          key={tile.key}
          hidden={tile.hidden}
          className="flex-none"
          style={{ width: layout.tileWidth, height: layout.tileHeight }}
        >
          {tile.node}
        </div>
      ))}
    </div>
  );
}
