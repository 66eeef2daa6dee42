import { describe, expect, it } from 'vitest';
import { raisedFirst } from './handOrder.ts';

describe('raisedFirst', () => {
  it('puts raised hands first, earliest first, and keeps the others in their order', () => {
    const people = [
      { id: 'ann', hand: null },
      { id: 'bob', hand: 2000 },
      { id: 'cat' },
      { id: 'dan', hand: 1000 },
      { id: 'eve', hand: null },
    ];
    expect(raisedFirst(people).map((p) => p.id)).toEqual(['dan', 'bob', 'ann', 'cat', 'eve']);
  });

  it('orders hands raised in the same millisecond by id, the same on every screen', () => {
    const order = raisedFirst([
      { id: 'z', hand: 5 },
      { id: 'a', hand: 5 },
    ]).map((p) => p.id);
    expect(order).toEqual(['a', 'z']);
  });
});
