import { useRef } from 'react';
import { VideoSurface } from './VideoSurface.tsx';
import { TileActions } from './TileActions.tsx';
import { useT } from '../i18n/index.ts';

/**
 * A shared screen, next to its owner's camera tile. Not a `tile`: the
 * contract keeps one `data-testid="tile"` per person.
 */
export function ScreenTile({
  name,
  stream,
  version,
  own = false,
  pinned,
  onPin,
}: {
  name: string;
  stream: MediaStream | null;
  version: number;
  own?: boolean;
  pinned: boolean;
  onPin: () => void;
}) {
  const t = useT();
  const tile = useRef<HTMLElement>(null);
  const title = own ? t('screen.yours') : t('screen.of', { name });
  return (
    <figure
      ref={tile}
      data-testid={own ? 'own-screen-tile' : 'screen-tile'}
      data-peer-name={name}
      className="group/tile relative h-full w-full overflow-hidden rounded-xl border border-sky-800 bg-slate-950"
    >
      <VideoSurface stream={stream} version={version} muted fit="contain" label={title} />
      <TileActions name={title} pinned={pinned} onPin={onPin} tile={tile} video={!own} />
      <figcaption className="absolute bottom-2 left-2 max-w-[80%] truncate rounded-md bg-sky-950/80 px-2 py-1 text-sm">
        {own ? t('screen.youPresent') : t('screen.presenting', { name })}
      </figcaption>
    </figure>
  );
}
