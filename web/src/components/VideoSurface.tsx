import { useEffect, useRef } from 'react';

/** A <video> bound to a MediaStream; `version` re-binds it when tracks change. */
export function VideoSurface({
  stream,
  version,
  muted = false,
  mirrored = false,
  fit = 'cover',
  sinkId,
  label,
}: {
  stream: MediaStream | null;
  version: number;
  muted?: boolean;
  mirrored?: boolean;
  /** `contain` for screens, where cropping would hide content. */
  fit?: 'cover' | 'contain';
  /** The speaker to play through (where the browser can choose). */
  sinkId?: string | undefined;
  label: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (stream) video.play().catch(() => undefined);
  }, [stream, version]);
  useEffect(() => {
    const video = ref.current;
    if (!video || muted || !sinkId || typeof video.setSinkId !== 'function') return;
    if (video.sinkId !== sinkId) video.setSinkId(sinkId).catch(() => undefined);
  }, [sinkId, muted]);
  return (
    <video
      ref={ref}
      aria-label={label}
      autoPlay
      playsInline
      muted={muted}
      className={`h-full w-full ${fit === 'cover' ? 'object-cover' : 'object-contain'} ${mirrored ? '-scale-x-100' : ''}`}
    />
  );
}
