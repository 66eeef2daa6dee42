import type { RemotePeer } from '../../store/index.ts';

/** The key of the tile showing our own screen share. */
export const OWN_SCREEN = 'own-screen';

/**
 * One tile of the call's stage. `key` identifies it across renders and is
 * what a pin refers to.
 */
export type CallTile =
  | { kind: 'camera'; key: string; peer: RemotePeer }
  | { kind: 'screen'; key: string; peer: RemotePeer }
  | { kind: 'own-screen'; key: typeof OWN_SCREEN };

/** How the stage shows its tiles. */
export type StageLayout =
  | { kind: 'empty' }
  | { kind: 'grid'; tiles: CallTile[] }
  | { kind: 'pinned'; pinned: CallTile; strip: CallTile[] };

/**
 * The stage's tiles in display order: each peer's camera, followed by their
 * screen when it is shared and arriving, then our own screen when we share.
 * `peers` comes in display order (see selectPeerList).
 */
export function callTiles(peers: readonly RemotePeer[], sharing: boolean): CallTile[] {
  const tiles: CallTile[] = [];
  for (const peer of peers) {
    tiles.push({ kind: 'camera', key: peer.id, peer });
    if (peer.hasScreen && peer.screen) {
      tiles.push({ kind: 'screen', key: `${peer.id}:screen`, peer });
    }
  }
  if (sharing) tiles.push({ kind: 'own-screen', key: OWN_SCREEN });
  return tiles;
}

/**
 * The pinned tile fills the stage with the others in a strip; without a pin
 * every tile shares a grid. A pin naming no current tile (its peer left, its
 * share stopped) is ignored, and applies again should that tile come back.
 */
export function arrangeTiles(tiles: readonly CallTile[], pinned: string | null): StageLayout {
  if (tiles.length === 0) return { kind: 'empty' };
  const pinnedTile = tiles.find((tile) => tile.key === pinned);
  if (!pinnedTile) return { kind: 'grid', tiles: [...tiles] };
  return { kind: 'pinned', pinned: pinnedTile, strip: tiles.filter((tile) => tile !== pinnedTile) };
}
