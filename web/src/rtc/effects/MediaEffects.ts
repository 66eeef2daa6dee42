/**
 * Effects on what we send: background blur on the camera, noise suppression on the microphone
 * (the browser's own, or RNNoise on top for "strong"). The camera and microphone stream holds
 * the tracks we send, so the preview, the mesh and the SFU all get the processed track; this
 * class remembers the device track behind each processed one. The heavy parts (blur.ts,
 * strongNoise.ts) are chunks of their own, imported only when someone turns them on.
 */
import type { BlurRates } from './rateWatch.ts';
import type { StoreApi } from 'zustand';
import type { MessageKey } from '../../i18n/index.ts';
import { saveEffects } from '../../lib/storage.ts';
import type { EffectsChoice } from '../../lib/storage.ts';
import type { AppState } from '../../store/types.ts';

interface Pipeline {
  readonly track: MediaStreamTrack;
  close(): void;
  /** Output and camera frames per second (blur only). */
  rates?(): BlurRates;
}

export interface EffectsHost {
  readonly store: StoreApi<AppState>;
  /** Sends `kind` again through the effects as they are now (one of them changed). */
  reprocess(kind: 'audio' | 'video'): Promise<void>;
}

export class MediaEffects {
  /** Processed track -> its pipeline and the device track it comes from. */
  private readonly pipelines = new Map<
    MediaStreamTrack,
    { pipeline: Pipeline; source: MediaStreamTrack }
  >();

  constructor(private readonly host: EffectsHost) {}

  private get state(): AppState {
    return this.host.store.getState();
  }

  /** Turns blur on or off; remembered for next time. */
  setBlur(blur: boolean): Promise<void> {
    this.choose({ blur }, blur ? { blurTooSlow: false } : {});
    return this.host.reprocess('video');
  }

  setNoise(noise: EffectsChoice['noise']): Promise<void> {
    this.choose({ noise });
    return this.host.reprocess('audio');
  }

  /** What to send for a device track now: itself, or a processed track made from it. */
  async process(kind: 'audio' | 'video', source: MediaStreamTrack): Promise<MediaStreamTrack> {
    const { blur, noise } = this.state.effects;
    if (kind === 'audio') {
      if (noise !== 'strong') return source;
      return this.start(source, 'effects.strongFailed', { noise: 'browser' }, async () => {
        const { StrongNoisePipeline } = await import('./strongNoise.ts');
        return StrongNoisePipeline.start(source);
      });
    }
    if (!blur) return source;
    return this.start(source, 'effects.blurFailed', { blur: false }, async () => {
      const { BlurPipeline } = await import('./blur.ts');
      return BlurPipeline.start(source, { onTooSlow: () => void this.tooSlow() });
    });
  }

  /** The device track behind a track we send. */
  sourceOf(track: MediaStreamTrack): MediaStreamTrack {
    return this.pipelines.get(track)?.source ?? track;
  }

  /** A track we sent is replaced: its processing stops. Returns the device track behind it. */
  release(track: MediaStreamTrack): MediaStreamTrack {
    const entry = this.pipelines.get(track);
    if (!entry) return track;
    this.pipelines.delete(track);
    entry.pipeline.close();
    return entry.source;
  }

  /** For the e2e hooks and the bench: the blur pipeline's rates, if blur is running. */
  blurRates(): BlurRates | null {
    for (const { pipeline } of this.pipelines.values()) if (pipeline.rates) return pipeline.rates();
    return null;
  }

  private async start(
    source: MediaStreamTrack,
    failure: MessageKey,
    fallback: Partial<EffectsChoice>,
    make: () => Promise<Pipeline>,
  ): Promise<MediaStreamTrack> {
    try {
      const pipeline = await make();
      this.pipelines.set(pipeline.track, { pipeline, source });
      return pipeline.track;
    } catch (err) {
      console.warn('effect not available', err);
      this.choose(fallback);
      this.state.notify(failure);
      return source;
    }
  }

  /** The machine cannot keep up: say so and send the plain camera rather than a stutter. */
  private async tooSlow(): Promise<void> {
    if (!this.state.effects.blur) return;
    this.choose({ blur: false }, { blurTooSlow: true });
    this.state.notify('effects.blurTooSlow');
    await this.host.reprocess('video');
  }

  private choose(patch: Partial<EffectsChoice>, extra: { blurTooSlow?: boolean } = {}): void {
    this.state.setEffects({ ...patch, ...extra });
    saveEffects(this.state.effects);
  }
}

/**
 * The browser's own noise suppression as chosen, on the live microphone track if the browser
 * can change it there; false if it cannot (Chromium keeps it fixed per track), and then the
 * microphone is opened again with it (MediaControls).
 */
export async function fitNoiseSuppression(
  track: MediaStreamTrack,
  noise: EffectsChoice['noise'],
): Promise<boolean> {
  const on = noise !== 'off';
  if (track.getSettings().noiseSuppression === undefined) return true;
  if (track.getSettings().noiseSuppression === on) return true;
  await track
    .applyConstraints({ ...track.getConstraints(), noiseSuppression: on })
    .catch(() => undefined);
  return track.getSettings().noiseSuppression === on;
}
