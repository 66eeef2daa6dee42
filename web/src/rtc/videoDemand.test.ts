import { describe, expect, it } from 'vitest';
import { videoDemand } from './videoDemand.ts';

describe('videoDemand', () => {
  it('pauses those off the stage, and nobody before the stage has shown anyone', () => {
    expect(videoDemand(['a', 'b', 'c'], ['a', 'c'], ['a'], false).paused).toEqual(['b']);
    expect(videoDemand(['a', 'b'], ['a', 'b'], [], false).paused).toEqual([]);
    expect(videoDemand(['a', 'b'], [], [], false)).toEqual({ paused: [], low: [] });
  });

  it('asks small video for grid tiles and full size for a pinned tile or one alone', () => {
    expect(videoDemand(['a', 'b', 'c'], ['a', 'b', 'c'], [], false).low).toEqual(['a', 'b', 'c']);
    expect(videoDemand(['a', 'b', 'c'], ['a', 'c'], ['c'], false)).toEqual({
      paused: ['b'],
      low: ['a'],
    });
    expect(videoDemand(['a'], ['a'], ['a'], false)).toEqual({ paused: [], low: [] });
  });

  it('pauses everyone while the page is hidden', () => {
    expect(videoDemand(['a', 'b'], ['a', 'b'], ['a'], true)).toEqual({
      paused: ['a', 'b'],
      low: [],
    });
  });
});
