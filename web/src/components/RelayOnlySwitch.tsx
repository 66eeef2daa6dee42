import { useId } from 'react';
import { useT } from '../i18n/index.ts';

/** The relay-only privacy option of the pre-join view. */
export function RelayOnlySwitch({
  checked,
  available,
  onChange,
}: {
  checked: boolean;
  /** The server has a relay; without one, relay-only calls cannot connect. */
  available: boolean;
  onChange: (relayOnly: boolean) => void;
}) {
  const id = useId();
  const t = useT();
  return (
    <div className="flex items-start gap-3 rounded-lg border border-slate-800 bg-slate-900/60 px-3 py-2.5">
      <input
        id={id}
        type="checkbox"
        className="mt-1 h-4 w-4 accent-indigo-500"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-hint`}
      />
      <div className="flex flex-col gap-0.5">
        <label htmlFor={id} className="text-sm font-medium text-slate-200">
          {t('relayOnly.label')}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-400">
          {available ? t('relayOnly.hint') : t('relayOnly.unavailable')}
        </p>
      </div>
    </div>
  );
}
