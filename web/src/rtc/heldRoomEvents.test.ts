/**
 * Held roster events: they wait while any hold is on and follow in their order once the last
 * ends; a drop (the call ended) forgets them, and a hold from before it releases nothing.
 */
import { describe, expect, it } from 'vitest';
import { HeldRoomEvents } from './heldRoomEvents.ts';

describe('HeldRoomEvents', () => {
  it('runs at once without a hold, and after the last of two holds in order', () => {
    const early = new HeldRoomEvents();
    const told: string[] = [];
    early.run(() => told.push('a'));
    const join = early.hold();
    const rejoin = early.hold();
    early.run(() => told.push('b'));
    early.run(() => told.push('c'));
    join();
    join(); // once only
    expect(told).toEqual(['a']);
    rejoin();
    expect(told).toEqual(['a', 'b', 'c']);
  });

  it('forgets what it held on a drop, and an older hold then releases nothing', () => {
    const early = new HeldRoomEvents();
    const told: string[] = [];
    const old = early.hold();
    early.run(() => told.push('lost'));
    early.drop();
    const next = early.hold();
    old();
    early.run(() => told.push('kept'));
    expect(told).toEqual([]);
    next();
    expect(told).toEqual(['kept']);
  });
});
