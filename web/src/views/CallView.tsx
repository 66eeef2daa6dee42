import { useShallow } from 'zustand/react/shallow';
import { controller } from '../lib/controller.ts';
import {
  selectMedia,
  selectPeerList,
  selectPeers,
  selectSelf,
  selectServerLink,
  useAppStore,
} from '../store/index.ts';
import { PeerTile } from '../components/PeerTile.tsx';
import { TileGrid } from '../components/TileGrid.tsx';
import { VideoSurface } from '../components/VideoSurface.tsx';

export function CallView({ room }: { room: string }) {
  const peers = selectPeerList(useAppStore(selectPeers));
  const self = useAppStore(selectSelf);
  const serverLink = useAppStore(selectServerLink);
  const media = useAppStore(useShallow(selectMedia));

  return (
    <main className="flex h-full flex-col">
      <header className="flex items-center justify-between gap-4 px-4 py-3">
        <h1 className="truncate text-lg font-semibold">{room}</h1>
        {serverLink === 'reconnecting' && (
          <p
            role="status"
            className="rounded-full bg-amber-500/20 px-3 py-1 text-sm text-amber-200"
          >
            Reconnecting to server…
          </p>
        )}
      </header>
      <section aria-label="Participants" className="relative min-h-0 flex-1 overflow-hidden px-4">
        {peers.length === 0 ? (
          <div className="flex h-full items-center justify-center text-slate-400">
            Waiting for others to join…
          </div>
        ) : (
          <TileGrid>
            {peers.map((peer) => (
              <PeerTile key={peer.id} peer={peer} />
            ))}
          </TileGrid>
        )}
        <div
          data-testid="self-view"
          className="absolute right-6 bottom-3 aspect-video w-40 overflow-hidden rounded-lg border border-slate-700 bg-slate-900 shadow-lg sm:w-56"
        >
          {media.hasVideo ? (
            <VideoSurface
              stream={controller.local}
              version={media.version}
              muted
              mirrored
              label="Your camera"
            />
          ) : (
            <div className="flex h-full items-center justify-center text-xs text-slate-400">
              Camera off
            </div>
          )}
          <span className="absolute bottom-1 left-1 rounded bg-slate-950/70 px-1.5 text-xs">
            {self?.name ?? ''} (you)
          </span>
        </div>
      </section>
      <nav aria-label="Call controls" className="flex items-center justify-center gap-3 px-4 py-4">
        <button
          type="button"
          onClick={() => void controller.leave()}
          className="rounded-full bg-rose-600 px-6 py-3 font-medium text-white hover:bg-rose-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-300"
        >
          Leave call
        </button>
      </nav>
    </main>
  );
}
