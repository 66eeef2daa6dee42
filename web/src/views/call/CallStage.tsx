import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controller } from '../../lib/controller.ts';
import { stageCapacity, stripCapacity } from '../../lib/stageCapacity.ts';
import { useElementSize } from '../../lib/useElementSize.ts';
import { useT } from '../../i18n/index.ts';
import {
  selectMedia,
  selectPeers,
  selectPeersByArrival,
  selectSelf,
  useAppStore,
} from '../../store/index.ts';
import { PeerTile } from '../../components/PeerTile.tsx';
import { ScreenTile } from '../../components/ScreenTile.tsx';
import { TileGrid } from '../../components/TileGrid.tsx';
import type { GridTile } from '../../components/TileGrid.tsx';
import { callTiles } from './tiles.ts';
import type { CallTile } from './tiles.ts';
import { clampPage, pageStage, stageFrame, stageView } from './stagePlan.ts';
import { StagePager } from './StagePager.tsx';
import { useSpeakerHistory } from './useSpeakerHistory.ts';
import { useStageSlots } from './useStageSlots.ts';

/** The strip's height above 640 px (sm:h-32), and the self view's room beside it (sm:w-60). */
const STRIP_HEIGHT = 128;
const SELF_VIEW_ROOM = 240;

/**
 * The call's tiles: a grid, or one pinned tile above a strip of the others.
 * Screens and the pinned tile are always on the stage; the cameras take
 * turns by pages, the first following who spoke last. Cameras off the stage
 * stay mounted but hidden (their sound plays), and the store learns which
 * are on it (see StageView).
 */
export function CallStage() {
  const t = useT();
  const peers = selectPeersByArrival(useAppStore(selectPeers));
  const self = useAppStore(selectSelf);
  const media = useAppStore(useShallow(selectMedia));
  const setStageView = useAppStore((s) => s.setStageView);
  const [pinned, setPinned] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [stageRef, stageSize] = useElementSize<HTMLDivElement>();
  const [stripRef, stripSize] = useElementSize<HTMLDivElement>();
  const history = useSpeakerHistory();

  const tiles = callTiles(peers, media.sharing);
  const frame = stageFrame(tiles, pinned, {
    grid: stageCapacity(tiles.length, stageSize.width, stageSize.height),
    // Until the strip is first drawn, an estimate from the stage's width.
    strip:
      stripSize.width > 0
        ? stripCapacity(stripSize.width, stripSize.height)
        : stripCapacity(stageSize.width - SELF_VIEW_ROOM, STRIP_HEIGHT),
  });
  const current = clampPage(frame, page);
  const slots = useStageSlots(
    frame.cameras.map((tile) => tile.peer.id),
    history.recent,
    frame.perPage,
    current === 0,
  );
  const stage = pageStage(frame, slots, current);
  const view = stageView(stage);
  useEffect(() => setStageView(view));
  useEffect(() => () => setStageView(), [setStageView]);

  // A pin changes what pages (the strip's tiles, or the grid's): back to the first page.
  const togglePin = (key: string) => {
    setPinned((was) => (was === key ? null : key));
    setPage(0);
  };
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

  const pager = stage.pages > 1 && (
    <StagePager page={stage.page} pages={stage.pages} onPage={setPage} />
  );
  // Shown and hidden tiles share one parent: a tile coming on stage keeps its element.
  const others: GridTile[] = [
    ...stage.shown.map((tile) => ({ key: tile.key, node: render(tile, false) })),
    ...stage.hidden.map((tile) => ({ key: tile.key, node: render(tile, false), hidden: true })),
  ];

  let content: ReactNode;
  if (stage.kind === 'empty') {
    content = (
      <div className="flex h-full flex-col items-center justify-center gap-1 px-4 text-center text-slate-400">
        <p>{t('call.waiting')}</p>
        <p className="text-sm">{t('call.shareInvite')}</p>
      </div>
    );
  } else if (stage.pinned) {
    content = (
      <div className="flex h-full flex-col gap-3">
        <div className="min-h-0 flex-1">{render(stage.pinned, true)}</div>
        {pager}
        {others.length > 0 && (
          <div className="flex h-24 shrink-0 sm:h-32">
            <div ref={stripRef} className="flex min-w-0 flex-1 gap-3 overflow-x-auto">
              {others.map((tile) => (
                <div key={tile.key} hidden={tile.hidden} className="aspect-video h-full shrink-0">
                  {tile.node}
                </div>
              ))}
            </div>
            {/* Room for the self view, in the corner over the strip. */}
            <div className="w-32 shrink-0 sm:w-60" />
          </div>
        )}
      </div>
    );
  } else {
    content = (
      <div className="flex h-full flex-col gap-3">
        {pager}
        <div className="min-h-0 flex-1">
          <TileGrid tiles={others} />
        </div>
      </div>
    );
  }
  return (
    <div ref={stageRef} className="h-full w-full">
      {content}
    </div>
  );
}
