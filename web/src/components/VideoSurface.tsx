import { useEffect, useRef } from 'react';

/** A <video> bound to a MediaStream; `version` re-binds it when tracks change. */
export function VideoSurface({
  stream,
  version,
  muted = false,
  mirrored = false,
  label,
}: {
  stream: MediaStream | null;
  version: number;
  muted?: boolean;
  mirrored?: boolean;
  label: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (stream) video.play().catch(() => undefined);
  }, [stream, version]);
  return (
    <video
      ref={ref}
      aria-label={label}
      autoPlay
      playsInline
      muted={muted}
      className={`h-full w-full object-cover ${mirrored ? '-scale-x-100' : ''}`}
    />
  );
}
