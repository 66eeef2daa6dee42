import { describe, expect, it } from 'vitest';
import { NO_HISTORY, SPOKE_AFTER_MS, nextSpokeAt, noteSpeakers } from './speakerHistory.ts';
import type { SpeakerHistory } from './speakerHistory.ts';

const here = ['ana', 'ben', 'cy', 'dee'];

/** Replays indicator states at times: [ms, who is lit]. */
const replay = (steps: [number, string[]][], present = here, from = NO_HISTORY) =>
  steps.reduce<SpeakerHistory>((h, [at, lit]) => noteSpeakers(h, lit, present, at), from);

describe('noteSpeakers', () => {
  it('counts someone as having spoken once they speak for a second at a stretch', () => {
    const started = replay([[0, ['ben']]]);
    expect(started.recent).toEqual([]);
    expect(started.since).toEqual({ ben: 0 });
    expect(replay([[SPOKE_AFTER_MS - 1, ['ben']]], here, started).recent).toEqual([]);
    expect(replay([[SPOKE_AFTER_MS, ['ben']]], here, started).recent).toEqual(['ben']);
  });

  it('ignores a cough: lit for under a second, then off', () => {
    const history = replay([
      [0, ['cy']],
      [700, ['cy']],
      [900, []],
      [5000, []],
    ]);
    expect(history.recent).toEqual([]);
    expect(history.since).toEqual({});
  });

  it('puts the last to speak first, and moves someone speaking again back to the front', () => {
    const history = replay([
      [0, ['ana']],
      [1000, ['ana']],
      [2000, []],
      [3000, ['ben']],
      [4000, ['ben']],
      [4500, []],
    ]);
    expect(history.recent).toEqual(['ben', 'ana']);
    const again = replay(
      [
        [6000, ['ana']],
        [7000, ['ana']],
      ],
      here,
      history,
    );
    expect(again.recent).toEqual(['ana', 'ben']);
  });

  it('orders people talking over each other by who started last', () => {
    const history = replay([
      [0, ['ana']],
      [400, ['ana', 'dee']],
      [1400, ['ana', 'dee']],
    ]);
    expect(history.recent).toEqual(['dee', 'ana']);
    // Still both talking: the order holds.
    expect(replay([[3000, ['ana', 'dee']]], here, history).recent).toEqual(['dee', 'ana']);
  });

  it('forgets people who left', () => {
    const history = replay([
      [0, ['ana', 'ben']],
      [1000, ['ana', 'ben']],
    ]);
    const after = noteSpeakers(history, ['ben'], ['ben', 'cy'], 1200);
    expect(after.recent).toEqual(['ben']);
    expect(after.since).toEqual({ ben: 0 });
  });

  it('returns the history itself when nothing changed', () => {
    const history = replay([
      [0, ['ana']],
      [1000, ['ana']],
      [1500, []],
    ]);
    expect(noteSpeakers(history, [], here, 9000)).toBe(history);
    expect(noteSpeakers(NO_HISTORY, [], here, 0)).toBe(NO_HISTORY);
    const talking = replay([[2000, ['ben']]], here, history);
    expect(noteSpeakers(talking, ['ben'], here, 2100)).toBe(talking);
  });
});

describe('nextSpokeAt', () => {
  it('is when the next one speaking now will have spoken long enough', () => {
    const history = replay([
      [0, ['ana']],
      [300, ['ana', 'ben']],
    ]);
    expect(nextSpokeAt(history, 300)).toBe(SPOKE_AFTER_MS);
    expect(nextSpokeAt(history, SPOKE_AFTER_MS)).toBe(300 + SPOKE_AFTER_MS);
    expect(nextSpokeAt(history, 300 + SPOKE_AFTER_MS)).toBeNull();
    expect(nextSpokeAt(NO_HISTORY, 0)).toBeNull();
  });
});
