import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceRecovery } from './iceRecovery.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const setup = (drives = true) => {
  const restart = vi.fn();
  const recovery = new IceRecovery({
    restart,
    drives,
    stuckMs: 3000,
    minGapMs: 4000,
    maxGapMs: 16_000,
  });
  return { restart, recovery };
};

describe('IceRecovery', () => {
  it('counts a restart made from outside (fresh servers): the backoff starts over from it', () => {
    const { restart, recovery } = setup();
    recovery.update('failed');
    vi.advanceTimersByTime(4000 + 8000 + 16_000); // four tries: the next is 16 s away
    expect(restart).toHaveBeenCalledTimes(4);
    recovery.restarted();
    vi.advanceTimersByTime(3999);
    expect(restart).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(1); // the first gap after the outside restart, not 16 s
    expect(restart).toHaveBeenCalledTimes(5);
  });

  it('does not drive after an outside restart on the polite side', () => {
    const { restart, recovery } = setup(false);
    recovery.update('failed');
    recovery.restarted();
    vi.advanceTimersByTime(60_000);
    expect(restart).not.toHaveBeenCalled();
  });

  it('leaves a short disconnect alone', () => {
    const { restart, recovery } = setup();
    recovery.update('connected');
    recovery.update('disconnected');
    vi.advanceTimersByTime(2900);
    recovery.update('connected');
    vi.advanceTimersByTime(60_000);
    expect(restart).not.toHaveBeenCalled();
  });

  it('restarts a disconnect that lasts, then backs off while the path stays down', () => {
    const { restart, recovery } = setup();
    recovery.update('connected');
    recovery.update('disconnected');
    vi.advanceTimersByTime(3000);
    expect(restart).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3999);
    expect(restart).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1); // 4 s after the first
    expect(restart).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(8000);
    expect(restart).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(16_000);
    expect(restart).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(16_000); // capped
    expect(restart).toHaveBeenCalledTimes(5);

    recovery.update('connected');
    vi.advanceTimersByTime(120_000);
    expect(restart).toHaveBeenCalledTimes(5);
    expect(recovery.pendingAttempts).toBe(0);
  });

  it('restarts at once on failed, but not faster than the backoff allows', () => {
    const { restart, recovery } = setup();
    recovery.update('failed');
    vi.advanceTimersByTime(0);
    expect(restart).toHaveBeenCalledTimes(1);
    recovery.update('connecting');
    recovery.update('failed');
    vi.advanceTimersByTime(100);
    expect(restart).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3900);
    expect(restart).toHaveBeenCalledTimes(2);
  });

  it('never restarts on the polite side', () => {
    const { restart, recovery } = setup(false);
    recovery.update('failed');
    recovery.retryNow();
    vi.advanceTimersByTime(120_000);
    expect(restart).not.toHaveBeenCalled();
  });

  it('retries at once when signaling comes back, and stops for good once closed', () => {
    const { restart, recovery } = setup();
    recovery.update('failed');
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(1000);
    expect(restart).toHaveBeenCalledTimes(1);
    recovery.retryNow();
    vi.advanceTimersByTime(0);
    expect(restart).toHaveBeenCalledTimes(2);
    recovery.update('closed');
    recovery.update('failed');
    vi.advanceTimersByTime(120_000);
    expect(restart).toHaveBeenCalledTimes(2);
  });
});
