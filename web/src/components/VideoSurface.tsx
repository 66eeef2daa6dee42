import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * How long the last stream's picture may stay over a new one that shows nothing yet. The new
 * stream usually has a frame within a few frames' time: a tile moves to another connection only
 * once that connection's media decodes (web/src/rtc/switchingPath.ts).
 */
export const COVER_AT_MOST_MS = 1000;

interface SurfaceProps {
  stream: MediaStream | null;
  version: number;
  muted?: boolean;
  mirrored?: boolean;
  /** `contain` for screens, where cropping would hide content. */
  fit?: 'cover' | 'contain';
  /** The speaker to play through (where the browser can choose). */
  sinkId?: string | undefined;
  label: string;
}

/**
 * A <video> bound to a MediaStream; `version` re-binds it when tracks change. When the stream
 * is replaced by another (a tile moving from a peer-to-peer connection to the media server), a
 * new element takes the new stream underneath, and the old element, still playing, stays on top
 * until the new one has its first frame: the picture and sound go on with no blank in between.
 */
export function VideoSurface(props: SurfaceProps) {
  const { stream } = props;
  const [bound, setBound] = useState(stream);
  // Each element is keyed by its generation: one stream after another on the same element,
  // except where the old one stays as a cover.
  const [generation, setGeneration] = useState(0);
  const [outgoing, setOutgoing] = useState<Cover | null>(null);
  if (stream !== bound) {
    // During render, as React advises for state that follows a prop.
    setBound(stream);
    // A picture floating (Picture-in-Picture) stays on its element: covering would close it.
    const floating =
      bound !== null &&
      (document.pictureInPictureElement as HTMLVideoElement | null)?.srcObject === bound;
    if (stream && bound && !floating) {
      // What the person sees now stays on top: the first cover if the stream changes again.
      setOutgoing(outgoing ?? { stream: bound, generation });
      setGeneration(generation + 1);
    } else setOutgoing(null);
  }
  const uncover = useCallback(() => setOutgoing(null), []);
  useEffect(() => {
    if (!outgoing) return;
    const timer = setTimeout(uncover, COVER_AT_MOST_MS);
    return () => clearTimeout(timer);
  }, [outgoing, uncover]);

  const covered = outgoing !== null;
  return (
    <>
      <StreamVideo
        key={generation}
        {...props}
        // Its sound starts when it shows: the cover plays the same person until then.
        held={covered}
        onFirstFrame={covered ? uncover : undefined}
      />
      {outgoing && (
        <StreamVideo key={outgoing.generation} {...props} stream={outgoing.stream} cover label="" />
      )}
    </>
  );
}

interface Cover {
  stream: MediaStream;
  generation: number;
}

function StreamVideo({
  stream,
  version,
  muted = false,
  mirrored = false,
  fit = 'cover',
  sinkId,
  label,
  cover = false,
  held = false,
  onFirstFrame,
}: SurfaceProps & {
  /** Under a cover: silent (its speaker is chosen already), until it shows. */
  held?: boolean;
  cover?: boolean;
  onFirstFrame?: (() => void) | undefined;
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
  useEffect(() => {
    const video = ref.current;
    if (!video || !onFirstFrame) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      onFirstFrame();
      return;
    }
    video.addEventListener('loadeddata', onFirstFrame, { once: true });
    return () => video.removeEventListener('loadeddata', onFirstFrame);
  }, [onFirstFrame]);
  return (
    <video
      ref={ref}
      {...(cover ? { 'aria-hidden': true } : { 'aria-label': label })}
      autoPlay
      playsInline
      muted={muted || held}
      className={`${cover ? 'absolute inset-0 ' : ''}h-full w-full ${fit === 'cover' ? 'object-cover' : 'object-contain'} ${mirrored ? '-scale-x-100' : ''}`}
    />
  );
}
