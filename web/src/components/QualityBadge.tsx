import { useId } from 'react';
import { describeQuality } from '../rtc/quality.ts';
import { useLocale, useT } from '../i18n/index.ts';
import type { PeerQuality } from '../store/index.ts';

const bars = { good: 3, fair: 2, poor: 1, unknown: 0 } as const;
const colour = {
  good: 'text-emerald-400',
  fair: 'text-amber-400',
  poor: 'text-rose-400',
  unknown: 'text-slate-400',
} as const;

/** Signal bars for one connection; hover or focus shows the numbers behind them. */
export function QualityBadge({ quality }: { quality: PeerQuality }) {
  const tipId = useId();
  const t = useT();
  const text = describeQuality(quality.level, quality.sample, useLocale());
  const lit = bars[quality.level];
  return (
    <span className="group/quality absolute top-2 right-2">
      <span
        tabIndex={0}
        role="img"
        aria-label={t('quality.label')}
        aria-describedby={tipId}
        data-testid="quality"
        data-quality={quality.level}
        className={`flex h-7 items-end gap-0.5 rounded-md bg-slate-950/70 px-1.5 py-1.5 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none ${colour[quality.level]}`}
      >
        {[1, 2, 3].map((n) => (
          <span
            key={n}
            className={`w-1 rounded-sm ${n <= lit ? 'bg-current' : 'bg-slate-600'}`}
            style={{ height: `${n * 5}px` }}
          />
        ))}
      </span>
      <span
        id={tipId}
        role="tooltip"
        className="invisible absolute top-8 right-0 z-10 w-56 rounded-md bg-slate-950/95 px-2 py-1.5 text-xs text-slate-100 shadow-lg group-focus-within/quality:visible group-hover/quality:visible"
      >
        {text}
      </span>
    </span>
  );
}
