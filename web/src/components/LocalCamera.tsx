import { useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controller } from '../lib/controller.ts';
import { selectMedia, useAppStore } from '../store/index.ts';

/**
 * One <video> for your own camera, moved between the pre-join preview and the call's self view
 * instead of made anew. Chromium suspends a camera whose track is left without a consumer, even
 * for the moment between one element's player going and the next one's starting, and the camera
 * then delivers nothing for about two seconds: a join soon after a leave from the same page
 * started with everyone waiting that long for your first frame (docs/performance.md, figure 2).
 * A moved element keeps its player, so the camera always has a consumer while it is on.
 */
let cameraVideo: HTMLVideoElement | null = null;

function sharedCameraVideo(): HTMLVideoElement {
  if (!cameraVideo) {
    cameraVideo = document.createElement('video');
    cameraVideo.autoplay = true;
    cameraVideo.playsInline = true;
    cameraVideo.muted = true;
    cameraVideo.className = 'h-full w-full object-cover -scale-x-100';
  }
  return cameraVideo;
}

/**
 * What the element plays: the local stream's camera track alone. Given the whole local stream,
 * Chromium also plays the microphone through a muted audio renderer, an output stream kept
 * running for nothing (about 40 ms of CPU a second in its audio threads: docs/performance.md).
 */
let cameraOnly: MediaStream | null = null;

function cameraOf(stream: MediaStream): MediaStream {
  cameraOnly ??= new MediaStream();
  const wanted = stream.getVideoTracks();
  for (const track of cameraOnly.getVideoTracks())
    if (!wanted.includes(track)) cameraOnly.removeTrack(track);
  for (const track of wanted) if (!cameraOnly.getTrackById(track.id)) cameraOnly.addTrack(track);
  return cameraOnly;
}

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
  const holder = useRef<HTMLDivElement>(null);
  const stream = controller.local;
  // A layout effect: the view that unmounts lets go of the element and the one that mounts
  // takes it in the same commit.
  useLayoutEffect(() => {
    const place = holder.current;
    if (!place || !media.cameraOn) return;
    const video = sharedCameraVideo();
    video.setAttribute('aria-label', label);
    if (video.parentElement !== place) place.replaceChildren(video);
    const shown = cameraOf(stream);
    if (video.srcObject !== shown) video.srcObject = shown;
    // Taken out of the page, the element paused; back in, it plays on.
    video.play().catch(() => undefined);
    return () => {
      if (video.parentElement === place) video.remove();
    };
  }, [media.cameraOn, media.version, label, stream]);

  if (media.cameraOn) return <div ref={holder} className="h-full w-full" />;
  return (
    <div
      className={`flex h-full items-center justify-center text-slate-400 ${small ? 'text-xs' : ''}`}
    >
      {off}
    </div>
  );
}
