import { VideoSurface } from './VideoSurface.tsx';

/**
 * A shared screen, next to its owner's camera tile. Not a `tile`: the
 * contract keeps one `data-testid="tile"` per person.
 */
export function ScreenTile({
  name,
  stream,
  version,
  own = false,
}: {
  name: string;
  stream: MediaStream | null;
  version: number;
  own?: boolean;
}) {
  const title = own ? 'Your screen' : `Screen of ${name}`;
  return (
    <figure
      data-testid={own ? 'own-screen-tile' : 'screen-tile'}
      data-peer-name={name}
      className="relative min-h-0 overflow-hidden rounded-xl border border-sky-800 bg-slate-950"
    >
      <VideoSurface stream={stream} version={version} muted fit="contain" label={title} />
      <figcaption className="absolute bottom-2 left-2 max-w-[80%] truncate rounded-md bg-sky-950/80 px-2 py-1 text-sm">
        {own ? 'You are presenting' : `${name} is presenting`}
      </figcaption>
    </figure>
  );
}
