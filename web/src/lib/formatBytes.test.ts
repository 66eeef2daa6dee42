import { describe, expect, it } from 'vitest';
import { formatBytes } from './formatBytes.ts';

describe('formatBytes', () => {
  it('uses decimal units with one decimal', () => {
    expect(formatBytes(999, 'en')).toBe('999 B');
    expect(formatBytes(5_242_880, 'en')).toBe('5.2 MB');
    expect(formatBytes(1_200_000, 'en')).toBe('1.2 MB');
    expect(formatBytes(100 * 1024 * 1024, 'en')).toBe('104.9 MB');
  });
});
