import { describe, expect, it } from 'vitest';
import { cpuBetween, cpuNow, describeCpu, groupOf } from './browserCpu.ts';

describe('browser CPU by thread group', () => {
  it('takes the CPU spent between two readings, in milliseconds, per group', () => {
    const spent = cpuBetween(
      { 'page main threads': 1_000_000, audio: 5_000_000 },
      {
        'page main threads': 4_000_000,
        audio: 5_000_000,
        'other (browser, network service, camera)': 2e6,
      },
    );
    expect(spent).toEqual({
      'page main threads': 3,
      audio: 0,
      'other (browser, network service, camera)': 2,
    });
  });

  it("counts a renderer's main thread as the page's, whatever the browser's binary is called", () => {
    expect(groupOf('renderer', 'chrome', true)).toBe('page main threads');
    expect(groupOf('renderer', 'chromium', true)).toBe('page main threads');
    // A thread of the page's process that is not its main thread is not.
    expect(groupOf('renderer', 'chromium', false)).not.toBe('page main threads');
    expect(groupOf('browser', 'chromium', true)).toBe('other (browser, network service, camera)');
    expect(groupOf('renderer', 'WebRTC_W_and_N', false)).toBe(
      'WebRTC (codecs, network, signaling threads)',
    );
  });

  it('never counts a group below zero (a thread that ended took its time with it)', () => {
    expect(cpuBetween({ audio: 9e6 }, { audio: 2e6 })).toEqual({ audio: 0 });
  });

  it('describes the mean per join, total first, every group named', () => {
    const text = describeCpu([
      { 'page main threads': 100, audio: 10 },
      { 'page main threads': 300, audio: 30 },
    ]);
    expect(text).toMatch(
      /^220 ms \(page main threads 200, drawing \(compositors, GPU process\) 0, audio 20, /,
    );
    expect(text).toContain('other (browser, network service, camera) 0');
  });

  it('says n/a when nothing was read (not Linux)', () => {
    expect(describeCpu([{}, {}])).toBe('n/a');
  });

  it("reads the machine's Chromium threads (when any run) as totals of the named groups", () => {
    const named = describeCpu([{ audio: 1 }]);
    for (const [group, ns] of Object.entries(cpuNow())) {
      expect(named).toContain(`${group} `);
      expect(ns).toBeGreaterThanOrEqual(0);
    }
  });
});
