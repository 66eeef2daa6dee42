import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateWatch } from './rateWatch.ts';

/** A camera track as far as RateWatch reads it: its frame rate setting. */
const camera = (frameRate: number) =>
  ({ getSettings: () => ({ frameRate }) }) as unknown as MediaStreamTrack;

/** Feeds `fps` output frames into each of `seconds` one-second windows. */
function run(watch: RateWatch, fps: number, seconds: number) {
  for (let s = 0; s < seconds; s++) {
    for (let f = 0; f < fps; f++) watch.output();
    vi.advanceTimersByTime(1000);
  }
}

describe('RateWatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds a 15 fps camera to 15, not to a fixed 30: 14 frames a second is keeping up', () => {
    const slow = vi.fn();
    const watch = new RateWatch(camera(15), slow);
    run(watch, 14, 10);
    expect(slow).not.toHaveBeenCalled();
    expect(watch.rates()).toEqual({ output: 14, camera: 15, masks: 0 });
    watch.close();
  });

  it('calls once when the output stays under 60 % of the camera for five seconds after warm-up', () => {
    const slow = vi.fn();
    const watch = new RateWatch(camera(30), slow);
    run(watch, 10, 2); // warm-up: not judged
    expect(slow).not.toHaveBeenCalled();
    run(watch, 10, 4);
    expect(slow).not.toHaveBeenCalled();
    run(watch, 10, 1);
    expect(slow).toHaveBeenCalledTimes(1);
    run(watch, 10, 5);
    expect(slow).toHaveBeenCalledTimes(1);
    watch.close();
  });

  it('a good second in between starts the count again', () => {
    const slow = vi.fn();
    const watch = new RateWatch(camera(30), slow);
    run(watch, 30, 2);
    for (let i = 0; i < 4; i++) {
      run(watch, 10, 4);
      run(watch, 30, 1);
    }
    expect(slow).not.toHaveBeenCalled();
    watch.close();
  });
});
