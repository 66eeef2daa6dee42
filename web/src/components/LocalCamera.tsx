import { useShallow } from 'zustand/react/shallow';
import { controller } from '../lib/controller.ts';
import { selectMedia, useAppStore } from '../store/index.ts';
import { VideoSurface } from './VideoSurface.tsx';

/** Your own camera, mirrored (pre-join preview and self view); `off` stands in when it is off. */
export function LocalCamera({
  label,
  off,
  small = false,
}: {
  label: string;
  off: string;
  small?: boolean;
}) {
  const media = useAppStore(useShallow(selectMedia));
  if (media.cameraOn) {
    return (
      <VideoSurface
        stream={controller.local}
        version={media.version}
        muted
        mirrored
        label={label}
      />
    );
  }
  return (
    <div
      className={`flex h-full items-center justify-center text-slate-400 ${small ? 'text-xs' : ''}`}
    >
      {off}
    </div>
  );
}
