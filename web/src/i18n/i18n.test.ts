import { describe, expect, it } from 'vitest';
import { locales, translate } from './index.ts';

describe('translations', () => {
  it('gives every language every key, none of them empty', () => {
    const keys = Object.keys(locales.en).sort();
    for (const [locale, dictionary] of Object.entries(locales)) {
      expect(Object.keys(dictionary).sort(), locale).toEqual(keys);
      for (const [key, text] of Object.entries(dictionary))
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('keeps the same placeholders in every language', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(locales.en)) {
      expect(placeholders(locales.ko[key as keyof typeof locales.en]), key).toEqual(
        placeholders(text),
      );
    }
  });

  it('fills placeholders and formats numbers for the language', () => {
    expect(translate('en', 'tile.videoOf', { name: 'Ana' })).toBe('Video of Ana');
    expect(translate('ko', 'tile.videoOf', { name: '민지' })).toBe('민지님의 영상');
    expect(translate('ko', 'lobby.join')).toBe('입장');
  });
});
