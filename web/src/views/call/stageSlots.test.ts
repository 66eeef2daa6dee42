import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fillSlots } from './stageSlots.ts';

/** p01 … pNN, in join order. */
const people = (n: number) =>
  Array.from({ length: n }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);
const twenty = people(20);

describe('fillSlots', () => {
  it('fills the page in join order while nobody has spoken', () => {
    expect(fillSlots([], people(3), [], 9, true)).toEqual(people(3));
    expect(fillSlots([], twenty, [], 9, true)).toEqual(people(9));
  });

  it('returns the previous places themselves when nothing changes', () => {
    const slots = fillSlots([], twenty, ['p15'], 9, true);
    expect(fillSlots(slots, twenty, ['p15'], 9, true)).toBe(slots);
    expect(fillSlots(slots, twenty, ['p15'], 9, false)).toBe(slots);
  });

  it('leaves someone who joins a full page off it, and puts them at the end when there is room', () => {
    const slots = people(9);
    expect(fillSlots(slots, people(10), [], 9, true)).toBe(slots);
    expect(fillSlots(people(3), people(4), [], 9, true)).toEqual(people(4));
  });

  it('brings a speaker on stage in the place of the least recently active, moving no one else', () => {
    const slots = people(9);
    // p15 spoke: p09 (never spoke, joined last of those on the page) makes way, in place.
    const next = fillSlots(slots, twenty, ['p15'], 9, true);
    expect(next).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p15']);
    // Then p12, then p01 (already on the page: stays where it is), then p20.
    const after = fillSlots(next, twenty, ['p12', 'p15'], 9, true);
    expect(after).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p12', 'p15']);
    const still = fillSlots(after, twenty, ['p01', 'p12', 'p15'], 9, true);
    expect(still).toBe(after);
    const last = fillSlots(still, twenty, ['p20', 'p01', 'p12', 'p15'], 9, true);
    expect(last).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p20', 'p12', 'p15']);
  });

  it('lets the least recent speaker go when everyone on the page has spoken', () => {
    const slots = ['p01', 'p02', 'p03', 'p04'];
    const recent = ['p03', 'p01', 'p04', 'p02']; // p02 spoke longest ago
    expect(fillSlots(slots, twenty, ['p10', ...recent], 4, true)).toEqual([
      'p01',
      'p10',
      'p03',
      'p04',
    ]);
  });

  it('does not reorder a page whose speakers are all on it, however often they speak', () => {
    const slots = people(9);
    let current: readonly string[] = slots;
    for (const recent of [['p05'], ['p02', 'p05'], ['p09', 'p02', 'p05'], ['p05', 'p09', 'p02']])
      current = fillSlots(current, twenty, recent, 9, true);
    expect(current).toBe(slots);
  });

  it('holds still while another page is looked at, and catches up on return', () => {
    const slots = people(9);
    expect(fillSlots(slots, twenty, ['p15'], 9, false)).toBe(slots);
    expect(fillSlots(slots, twenty, ['p15'], 9, true)).toContain('p15');
  });

  it('gives the place of someone who left to the most recent speaker off the page, else the first to have joined', () => {
    const slots = people(9);
    const gone = twenty.filter((id) => id !== 'p04');
    expect(fillSlots(slots, gone, ['p17'], 9, false)).toEqual([
      'p01',
      'p02',
      'p03',
      'p17',
      'p05',
      'p06',
      'p07',
      'p08',
      'p09',
    ]);
    expect(fillSlots(slots, gone, [], 9, false)).toEqual([
      'p01',
      'p02',
      'p03',
      'p10',
      'p05',
      'p06',
      'p07',
      'p08',
      'p09',
    ]);
  });

  it('lets the least recently active go as the page shrinks, and takes the best as it grows', () => {
    const slots = ['p03', 'p01', 'p07', 'p02', 'p05'];
    const smaller = fillSlots(slots, twenty, ['p02', 'p07'], 3, false);
    expect(smaller).toEqual(['p01', 'p07', 'p02']);
    expect(fillSlots(smaller, twenty, ['p02', 'p07', 'p11'], 6, false)).toEqual([
      'p01',
      'p07',
      'p02',
      'p11',
      'p03',
      'p04',
    ]);
    expect(fillSlots(slots, twenty, [], 0, true)).toEqual([]);
  });

  it('never lets someone who has not spoken displace anyone', () => {
    // p01 is off the page (it once left and came back, say) but has not spoken since.
    const slots = ['p02', 'p03', 'p04'];
    expect(fillSlots(slots, twenty, [], 3, true)).toBe(slots);
  });

  it('always settles: a full page of unique peers still here, kept on a second look', () => {
    const id = fc.integer({ min: 1, max: 30 }).map((n) => `p${String(n).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { maxLength: 20 }),
        fc.uniqueArray(id, { maxLength: 30 }),
        fc.uniqueArray(id, { maxLength: 10 }),
        fc.integer({ min: 0, max: 16 }),
        fc.boolean(),
        (previous, pool, recent, capacity, promote) => {
          const next = fillSlots(previous, pool, recent, capacity, promote);
          expect(new Set(next).size).toBe(next.length);
          expect(next.length).toBe(Math.min(capacity, pool.length));
          for (const peer of next) expect(pool).toContain(peer);
          expect(fillSlots(next, pool, recent, capacity, promote)).toBe(next);
          // Those kept keep their order.
          const kept = previous.filter((peer) => next.includes(peer));
          expect(next.filter((peer) => previous.includes(peer))).toEqual(kept);
        },
      ),
    );
  });
});
