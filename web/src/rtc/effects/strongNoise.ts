/**
 * Strong noise suppression, in a chunk of its own (loaded when someone chooses it): RNNoise
 * in an AudioWorklet. Microphone -> AudioContext (48 kHz, RNNoise's rate) -> worklet ->
 * MediaStreamDestination, whose track the media path sends with replaceTrack.
 */
import { loadRnnoise, RnnoiseWorkletNode } from '@sapphi-red/web-noise-suppressor';
import workletUrl from '@sapphi-red/web-noise-suppressor/rnnoiseWorklet.js?url';
import wasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise.wasm?url';
import simdUrl from '@sapphi-red/web-noise-suppressor/rnnoise_simd.wasm?url';

let binary: Promise<ArrayBuffer> | null = null;

export class StrongNoisePipeline {
  private closed = false;

  private constructor(
    private readonly context: AudioContext,
    private readonly node: RnnoiseWorkletNode,
    readonly track: MediaStreamTrack,
  ) {}

  /** Starts suppressing noise in `source` (which stays the caller's). */
  static async start(source: MediaStreamTrack): Promise<StrongNoisePipeline> {
    binary ??= loadRnnoise({ url: wasmUrl, simdUrl }).catch((err: unknown) => {
      binary = null;
      throw err;
    });
    const context = new AudioContext({ sampleRate: 48000 });
    try {
      const [wasmBinary] = await Promise.all([binary, context.audioWorklet.addModule(workletUrl)]);
      const node = new RnnoiseWorkletNode(context, { maxChannels: 1, wasmBinary });
      const input = context.createMediaStreamSource(new MediaStream([source]));
      const output = context.createMediaStreamDestination();
      input.connect(node).connect(output);
      resumeOnGesture(context);
      const track = output.stream.getAudioTracks()[0];
      if (!track) throw new Error('no processed audio track');
      return new StrongNoisePipeline(context, node, track);
    } catch (err) {
      void context.close().catch(() => undefined);
      throw err;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.node.destroy();
    this.track.stop();
    void this.context.close().catch(() => undefined);
  }
}

/**
 * A context made without a click (strong suppression remembered from an earlier visit) starts
 * suspended and would send silence: the person's next click or key press (Join call, at the
 * latest) starts it.
 */
function resumeOnGesture(context: AudioContext): void {
  void context.resume().catch(() => undefined);
  if (context.state === 'running') return;
  const types = ['pointerdown', 'keydown'] as const;
  // Whichever gesture comes first resumes; both listeners go then (neither holds the context).
  const resume = () => {
    for (const type of types) document.removeEventListener(type, resume, { capture: true });
    if (context.state !== 'suspended') return;
    void context.resume().catch(() => undefined);
  };
  for (const type of types) document.addEventListener(type, resume, { capture: true });
}
