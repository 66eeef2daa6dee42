/**
 * A context that renders for analysis only, to no audio output device (`sinkId` none, where the
 * browser has it; elsewhere the option is ignored), so a page metering its microphone does not
 * keep an output stream and its threads running. With the default output, the meter cost a
 * page in pre-join or in a call about 40 ms of CPU a second in Chromium's audio threads
 * (docs/performance.md, figure 2).
 */
function analysisContext(): AudioContext {
  // Not in TypeScript's DOM types yet.
  const options: AudioContextOptions & { sinkId: { type: 'none' } } = { sinkId: { type: 'none' } };
  try {
    return new AudioContext(options);
  } catch {
    return new AudioContext();
  }
}

/**
 * The level of a microphone track, read on demand from a Web Audio analyser
 * (for the pre-join meter and our own speaking indicator).
 */
export class LevelMeter {
  readonly track: MediaStreamTrack;
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly samples: Float32Array<ArrayBuffer>;

  constructor(track: MediaStreamTrack) {
    this.track = track;
    this.context = analysisContext();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 1024;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.source = this.context.createMediaStreamSource(new MediaStream([track]));
    // Analysed only, never played: no connection to the destination, so no echo.
    this.source.connect(this.analyser);
    // Created before any click the context starts suspended; it resumes on the next one.
    if (this.context.state === 'suspended') {
      const resume = () => void this.context.resume().catch(() => undefined);
      document.addEventListener('pointerdown', resume, { once: true });
      void this.context.resume().catch(() => undefined);
    }
  }

  /** 0 (silence, below -60 dBFS) to 1 (full scale), on a decibel scale as people hear it. */
  level(): number {
    if (!this.track.enabled || this.track.readyState !== 'live') return 0;
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const v of this.samples) sum += v * v;
    const rms = Math.sqrt(sum / this.samples.length);
    if (rms <= 0) return 0;
    const db = 20 * Math.log10(rms);
    return Math.min(1, Math.max(0, (db + 60) / 60));
  }

  close(): void {
    this.source.disconnect();
    void this.context.close().catch(() => undefined);
  }
}
