import { describe, expect, it } from 'vitest';
import { scaleFor, videoLimitFor } from './videoBudget.ts';

describe('videoLimitFor', () => {
  it('leaves a two-person call at full quality', () => {
    expect(videoLimitFor(1)).toEqual({ maxHeight: 720 });
  });

  it('shrinks each encoding and shares the upload as the room grows', () => {
    let previous = videoLimitFor(1).maxHeight;
    for (let remote = 2; remote <= 7; remote++) {
      const limit = videoLimitFor(remote);
      expect(limit.maxHeight).toBeLessThanOrEqual(previous);
      expect((limit.maxBitrate ?? 0) * remote).toBeLessThanOrEqual(3_000_000);
      previous = limit.maxHeight;
    }
    expect(videoLimitFor(7).maxHeight).toBe(180);
  });
});

describe('scaleFor', () => {
  it('scales down only what is taller than the limit', () => {
    expect(scaleFor(720, 360)).toBe(2);
    expect(scaleFor(240, 360)).toBe(1);
    expect(scaleFor(undefined, 360)).toBe(1);
  });
});
