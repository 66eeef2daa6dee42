import type { RemotePeer } from '../store/index.ts';
import { controller } from '../lib/controller.ts';
import { VideoSurface } from './VideoSurface.tsx';

const linkText: Partial<Record<RemotePeer['link'], string>> = {
  new: 'Connecting…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  failed: 'Connection lost. Retrying…',
};

export function PeerTile({ peer }: { peer: RemotePeer }) {
  const status = linkText[peer.link];
  return (
    <figure
      data-testid="tile"
      data-peer-name={peer.name}
      data-peer-id={peer.id}
      className="relative min-h-0 overflow-hidden rounded-xl border border-slate-800 bg-slate-900"
    >
      <VideoSurface
        stream={controller.remoteStream(peer.id)}
        version={peer.mediaVersion}
        label={`Video of ${peer.name}`}
      />
      {!peer.video && (
        // Covers the last frame a stopped or unplugged camera would leave frozen.
        <div className="absolute inset-0 flex items-center justify-center bg-slate-900 text-sm text-slate-400">
          Camera off
        </div>
      )}
      {status && (
        <div
          className="absolute inset-0 flex items-center justify-center bg-slate-950/60 text-sm"
          role="status"
        >
          {status}
        </div>
      )}
      <figcaption className="absolute bottom-2 left-2 max-w-[80%] truncate rounded-md bg-slate-950/70 px-2 py-1 text-sm">
        {peer.name}
      </figcaption>
    </figure>
  );
}
