import { useRef } from 'react';
import type { RemotePeer } from '../store/index.ts';
import { selectChosenDevices, useAppStore } from '../store/index.ts';
import { controller } from '../lib/controller.ts';
import { useT } from '../i18n/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import { VideoSurface } from './VideoSurface.tsx';
import { QualityBadge } from './QualityBadge.tsx';
import { Avatar } from './Avatar.tsx';
import { TileActions } from './TileActions.tsx';
import { MicOffIcon } from './icons.tsx';
import { HandMark, TileReactions } from './TileGestures.tsx';

const linkText: Partial<Record<RemotePeer['link'], MessageKey>> = {
  new: 'tile.connecting',
  connecting: 'tile.connecting',
  reconnecting: 'tile.reconnecting',
  failed: 'tile.failed',
  'relay-failed': 'tile.relayFailed',
};

export function PeerTile({
  peer,
  pinned,
  onPin,
}: {
  peer: RemotePeer;
  pinned: boolean;
  onPin: () => void;
}) {
  const t = useT();
  const status = linkText[peer.link];
  const speaker = useAppStore(selectChosenDevices).audiooutput;
  const tile = useRef<HTMLElement>(null);
  return (
    <figure
      ref={tile}
      data-testid="tile"
      data-peer-name={peer.name}
      data-peer-id={peer.id}
      data-speaking={peer.speaking}
      data-hand-raised={peer.hand != null}
      className={`group/tile relative h-full w-full overflow-hidden rounded-xl border bg-slate-900 ${
        peer.speaking ? 'border-emerald-400 ring-2 ring-emerald-400' : 'border-slate-800'
      }`}
    >
      {/* Kept mounted with the camera off: its audio keeps playing. */}
      <VideoSurface
        stream={controller.remoteStream(peer.id)}
        version={peer.mediaVersion}
        sinkId={speaker}
        label={t('tile.videoOf', { name: peer.name })}
      />
      {!peer.video && (
        // Covers the last frame a stopped or unplugged camera would leave frozen.
        <div data-testid="camera-off" className="absolute inset-0 bg-slate-900">
          <Avatar name={peer.name} />
          <span className="sr-only">{t('tile.cameraOff')}</span>
        </div>
      )}
      {status && (
        <div
          className="absolute inset-0 flex items-center justify-center bg-slate-950/60 p-4 text-center text-sm"
          role={peer.link === 'relay-failed' ? 'alert' : 'status'}
        >
          {t(status)}
        </div>
      )}
      {peer.hand != null && <HandMark />}
      <TileReactions from={peer.id} />
      <TileActions name={peer.name} pinned={pinned} onPin={onPin} tile={tile} video={peer.video} />
      <QualityBadge quality={peer.quality} />
      <figcaption className="absolute bottom-2 left-2 flex max-w-[80%] items-center gap-1.5 rounded-md bg-slate-950/70 px-2 py-1 text-sm">
        {!peer.audio && (
          <span
            data-testid="muted"
            role="img"
            aria-label={t('tile.micOff')}
            className="text-rose-300"
          >
            <MicOffIcon className="h-4 w-4" />
          </span>
        )}
        <span className="truncate">{peer.name}</span>
        {peer.speaking && <span className="sr-only">{t('tile.speaking')}</span>}
      </figcaption>
    </figure>
  );
}
