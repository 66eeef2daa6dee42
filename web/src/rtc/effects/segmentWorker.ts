/**
 * Person segmentation off the main thread: the landscape selfie model run by a TFLite
 * WebAssembly build (SIMD where the browser has it). A classic worker, because the build's
 * loader is a plain script that defines a global factory (importScripts). The page sends
 * 256x144 bitmaps of the camera and gets back RGBA pixels whose alpha is the person mask.
 */
interface TfliteModule {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  _getModelBufferMemoryOffset(): number;
  _loadModel(bytes: number): number;
  _getInputMemoryOffset(): number;
  _getInputWidth(): number;
  _getInputHeight(): number;
  _getOutputMemoryOffset(): number;
  _runInference(): number;
}
type TfliteFactory = (options: { locateFile: (path: string) => string }) => Promise<TfliteModule>;

export interface SegmentInit {
  type: 'init';
  loader: string;
  wasm: string;
  model: string;
}
export interface SegmentFrame {
  type: 'frame';
  bitmap: ImageBitmap;
}
export type SegmentReply =
  | { type: 'ready'; width: number; height: number }
  | { type: 'error'; message: string }
  | { type: 'mask'; pixels: ArrayBuffer; width: number; height: number };

const scope = self as unknown as {
  importScripts(...urls: string[]): void;
  postMessage(message: SegmentReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<SegmentInit | SegmentFrame>) => void) | null;
  createTwilioTFLiteSIMDModule?: TfliteFactory;
};

let tflite: TfliteModule | null = null;
let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

async function init({ loader, wasm, model }: SegmentInit): Promise<void> {
  scope.importScripts(loader);
  const factory = scope.createTwilioTFLiteSIMDModule;
  if (!factory) throw new Error('segmentation loader defined no module');
  const [module, weights] = await Promise.all([
    factory({ locateFile: () => wasm }),
    fetch(model).then((r) => r.arrayBuffer()),
  ]);
  module.HEAPU8.set(new Uint8Array(weights), module._getModelBufferMemoryOffset());
  module._loadModel(weights.byteLength);
  tflite = module;
  const width = module._getInputWidth();
  const height = module._getInputHeight();
  canvas = new OffscreenCanvas(width, height);
  context = canvas.getContext('2d', { willReadFrequently: true });
  scope.postMessage({ type: 'ready', width, height });
}

function segment(bitmap: ImageBitmap): void {
  if (!tflite || !context) {
    bitmap.close();
    return;
  }
  const width = tflite._getInputWidth();
  const height = tflite._getInputHeight();
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const image = context.getImageData(0, 0, width, height);
  const pixels = image.data;
  const input = tflite._getInputMemoryOffset() / 4;
  const heap = tflite.HEAPF32;
  for (let i = 0, n = width * height; i < n; i++) {
    heap[input + i * 3] = (pixels[i * 4] ?? 0) / 255;
    heap[input + i * 3 + 1] = (pixels[i * 4 + 1] ?? 0) / 255;
    heap[input + i * 3 + 2] = (pixels[i * 4 + 2] ?? 0) / 255;
  }
  tflite._runInference();
  const output = tflite._getOutputMemoryOffset() / 4;
  const mask = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, n = width * height; i < n; i++) mask[i * 4 + 3] = (heap[output + i] ?? 0) * 255;
  scope.postMessage({ type: 'mask', pixels: mask.buffer, width, height }, [mask.buffer]);
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'frame') {
    segment(message.bitmap);
    return;
  }
  init(message).catch((err: unknown) => {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  });
};
