/**
 * Background blur, in a chunk of its own (loaded when someone turns blur on): camera frames ->
 * person mask (segmentWorker.ts, at most one frame in flight and one every 90 ms, so
 * segmentation runs below the camera rate and the last mask serves the frames in between) ->
 * composite on a canvas (background blurred, person sharp) -> canvas.captureStream(), a track
 * the media path sends with replaceTrack. The model files come from our own origin (`?url`).
 */
import loaderUrl from '@twilio/video-processors/dist/build/tflite-simd-1-0-0.js?url';
import wasmUrl from '@twilio/video-processors/dist/build/tflite-simd-1-0-0.wasm?url';
import modelUrl from '@twilio/video-processors/dist/build/selfie_segmentation_landscape.tflite?url';
import type { SegmentFrame, SegmentInit, SegmentReply } from './segmentWorker.ts';
import { forEachFrame } from './frames.ts';
import type { FrameSource } from './frames.ts';
import { RateWatch } from './rateWatch.ts';
import type { BlurRates } from './rateWatch.ts';

export interface BlurOptions {
  /** Called once when the output stays well below the camera's rate: blur should go off. */
  onTooSlow: () => void;
}

/**
 * The blurred picture is at most 640 pixels wide: compositing at the camera's 1280x720 made
 * 6-9 frames a second on this project's CPU-only machines, at 640 it keeps the camera's rate.
 */
const MAX_WIDTH = 640;
/**
 * A person mask at most every this many ms (every third frame of a 30 fps camera, every second
 * of a 15 fps one); the last one serves the frames in between. A mask for every frame made the
 * model most of blur's CPU (0.95 cores against 0.54 at 30 fps): on a busy 2-core machine it
 * starved the compositing, and the output fell under the camera's rate (docs/performance.md).
 */
const MASK_INTERVAL_MS = 90;
/** Blur radius on the quarter-size background (about 12 px at full size). */
const BACKGROUND_BLUR_PX = 3;

export class BlurPipeline {
  readonly track: MediaStreamTrack;
  private readonly worker: Worker;
  private readonly output = document.createElement('canvas');
  private readonly out: CanvasRenderingContext2D;
  private readonly picture = document.createElement('canvas');
  private readonly pictureCtx: CanvasRenderingContext2D;
  private readonly background = document.createElement('canvas');
  private readonly backgroundCtx: CanvasRenderingContext2D;
  private readonly person = document.createElement('canvas');
  private readonly personCtx: CanvasRenderingContext2D;
  private readonly mask = document.createElement('canvas');
  private readonly maskCtx: CanvasRenderingContext2D;
  private readonly rawMask = document.createElement('canvas');
  private readonly rawMaskCtx: CanvasRenderingContext2D;
  private readonly stopFrames: () => void;
  private readonly watch: RateWatch;
  private busy = false;
  private lastMaskAt = -Infinity;
  private haveMask = false;
  private closed = false;

  private constructor(
    private readonly source: MediaStreamTrack,
    ready: { worker: Worker; width: number; height: number },
    options: BlurOptions,
  ) {
    this.worker = ready.worker;
    this.mask.width = ready.width;
    this.mask.height = ready.height;
    this.rawMask.width = ready.width;
    this.rawMask.height = ready.height;
    this.rawMaskCtx = context(this.rawMask);
    this.out = context(this.output);
    this.pictureCtx = context(this.picture);
    this.backgroundCtx = context(this.background);
    this.personCtx = context(this.person);
    this.maskCtx = context(this.mask);
    this.worker.onmessage = (event: MessageEvent<SegmentReply>) => this.onMask(event.data);
    // Sized before the track is handed out, so its first frames have the right size.
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

  rates(): BlurRates {
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

  /** Output size for a camera frame: its own, at most MAX_WIDTH wide. */
  private resize(cameraWidth: number, cameraHeight: number): { width: number; height: number } {
    const scale = Math.min(1, MAX_WIDTH / cameraWidth);
    const width = Math.round(cameraWidth * scale);
    const height = Math.round(cameraHeight * scale);
    const sizes: [HTMLCanvasElement, number, number][] = [
      [this.output, width, height],
      [this.picture, width, height],
      [this.person, width, height],
      [this.background, Math.ceil(width / 4), Math.ceil(height / 4)],
    ];
    for (const [canvas, w, h] of sizes) {
      if (canvas.width !== w) canvas.width = w;
      if (canvas.height !== h) canvas.height = h;
    }
    return { width, height };
  }

  private frame(frame: FrameSource): void {
    if (this.closed || frame.width === 0 || frame.height === 0) return;
    const { width, height } = this.resize(frame.width, frame.height);
    this.composite(frame.image, width, height);
    this.watch.output();
    // At most one frame in the worker: the model runs as often as it can, never queued behind.
    const now = performance.now();
    if (this.busy || now - this.lastMaskAt < MASK_INTERVAL_MS) return;
    this.busy = true;
    this.lastMaskAt = now;
    createImageBitmap(this.picture, {
      resizeWidth: this.mask.width,
      resizeHeight: this.mask.height,
      resizeQuality: 'low',
    }).then(
      (bitmap) => {
        const message: SegmentFrame = { type: 'frame', bitmap };
        if (this.closed) bitmap.close();
        else this.worker.postMessage(message, [bitmap]);
      },
      () => {
        this.busy = false;
      },
    );
  }

  private onMask(reply: SegmentReply): void {
    if (reply.type !== 'mask') return;
    this.busy = false;
    this.watch.mask();
    const image = new ImageData(new Uint8ClampedArray(reply.pixels), reply.width, reply.height);
    // Softened once per mask at its own 256x144, so its edge is not a staircase when scaled up.
    this.rawMaskCtx.putImageData(image, 0, 0);
    this.maskCtx.globalCompositeOperation = 'copy';
    this.maskCtx.filter = 'blur(1px)';
    this.maskCtx.drawImage(this.rawMask, 0, 0);
    this.maskCtx.filter = 'none';
    this.haveMask = true;
  }

  /**
   * One frame: the camera picture once onto a canvas of the output size, the background from a
   * quarter-size blurred copy scaled up (a blur filter at full size cost too much without a
   * GPU), and the person cut out of the picture by the scaled-up mask on top.
   */
  private composite(image: CanvasImageSource, width: number, height: number): void {
    const picture = this.pictureCtx;
    picture.drawImage(image, 0, 0, width, height);
    const background = this.backgroundCtx;
    background.filter = `blur(${BACKGROUND_BLUR_PX}px)`;
    background.drawImage(this.picture, 0, 0, this.background.width, this.background.height);
    background.filter = 'none';
    const out = this.out;
    out.globalCompositeOperation = 'copy';
    out.drawImage(this.background, 0, 0, width, height);
    // Until the first mask arrives everything is blurred: never a sharp background.
    if (!this.haveMask) return;
    const person = this.personCtx;
    person.globalCompositeOperation = 'copy';
    person.drawImage(this.mask, 0, 0, width, height);
    person.globalCompositeOperation = 'source-in';
    person.drawImage(this.picture, 0, 0);
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
