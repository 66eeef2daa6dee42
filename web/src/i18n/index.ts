import { useSyncExternalStore } from 'react';
import { en } from './en.ts';
import type { Dictionary, MessageKey } from './en.ts';
import { ko } from './ko.ts';

export type { MessageKey } from './en.ts';

export const locales = { en, ko } satisfies Record<string, Dictionary>;
export type Locale = keyof typeof locales;
export const localeNames: Record<Locale, string> = { en: 'English', ko: '한국어' };

const STORAGE_KEY = 'room-call:locale';

const isLocale = (value: string | null | undefined): value is Locale =>
  value !== null && value !== undefined && value in locales;

/** The remembered choice, else the first browser language we speak, else English. */
export function detectLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage may be unavailable; fall through to the browser's languages.
  }
  for (const tag of navigator.languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

let current: Locale = typeof navigator === 'undefined' ? 'en' : detectLocale();
const listeners = new Set<() => void>();

function apply(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
apply(current);

export function setLocale(locale: Locale): void {
  current = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembering the choice is acceptable.
  }
  apply(locale);
  for (const listener of listeners) listener();
}

export const getLocale = (): Locale => current;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translate(
  locale: Locale,
  key: MessageKey,
  values?: Record<string, string | number>,
): string {
  const template: string = locales[locale][key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = values[name];
    return value === undefined
      ? match
      : typeof value === 'number'
        ? new Intl.NumberFormat(locale).format(value)
        : value;
  });
}

/** The translator for the current language; components re-render when it changes. */
export function useT(): Translate {
  const locale = useSyncExternalStore(subscribe, getLocale);
  return (key, values) => translate(locale, key, values);
}

export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale);
}
