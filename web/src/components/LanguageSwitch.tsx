import { useId } from 'react';
import { localeNames, setLocale, useLocale, useT } from '../i18n/index.ts';
import type { Locale } from '../i18n/index.ts';

const isLocale = (value: string): value is Locale => value in localeNames;

/** Language picker; the choice is remembered for the next visit. */
export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm text-slate-400">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={locale}
        onChange={(e) => {
          if (isLocale(e.target.value)) setLocale(e.target.value);
        }}
        className="rounded-md border border-slate-700 bg-slate-900 px-2 py-1 text-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:outline-none"
      >
        {Object.entries(localeNames).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
