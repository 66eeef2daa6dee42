import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controller } from '../lib/controller.ts';
import { useT } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';

const pill =
  'min-h-11 rounded-full border px-4 py-2 text-sm font-medium focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none aria-pressed:border-indigo-400 aria-pressed:bg-indigo-600 aria-pressed:text-white border-slate-700 bg-slate-900 text-slate-200 hover:bg-slate-800 aria-pressed:hover:bg-indigo-500';

/**
 * Background blur and noise suppression (pre-join and the call's devices dialog). Each is a
 * toggle with aria-pressed; "strong" adds RNNoise to the browser's suppression. A machine too
 * slow for blur turns it off, and the line below says so (a live region).
 */
export function EffectsToggles() {
  const t = useT();
  const strongId = useId();
  const { effects, tooSlow } = useAppStore(
    useShallow((s) => ({ effects: s.effects, tooSlow: s.blurTooSlow })),
  );
  const noiseOn = effects.noise !== 'off';
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={pill}
          aria-pressed={effects.blur}
          onClick={() => void controller.setBlur(!effects.blur)}
        >
          {t('effects.blur')}
        </button>
        <button
          type="button"
          className={pill}
          aria-pressed={noiseOn}
          onClick={() => void controller.setNoise(noiseOn ? 'off' : 'browser')}
        >
          {t('effects.noise')}
        </button>
        {noiseOn && (
          <label
            htmlFor={strongId}
            className="flex min-h-11 items-center gap-2 text-sm text-slate-300"
          >
            <input
              id={strongId}
              type="checkbox"
              className="h-4 w-4 accent-indigo-500"
              checked={effects.noise === 'strong'}
              onChange={(e) => void controller.setNoise(e.target.checked ? 'strong' : 'browser')}
            />
            {t('effects.strong')}
          </label>
        )}
      </div>
      <p role="status" className="text-sm text-amber-300 empty:hidden">
        {tooSlow ? t('effects.blurTooSlow') : ''}
      </p>
    </div>
  );
}
