import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnconfirmedPeers } from './unconfirmedPeers.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('UnconfirmedPeers', () => {
  it('gives up a peer that never comes back, and keeps one that does', () => {
    const givenUp: string[] = [];
    const peers = new UnconfirmedPeers(30_000, (id) => {
      givenUp.push(id);
      return true;
    });
    peers.suspect(['bob', 'carol']);
    expect(peers.has('bob')).toBe(true);
    vi.advanceTimersByTime(10_000);
    peers.confirm('bob'); // room:peer-joined for Bob
    vi.advanceTimersByTime(20_000);
    expect(givenUp).toEqual(['carol']);
    expect(peers.has('bob')).toBe(false);
    expect(peers.has('carol')).toBe(false);
  });

  it('asks again later while the caller wants to wait (media still connected)', () => {
    let connected = true;
    const ask = vi.fn(() => !connected);
    const peers = new UnconfirmedPeers(30_000, ask);
    peers.suspect(['bob']);
    vi.advanceTimersByTime(30_000);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(peers.has('bob')).toBe(true);
    connected = false;
    vi.advanceTimersByTime(30_000);
    expect(ask).toHaveBeenCalledTimes(2);
    expect(peers.has('bob')).toBe(false);
  });

  it('does not restart the clock of a peer already suspected, and clear() stops everything', () => {
    const ask = vi.fn(() => true);
    const peers = new UnconfirmedPeers(1000, ask);
    peers.suspect(['bob']);
    vi.advanceTimersByTime(600);
    peers.suspect(['bob']);
    vi.advanceTimersByTime(400);
    expect(ask).toHaveBeenCalledTimes(1);
    peers.suspect(['carol']);
    peers.clear();
    vi.advanceTimersByTime(5000);
    expect(ask).toHaveBeenCalledTimes(1);
  });
});
