import { useEffect, useState } from 'react';
import type { RefObject } from 'react';
import { useT } from '../i18n/index.ts';
import { ExpandIcon, PinIcon, PipIcon } from './icons.tsx';

const actionClass =
  'flex h-8 w-8 items-center justify-center rounded-md bg-slate-950/70 text-slate-100 hover:bg-slate-800 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none aria-pressed:bg-indigo-600 aria-pressed:text-white';

const canFullScreen = () => typeof document !== 'undefined' && document.fullscreenEnabled;
const canPictureInPicture = () =>
  typeof document !== 'undefined' && 'pictureInPictureEnabled' in document
    ? document.pictureInPictureEnabled
    : false;

/**
 * Pin, full screen and Picture-in-Picture for one tile. Shown on hover and on
 * keyboard focus; always shown where there is no hover (touch screens).
 */
export function TileActions({
  name,
  pinned,
  onPin,
  tile,
  video = true,
}: {
  name: string;
  pinned: boolean;
  onPin: () => void;
  /** The tile element that goes full screen; its <video> goes Picture-in-Picture. */
  tile: RefObject<HTMLElement | null>;
  /** There is a picture to float (camera on, or a screen). */
  video?: boolean;
}) {
  const t = useT();
  const [floating, setFloating] = useState(false);

  useEffect(() => {
    // On the tile, in the capture phase: the tile's <video> may be replaced (VideoSurface).
    const element = tile.current;
    if (!element) return;
    const on = () => setFloating(true);
    const off = () => setFloating(false);
    element.addEventListener('enterpictureinpicture', on, true);
    element.addEventListener('leavepictureinpicture', off, true);
    return () => {
      element.removeEventListener('enterpictureinpicture', on, true);
      element.removeEventListener('leavepictureinpicture', off, true);
    };
  }, [tile]);

  const toggleFullScreen = () => {
    const element = tile.current;
    if (!element) return;
    if (document.fullscreenElement === element) void document.exitFullscreen();
    else element.requestFullscreen().catch(() => undefined);
  };

  const togglePictureInPicture = () => {
    const element = tile.current?.querySelector('video');
    if (!element) return;
    if (document.pictureInPictureElement === element)
      document.exitPictureInPicture().catch(() => undefined);
    else element.requestPictureInPicture().catch(() => undefined);
  };

  return (
    <div className="absolute top-2 left-2 z-10 flex gap-1 opacity-0 transition-opacity group-focus-within/tile:opacity-100 group-hover/tile:opacity-100 pointer-coarse:opacity-100">
      <button
        type="button"
        aria-label={t(pinned ? 'tile.unpin' : 'tile.pin', { name })}
        aria-pressed={pinned}
        title={t(pinned ? 'tile.unpin' : 'tile.pin', { name })}
        onClick={onPin}
        className={actionClass}
      >
        <PinIcon className="h-4 w-4" />
      </button>
      {canFullScreen() && (
        <button
          type="button"
          aria-label={t('tile.fullScreen', { name })}
          title={t('tile.fullScreen', { name })}
          onClick={toggleFullScreen}
          className={actionClass}
        >
          <ExpandIcon className="h-4 w-4" />
        </button>
      )}
      {canPictureInPicture() && video && (
        <button
          type="button"
          aria-label={t('tile.pictureInPicture', { name })}
          aria-pressed={floating}
          title={t('tile.pictureInPicture', { name })}
          onClick={togglePictureInPicture}
          className={actionClass}
        >
          <PipIcon className="h-4 w-4" />
        </button>
      )}
    </div>
  );
}
