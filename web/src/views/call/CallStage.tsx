import { Fragment, useState } from 'react';
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controller } from '../../lib/controller.ts';
import { useT } from '../../i18n/index.ts';
import {
  selectMedia,
  selectPeerList,
  selectPeers,
  selectSelf,
  useAppStore,
} from '../../store/index.ts';
import { PeerTile } from '../../components/PeerTile.tsx';
import { ScreenTile } from '../../components/ScreenTile.tsx';
import { TileGrid } from '../../components/TileGrid.tsx';
import { arrangeTiles, callTiles } from './tiles.ts';
import type { CallTile } from './tiles.ts';

/** The call's tiles: a grid, or one pinned tile above a strip of the others. */
export function CallStage() {
  const t = useT();
  const peers = selectPeerList(useAppStore(selectPeers));
  const self = useAppStore(selectSelf);
  const media = useAppStore(useShallow(selectMedia));
  const [pinned, setPinned] = useState<string | null>(null);

  const togglePin = (key: string) => setPinned((current) => (current === key ? null : key));
  const render = (tile: CallTile, isPinned: boolean): ReactNode => {
    switch (tile.kind) {
      case 'camera':
        return <PeerTile peer={tile.peer} pinned={isPinned} onPin={() => togglePin(tile.key)} />;
      case 'screen':
        return (
          <ScreenTile
            name={tile.peer.name}
            stream={controller.remoteScreen(tile.peer.id)}
            version={tile.peer.screenVersion}
            pinned={isPinned}
            onPin={() => togglePin(tile.key)}
          />
        );
      case 'own-screen':
        return (
          <ScreenTile
            name={self?.name ?? ''}
            stream={controller.ownScreen}
            version={media.version}
            own
            pinned={isPinned}
            onPin={() => togglePin(tile.key)}
          />
        );
    }
  };

  const layout = arrangeTiles(callTiles(peers, media.sharing), pinned);
  if (layout.kind === 'empty') {
    return (
      <div className="flex h-full flex-col items-center justify-center gap-1 px-4 text-center text-slate-400">
        <p>{t('call.waiting')}</p>
        <p className="text-sm">{t('call.shareInvite')}</p>
      </div>
    );
  }
  if (layout.kind === 'pinned') {
    return (
      <div className="flex h-full flex-col gap-3">
        <div className="min-h-0 flex-1">{render(layout.pinned, true)}</div>
        {layout.strip.length > 0 && (
          <div className="flex h-24 shrink-0 gap-3 overflow-x-auto pr-32 sm:h-32 sm:pr-60">
            {layout.strip.map((tile) => (
              <div key={tile.key} className="aspect-video h-full shrink-0">
                {render(tile, false)}
              </div>
            ))}
          </div>
        )}
      </div>
    );
  }
  return (
    <TileGrid>
      {layout.tiles.map((tile) => (
        <Fragment key={tile.key}>{render(tile, false)}</Fragment>
      ))}
    </TileGrid>
  );
}
