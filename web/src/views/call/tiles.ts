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

/**
 * The stage's tiles in order: each peer's camera, followed by their screen
 * when it is shared and arriving, then our own screen when we share. `peers`
 * comes in join order (see selectPeersByArrival); stagePlan.ts decides which
 * tiles show, and where.
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
