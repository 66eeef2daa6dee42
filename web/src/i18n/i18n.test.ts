import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ko } from './ko.ts';
import { getLocale, loadLocale, setLocale, translate } from './index.ts';

const dictionaries = { en, ko };

describe('translations', () => {
  it('gives every language every key, none of them empty', () => {
    const keys = Object.keys(en).sort();
    for (const [locale, dictionary] of Object.entries(dictionaries)) {
      expect(Object.keys(dictionary).sort(), locale).toEqual(keys);
      for (const [key, text] of Object.entries(dictionary))
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('keeps the same placeholders in every language', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(ko[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  // Module state: the order of these tests matters (Korean is fetched in the second one).
  it('reads a language not fetched yet as English, and shows English until then', () => {
    expect(translate('ko', 'lobby.join')).toBe('Join');
    expect(translate('ko', 'quality.rtt', { ms: '1,234' })).toBe(
      translate('en', 'quality.rtt', { ms: '1,234' }),
    );
    expect(getLocale()).toBe('en');
  });

  it('fetches a language once, then fills placeholders and formats numbers for it', async () => {
    const first = loadLocale('ko');
    expect(loadLocale('ko')).toBe(first);
    expect(await first).toBe(ko);
    expect(translate('en', 'tile.videoOf', { name: 'Ana' })).toBe('Video of Ana');
    expect(translate('ko', 'tile.videoOf', { name: '민지' })).toBe('민지님의 영상');
    expect(translate('ko', 'lobby.join')).toBe('입장');
  });

  it('switches language once its dictionary is here, the last choice winning', async () => {
    setLocale('ko');
    setLocale('en');
    await loadLocale('ko');
    await Promise.resolve();
    expect(getLocale()).toBe('en');
    setLocale('ko');
    await loadLocale('ko');
    await Promise.resolve();
    expect(getLocale()).toBe('ko');
  });
});
