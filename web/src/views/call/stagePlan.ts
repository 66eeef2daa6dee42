import type { PeerId } from '../../../../signal/protocol.ts';
import type { StageView } from '../../store/index.ts';
import type { CallTile } from './tiles.ts';

export type CameraTile = Extract<CallTile, { kind: 'camera' }>;

/** How many tiles the stage shows at once: in the grid, or in the strip under a pinned tile. */
export interface StageCapacity {
  grid: number;
  strip: number;
}

/** The stage before paging: what is always on it, and the cameras that take turns. */
export interface StageFrame {
  /** The pinned tile; null without a pin, or when it names no current tile. */
  pinned: CallTile | null;
  /** Every screen but a pinned one: on the stage whatever the page. */
  screens: CallTile[];
  /** Every camera tile but a pinned one, in join order: these page. */
  cameras: CameraTile[];
  /** Camera tiles per page, beside the screens. */
  perPage: number;
}

/** One page of the stage, as drawn. */
export interface StagePage {
  kind: 'empty' | 'grid' | 'pinned';
  pinned: CallTile | null;
  /** The tiles in the grid, or in the strip under the pinned tile, in order. */
  shown: CallTile[];
  /** Camera tiles of the other pages: kept mounted but hidden, so that their sound plays. */
  hidden: CameraTile[];
  /** The page shown (from 0) and how many there are. */
  page: number;
  pages: number;
}

/**
 * Splits the stage's tiles into what always shows (the pinned tile and the
 * screens) and the cameras that page. A pin naming no current tile (its peer
 * left, its share stopped) is ignored, and applies again should that tile
 * come back. Screens take places of the page; at least one camera shows.
 */
export function stageFrame(
  tiles: readonly CallTile[],
  pinned: string | null,
  capacity: StageCapacity,
): StageFrame {
  const pinnedTile = tiles.find((tile) => tile.key === pinned) ?? null;
  const others = tiles.filter((tile) => tile !== pinnedTile);
  const screens = others.filter((tile) => tile.kind !== 'camera');
  const cameras = others.filter((tile): tile is CameraTile => tile.kind === 'camera');
  const room = pinnedTile ? capacity.strip : capacity.grid;
  return { pinned: pinnedTile, screens, cameras, perPage: Math.max(1, room - screens.length) };
}

/** `page` held within the pages that the frame's cameras take. */
export const clampPage = (frame: StageFrame, page: number): number =>
  Math.max(0, Math.min(Math.floor(page), Math.ceil(frame.cameras.length / frame.perPage) - 1));

/**
 * Page `page` of the frame. The first page holds the cameras of `slots` (see
 * fillSlots) in their order; the others hold everyone else in join order.
 * A screen follows its owner's camera when that is on the page, comes first
 * when it is not, and our own screen comes last.
 */
export function pageStage(frame: StageFrame, slots: readonly PeerId[], page: number): StagePage {
  const byId = new Map(frame.cameras.map((tile) => [tile.peer.id, tile]));
  const first = slots.flatMap((id) => byId.get(id) ?? []);
  const firstIds = new Set(first.map((tile) => tile.peer.id));
  const order = [...first, ...frame.cameras.filter((tile) => !firstIds.has(tile.peer.id))];
  const pages = 1 + Math.ceil((order.length - first.length) / frame.perPage);
  const current = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const start = current === 0 ? 0 : first.length + (current - 1) * frame.perPage;
  const end = current === 0 ? first.length : start + frame.perPage;
  const cameras = order.slice(start, end);
  const onPage = new Set(cameras.map((tile) => tile.peer.id));

  const screenOf = (id: PeerId) =>
    frame.screens.find((tile) => tile.kind === 'screen' && tile.peer.id === id);
  const shown: CallTile[] = frame.screens.filter(
    (tile) => tile.kind === 'screen' && !onPage.has(tile.peer.id),
  );
  for (const camera of cameras) {
    shown.push(camera);
    const screen = screenOf(camera.peer.id);
    if (screen) shown.push(screen);
  }
  shown.push(...frame.screens.filter((tile) => tile.kind === 'own-screen'));

  const hidden = order.filter((tile) => !onPage.has(tile.peer.id));
  const kind = frame.pinned ? 'pinned' : shown.length + hidden.length > 0 ? 'grid' : 'empty';
  return { kind, pinned: frame.pinned, shown, hidden, page: current, pages };
}

/**
 * What the media layer needs from the stage: whose camera is on screen, and
 * which tiles are large (the pinned tile, or a tile alone in the grid).
 */
export function stageView(stage: StagePage): StageView {
  const large =
    stage.pinned ?? (stage.kind === 'grid' && stage.shown.length === 1 ? stage.shown[0] : null);
  const cameras = [stage.pinned, ...stage.shown].filter(
    (tile): tile is CameraTile => tile?.kind === 'camera',
  );
  return {
    visiblePeers: cameras.map((tile) => tile.peer.id),
    largePeers: large?.kind === 'camera' ? [large.peer.id] : [],
    largeScreens: large?.kind === 'screen' ? [large.peer.id] : [],
  };
}
