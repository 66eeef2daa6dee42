import { describe, expect, it } from 'vitest';
import { matchesName, searchForm } from './nameSearch.ts';

describe('matchesName', () => {
  it('matches any part of a name, whatever the case', () => {
    expect(matchesName('Ana Lima', 'ana')).toBe(true);
    expect(matchesName('Ana Lima', 'LIM')).toBe(true);
    expect(matchesName('Ana Lima', 'a l')).toBe(true);
    expect(matchesName('Ana Lima', 'bea')).toBe(false);
  });

  it('matches everyone while the box is empty or blank', () => {
    expect(matchesName('Ana', '')).toBe(true);
    expect(matchesName('Ana', '   ')).toBe(true);
    expect(matchesName('', '')).toBe(true);
  });

  it('ignores accents, width and extra spaces', () => {
    expect(matchesName('José Núñez', 'jose nunez')).toBe(true);
    expect(matchesName('Jose', 'JOSÉ')).toBe(true);
    expect(matchesName('İlkay', 'ilk')).toBe(true);
    expect(matchesName('Ｊｏｎ', 'jon')).toBe(true);
    expect(matchesName('Mary  Ann', ' mary ann ')).toBe(true);
  });

  it('matches Korean names by syllable, whichever way they were encoded', () => {
    expect(matchesName('김민지', '민지')).toBe(true);
    expect(matchesName('김민지', '김')).toBe(true);
    expect(matchesName('김민지', '박')).toBe(false);
    // The same name typed on a system that decomposes Hangul (NFD).
    expect(matchesName('김민지'.normalize('NFD'), '민지')).toBe(true);
    expect(matchesName('김민지', '민지'.normalize('NFD'))).toBe(true);
  });

  it('matches a Korean name while its syllables are still being composed', () => {
    // Typing 민지: ㅁ, 미, 민, 믽 (ㄴ and ㅈ both as finals), then 민지.
    for (const typing of ['ㅁ', '미', '민', '믽', '민지']) {
      expect(matchesName('민지', typing), typing).toBe(true);
    }
    // Typing 박발기: 발, 밝 (ㄹ and ㄱ as finals), then 발기.
    expect(matchesName('박발기', '밝')).toBe(true);
    expect(matchesName('박발기', '박ㅂ')).toBe(true);
    expect(matchesName('민지', '밎')).toBe(false);
  });

  it('mixes scripts', () => {
    expect(matchesName('민지 Kim', 'kim')).toBe(true);
    expect(matchesName('민지 Kim', '지 k')).toBe(true);
  });
});

describe('searchForm', () => {
  it('is the same for every encoding of a name', () => {
    expect(searchForm('민지')).toBe(searchForm('민지'.normalize('NFD')));
    expect(searchForm('Ｊｏｓé')).toBe('jose');
  });
});
