/**
 * Background blur, in a chunk of its own (loaded when someone turns blur on): camera frames ->
 * person mask (segmentWorker.ts, at most one frame in flight, so segmentation runs below the
 * camera rate when it must and the last mask serves the frames in between) -> composite on a
 * canvas (background blurred, person sharp) -> canvas.captureStream(), a track the media path
 * sends with replaceTrack. The model files come from our own origin (`?url`).
 */
import loaderUrl from '@twilio/video-processors/dist/build/tflite-simd-1-0-0.js?url';
import wasmUrl from '@twilio/video-processors/dist/build/tflite-simd-1-0-0.wasm?url';
import modelUrl from '@twilio/video-processors/dist/build/selfie_segmentation_landscape.tflite?url';
import type { SegmentFrame, SegmentInit, SegmentReply } from './segmentWorker.ts';
import { forEachFrame } from './frames.ts';
import type { FrameSource } from './frames.ts';
import { RateWatch } from './rateWatch.ts';

export interface BlurOptions {
  /** Called once when the output stays well below the camera's rate: blur should go off. */
  onTooSlow: () => void;
}

/** Blur of the background, in output pixels at 640 wide (scaled with the picture). */
const BLUR_PX = 12;

export class BlurPipeline {
  readonly track: MediaStreamTrack;
  private readonly worker: Worker;
  private readonly output = document.createElement('canvas');
  private readonly out: CanvasRenderingContext2D;
  private readonly person = document.createElement('canvas');
  private readonly personCtx: CanvasRenderingContext2D;
  private readonly mask = document.createElement('canvas');
  private readonly maskCtx: CanvasRenderingContext2D;
  private readonly stopFrames: () => void;
  private readonly watch: RateWatch;
  private busy = false;
  private haveMask = false;
  private closed = false;
  /** Frames composited and masks made, for the bench and diagnostics. */
  readonly counts = { frames: 0, masks: 0 };

  private constructor(
    private readonly source: MediaStreamTrack,
    ready: { worker: Worker; width: number; height: number },
    options: BlurOptions,
  ) {
    this.worker = ready.worker;
    this.mask.width = ready.width;
    this.mask.height = ready.height;
    this.out = context(this.output);
    this.personCtx = context(this.person);
    this.maskCtx = context(this.mask);
    this.worker.onmessage = (event: MessageEvent<SegmentReply>) => this.onMask(event.data);
    // A first frame on the canvas before the track is handed out, so its size is right.
    const { width = 640, height = 480 } = source.getSettings();
    this.resize(width, height);
    this.track = this.output.captureStream().getVideoTracks()[0] ?? failNoTrack();
    this.watch = new RateWatch(source, options.onTooSlow);
    this.stopFrames = forEachFrame(source, (frame) => this.frame(frame));
  }

  /** Loads the model in a worker and starts blurring `source` (which stays the caller's). */
  static async start(source: MediaStreamTrack, options: BlurOptions): Promise<BlurPipeline> {
    const worker = new Worker(new URL('./segmentWorker.ts', import.meta.url));
    const ready = await new Promise<{ width: number; height: number }>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<SegmentReply>) => {
        if (event.data.type === 'ready') resolve(event.data);
        else if (event.data.type === 'error') reject(new Error(event.data.message));
      };
      worker.onerror = (event) => reject(new Error(event.message));
      const init: SegmentInit = {
        type: 'init',
        loader: absolute(loaderUrl),
        wasm: absolute(wasmUrl),
        model: absolute(modelUrl),
      };
      worker.postMessage(init);
    }).catch((err: unknown) => {
      worker.terminate();
      throw err;
    });
    return new BlurPipeline(source, { worker, ...ready }, options);
  }

  /** Output frames per second over the last second, and the camera's. */
  rates(): { output: number; camera: number } {
    return this.watch.rates();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopFrames();
    this.watch.close();
    this.worker.terminate();
    this.track.stop();
  }

  private resize(width: number, height: number): void {
    for (const canvas of [this.output, this.person]) {
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
    }
  }

  private frame(frame: FrameSource): void {
    if (this.closed) return;
    const { width, height } = frame;
    if (width === 0 || height === 0) return;
    this.resize(width, height);
    if (!this.busy) {
      this.busy = true;
      // A VideoFrame is closed once this call returns; the bitmap is made from a copy.
      const copy =
        typeof VideoFrame !== 'undefined' && frame.image instanceof VideoFrame
          ? frame.image.clone()
          : frame.image;
      void createImageBitmap(copy, {
        resizeWidth: this.mask.width,
        resizeHeight: this.mask.height,
        resizeQuality: 'low',
      })
        .then(
          (bitmap) => {
            const message: SegmentFrame = { type: 'frame', bitmap };
            if (this.closed) bitmap.close();
            else this.worker.postMessage(message, [bitmap]);
          },
          () => {
            this.busy = false;
          },
        )
        .finally(() => {
          if (copy instanceof VideoFrame) copy.close();
        });
    }
    this.composite(frame.image, width, height);
    this.counts.frames++;
    this.watch.output();
  }

  private onMask(reply: SegmentReply): void {
    if (reply.type !== 'mask') return;
    this.busy = false;
    this.counts.masks++;
    const image = new ImageData(new Uint8ClampedArray(reply.pixels), reply.width, reply.height);
    this.maskCtx.putImageData(image, 0, 0);
    this.haveMask = true;
  }

  private composite(image: CanvasImageSource, width: number, height: number): void {
    const out = this.out;
    const blur = Math.max(2, Math.round((BLUR_PX * width) / 640));
    out.globalCompositeOperation = 'copy';
    out.filter = `blur(${blur}px)`;
    out.drawImage(image, 0, 0, width, height);
    out.filter = 'none';
    // Until the first mask arrives everything is blurred: never a sharp background.
    if (!this.haveMask) return;
    const person = this.personCtx;
    person.globalCompositeOperation = 'copy';
    // The mask is 256x144: a little blur softens its edge when scaled up.
    person.filter = 'blur(2px)';
    person.drawImage(this.mask, 0, 0, width, height);
    person.filter = 'none';
    person.globalCompositeOperation = 'source-in';
    person.drawImage(image, 0, 0, width, height);
    out.globalCompositeOperation = 'source-over';
    out.drawImage(this.person, 0, 0);
  }
}

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  return ctx;
}

function absolute(url: string): string {
  return new URL(url, location.href).href;
}

function failNoTrack(): never {
  throw new Error('canvas capture gave no track');
}
