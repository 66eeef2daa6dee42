import type { RemotePeer } from '../store/index.ts';
import { selectChosenDevices, useAppStore } from '../store/index.ts';
import { controller } from '../lib/controller.ts';
import { VideoSurface } from './VideoSurface.tsx';
import { QualityBadge } from './QualityBadge.tsx';
import { Avatar } from './Avatar.tsx';
import { MicOffIcon } from './icons.tsx';

const linkText: Partial<Record<RemotePeer['link'], string>> = {
  new: 'Connecting…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  failed: 'Connection lost. Retrying…',
  'relay-failed':
    'Could not connect through the relay server. Try rejoining, or turn off relay-only before joining.',
};

export function PeerTile({ peer }: { peer: RemotePeer }) {
  const status = linkText[peer.link];
  const speaker = useAppStore(selectChosenDevices).audiooutput;
  return (
    <figure
      data-testid="tile"
      data-peer-name={peer.name}
      data-peer-id={peer.id}
      data-speaking={peer.speaking}
      className={`relative h-full w-full overflow-hidden rounded-xl border bg-slate-900 ${
        peer.speaking ? 'border-emerald-400 ring-2 ring-emerald-400' : 'border-slate-800'
      }`}
    >
      {/* Kept mounted with the camera off: its audio keeps playing. */}
      <VideoSurface
        stream={controller.remoteStream(peer.id)}
        version={peer.mediaVersion}
        sinkId={speaker}
        label={`Video of ${peer.name}`}
      />
      {!peer.video && (
        // Covers the last frame a stopped or unplugged camera would leave frozen.
        <div data-testid="camera-off" className="absolute inset-0 bg-slate-900">
          <Avatar name={peer.name} />
          <span className="sr-only">Camera off</span>
        </div>
      )}
      {status && (
        <div
          className="absolute inset-0 flex items-center justify-center bg-slate-950/60 text-sm"
          role={peer.link === 'relay-failed' ? 'alert' : 'status'}
        >
          {status}
        </div>
      )}
      <QualityBadge quality={peer.quality} />
      <figcaption className="absolute bottom-2 left-2 flex max-w-[80%] items-center gap-1.5 rounded-md bg-slate-950/70 px-2 py-1 text-sm">
        {!peer.audio && (
          <span
            data-testid="muted"
            role="img"
            aria-label="Microphone off"
            className="text-rose-300"
          >
            <MicOffIcon className="h-4 w-4" />
          </span>
        )}
        <span className="truncate">{peer.name}</span>
        {peer.speaking && <span className="sr-only">(speaking)</span>}
      </figcaption>
    </figure>
  );
}
