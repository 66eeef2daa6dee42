import { useEffect } from 'react';
import { selectNotices, useAppStore } from '../store/index.ts';
import type { Notice } from '../store/index.ts';
import { useT } from '../i18n/index.ts';

const VISIBLE_MS = 5000;

function Toast({ notice }: { notice: Notice }) {
  const dismiss = useAppStore((s) => s.dismissNotice);
  const t = useT();
  useEffect(() => {
    const timer = setTimeout(() => dismiss(notice.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice.id, dismiss]);
  const text = t(notice.key, notice.values);
  if (notice.silent) return <li className="sr-only">{text}</li>;
  return (
    <li className="rounded-lg bg-slate-800/95 px-3 py-2 text-sm text-slate-100 shadow-lg">
      {text}
    </li>
  );
}

/** Joins, leaves, mute changes and failures: shown briefly and read out by screen readers. */
export function Notices() {
  const notices = useAppStore(selectNotices);
  const t = useT();
  return (
    <ul
      aria-live="polite"
      aria-label={t('notice.announcements')}
      data-testid="notices"
      className="pointer-events-none fixed top-16 left-1/2 z-20 flex w-max max-w-[calc(100vw-2rem)] -translate-x-1/2 flex-col items-center gap-2"
    >
      {notices.map((n) => (
        <Toast key={n.id} notice={n} />
      ))}
    </ul>
  );
}
