import { describe, expect, it } from 'vitest';
import { pausedPeers } from './videoDemand.ts';

describe('pausedPeers', () => {
  it('pauses those off the stage, and nobody before the stage has shown anyone', () => {
    expect(pausedPeers(['a', 'b', 'c'], ['a', 'c'], false)).toEqual(['b']);
    expect(pausedPeers(['a', 'b'], ['a', 'b'], false)).toEqual([]);
    expect(pausedPeers(['a', 'b'], [], false)).toEqual([]);
  });

  it('pauses everyone while the page is hidden', () => {
    expect(pausedPeers(['a', 'b'], ['a', 'b'], true)).toEqual(['a', 'b']);
  });
});
