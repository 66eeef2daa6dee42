/**
 * Is the effect keeping up with the camera? Counts output frames per second and compares them
 * with the camera's own rate (its settings, at most 30): a machine that cannot keep up is one
 * whose output stays under 60 % of that for five seconds in a row. Five, not three: a busy
 * spell of a few seconds (another page loading, two browsers sharing two cores in the e2e
 * suite) turned blur off for good on a machine that keeps up otherwise. Relative, not a fixed
 * figure, so a 15 fps camera is not held to 30 fps. Hidden pages are not judged (browsers
 * slow their frame callbacks there).
 */
/** Frames per second over the last second: blurred out, from the camera, person masks made. */
export interface BlurRates {
  output: number;
  camera: number;
  masks: number;
}

const WINDOW_MS = 1000;
const SLOW_SHARE = 0.6;
const SLOW_WINDOWS = 5;
/** The model's first runs are slow (compilation): not judged. */
const WARM_UP_WINDOWS = 2;

export class RateWatch {
  private frames = 0;
  private masks = 0;
  private windows = 0;
  private slowWindows = 0;
  private last: BlurRates = { output: 0, camera: 0, masks: 0 };
  private readonly timer: ReturnType<typeof setInterval>;
  private fired = false;

  constructor(
    private readonly source: MediaStreamTrack,
    private readonly onTooSlow: () => void,
  ) {
    this.timer = setInterval(() => this.tick(), WINDOW_MS);
  }

  output(): void {
    this.frames++;
  }

  /** A person mask arrived (reported, not judged: the last mask serves frames in between). */
  mask(): void {
    this.masks++;
  }

  rates(): BlurRates {
    return this.last;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const output = this.frames;
    this.frames = 0;
    const camera = Math.min(this.source.getSettings().frameRate ?? 30, 30);
    this.last = { output, camera, masks: this.masks };
    this.masks = 0;
    if (++this.windows <= WARM_UP_WINDOWS || (typeof document !== 'undefined' && document.hidden))
      return;
    this.slowWindows = output < camera * SLOW_SHARE ? this.slowWindows + 1 : 0;
    if (this.slowWindows >= SLOW_WINDOWS && !this.fired) {
      this.fired = true;
      this.onTooSlow();
    }
  }
}
