import { useSyncExternalStore } from 'react';
import { en } from './en.ts';
import type { Dictionary, MessageKey } from './en.ts';

export type { Dictionary, MessageKey } from './en.ts';

/**
 * English ships in the initial bundle; every other language is a chunk of its
 * own, fetched the first time it is needed. `main.tsx` waits for the detected
 * language before the first render, so nobody sees English flash by.
 * (Each dictionary is typed `Dictionary`: a missing key fails the type check.)
 */
const loaders = {
  ko: () => import('./ko.ts').then((m) => m.ko),
} satisfies Record<string, () => Promise<Dictionary>>;

export type Locale = 'en' | keyof typeof loaders;
export const localeNames: Record<Locale, string> = { en: 'English', ko: '한국어' };

const STORAGE_KEY = 'room-call:locale';

const isLocale = (value: string | null | undefined): value is Locale =>
  typeof value === 'string' && Object.hasOwn(localeNames, value);

const dictionaries: Partial<Record<Locale, Dictionary>> = { en };
const pending = new Map<Locale, Promise<Dictionary>>();

/** The dictionary of `locale`, fetched once (and again after a failed attempt). */
export function loadLocale(locale: Locale): Promise<Dictionary> {
  const ready = dictionaries[locale];
  if (ready) return Promise.resolve(ready);
  let loading = pending.get(locale);
  if (!loading) {
    loading = (locale === 'en' ? Promise.resolve(en) : loaders[locale]()).then(
      (dictionary) => {
        dictionaries[locale] = dictionary;
        pending.delete(locale);
        return dictionary;
      },
      (error: unknown) => {
        pending.delete(locale);
        throw error;
      },
    );
    pending.set(locale, loading);
  }
  return loading;
}

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

/** The language shown; its dictionary is always loaded. */
let current: Locale = 'en';
/** The language last asked for (a slow fetch must not override a later choice). */
let requested: Locale = 'en';
const listeners = new Set<() => void>();

function show(locale: Locale): void {
  current = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

/**
 * Before the first render: shows the remembered or browser language once its
 * dictionary is here; English if it cannot be fetched.
 */
export async function initLocale(): Promise<void> {
  const wanted = detectLocale();
  requested = wanted;
  try {
    await loadLocale(wanted);
  } catch {
    return;
  }
  if (requested === wanted) show(wanted);
}

/** Switches language (once its dictionary is here) and remembers the choice. */
export function setLocale(locale: Locale): void {
  requested = locale;
  loadLocale(locale).then(
    () => {
      if (requested !== locale) return;
      try {
        localStorage.setItem(STORAGE_KEY, locale);
      } catch {
        // Not remembering the choice is acceptable.
      }
      show(locale);
    },
    () => {
      // Offline or the chunk is gone: stay in the language shown.
      if (requested === locale) requested = current;
    },
  );
}

export const getLocale = (): Locale => current;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Synchronous; a language whose dictionary is not loaded (yet) reads as English. */
export function translate(
  locale: Locale,
  key: MessageKey,
  values?: Record<string, string | number>,
): string {
  const dictionary = dictionaries[locale];
  const template: string = (dictionary ?? en)[key];
  if (!values) return template;
  const numbers = dictionary ? locale : 'en';
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = values[name];
    return value === undefined
      ? match
      : typeof value === 'number'
        ? new Intl.NumberFormat(numbers).format(value)
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
