/**
 * Each frame of a camera track, as something a canvas can draw: VideoFrames from a
 * MediaStreamTrackProcessor where the browser has one (Chromium), else a <video> element
 * read at each presented frame (requestVideoFrameCallback) or, lacking that, 30 times a second.
 */
export interface FrameSource {
  image: CanvasImageSource & ImageBitmapSource;
  width: number;
  height: number;
}

interface TrackProcessor {
  readable: ReadableStream<VideoFrame>;
}
type TrackProcessorClass = new (init: { track: MediaStreamTrack }) => TrackProcessor;

/** Calls `each` with every frame of `track` until the returned stop is called. */
export function forEachFrame(track: MediaStreamTrack, each: (frame: FrameSource) => void) {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorClass })
    .MediaStreamTrackProcessor;
  return Processor ? fromProcessor(new Processor({ track }), each) : fromVideo(track, each);
}

function fromProcessor(processor: TrackProcessor, each: (frame: FrameSource) => void) {
  const reader = processor.readable.getReader();
  const run = { stopped: false };
  void (async () => {
    for (;;) {
      const { value: frame, done } = await reader
        .read()
        .catch(() => ({ value: undefined, done: true }));
      if (done || !frame) return;
      try {
        if (!run.stopped)
          each({ image: frame, width: frame.displayWidth, height: frame.displayHeight });
      } finally {
        frame.close();
      }
    }
  })();
  return () => {
    run.stopped = true;
    void reader.cancel().catch(() => undefined);
  };
}

function fromVideo(track: MediaStreamTrack, each: (frame: FrameSource) => void) {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  void video.play().catch(() => undefined);
  let stopped = false;
  const emit = () => {
    if (!stopped && video.videoWidth > 0)
      each({ image: video, width: video.videoWidth, height: video.videoHeight });
  };
  let stopTimer: () => void = () => undefined;
  if (typeof video.requestVideoFrameCallback === 'function') {
    const next = () => {
      if (stopped) return;
      emit();
      video.requestVideoFrameCallback(next);
    };
    video.requestVideoFrameCallback(next);
  } else {
    const id = setInterval(emit, 1000 / 30);
    stopTimer = () => clearInterval(id);
  }
  return () => {
    stopped = true;
    stopTimer();
    video.srcObject = null;
  };
}
