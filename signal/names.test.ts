import { describe, expect, it } from 'vitest';
import {
  hasControlChars,
  normalizeDisplayName,
  normalizeRoomName,
  roomKey,
  stripControlChars,
} from './names.ts';

describe('room names', () => {
  it('trims, normalises to NFC and compares case-insensitively', () => {
    const decomposed = '\u1112\u116C\u110B\u1174\u1109\u1175\u11AF'; // 회의실 as conjoining jamo
    expect(normalizeRoomName(`  ${decomposed} `)).toBe('회의실');
    expect(roomKey(normalizeRoomName('Team Sync') ?? '')).toBe(
      roomKey(normalizeRoomName('team sync') ?? ''),
    );
  });

  it('accepts letters and digits of any script with space, dash, underscore and dot', () => {
    for (const ok of ['a', 'design-review_2.0', 'Встреча', 'नमस्ते', '会議 3', 'x'.repeat(64)]) {
      expect(normalizeRoomName(ok), ok).toBe(ok);
    }
  });

  it('refuses anything else', () => {
    for (const bad of ['', ' ', 'a/b', 'a?b', '#x', 'x'.repeat(65), 'tab\there', '😀']) {
      expect(normalizeRoomName(bad), bad).toBeNull();
    }
  });
});

describe('display names', () => {
  it('allows 1-32 characters of anything printable', () => {
    expect(normalizeDisplayName(' 민지 ')).toBe('민지');
    expect(normalizeDisplayName('<img src=x onerror=alert(1)>')).toBe(
      '<img src=x onerror=alert(1)>',
    );
    expect(normalizeDisplayName('😀'.repeat(32))).toBe('😀'.repeat(32));
  });

  it('refuses empty, too long, control and bidi-override characters', () => {
    for (const bad of [
      '',
      '   ',
      'y'.repeat(33),
      'a\u0000b',
      'a\u202Eb',
      'a\u2066b',
      'new\nline',
    ]) {
      expect(normalizeDisplayName(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('control characters', () => {
  const hidden = [
    '\u0000',
    '\t',
    '\n',
    '\u001f',
    '\u007f',
    '\u0085',
    '\u009f',
    '\u202a',
    '\u202e',
    '\u2066',
    '\u2069',
  ];

  it('finds and strips C0/C1 controls and bidi embedding, override and isolate characters', () => {
    for (const c of hidden) {
      expect(hasControlChars(`a${c}b`), JSON.stringify(c)).toBe(true);
      expect(stripControlChars(`${c}a${c}b${c}`), JSON.stringify(c)).toBe('ab');
    }
  });

  it('leaves other text alone', () => {
    // The neighbours of each range stay, as do the joiners emoji sequences are made of.
    const kept = [
      'report.pdf',
      '회의실 3',
      'Встреча',
      'नमस्ते',
      ' ',
      '\u00a0',
      '\u2029',
      '\u202f',
      '\u2065',
      '\u206a',
      '👩\u200d💻',
    ];
    for (const text of kept) {
      expect(hasControlChars(text), JSON.stringify(text)).toBe(false);
      expect(stripControlChars(text), JSON.stringify(text)).toBe(text);
    }
    expect(stripControlChars('회의 자료 (final).pdf')).toBe('회의 자료 (final).pdf');
  });
});
