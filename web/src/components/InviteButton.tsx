import { useEffect, useState } from 'react';
import { roomPath } from '../lib/router.ts';
import { LinkIcon } from './icons.tsx';
import { useT } from '../i18n/index.ts';

/** Copies the room's `/r/<room>` link; shows it for manual copying where the clipboard is refused. */
export function InviteButton({ room }: { room: string }) {
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle');
  const t = useT();
  const link = `${window.location.origin}${roomPath(room)}`;

  useEffect(() => {
    if (result !== 'copied') return;
    const timer = setTimeout(() => setResult('idle'), 3000);
    return () => clearTimeout(timer);
  }, [result]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setResult('copied');
    } catch {
      setResult('failed');
    }
  };

  return (
    <div className="flex items-center gap-2">
      <button
        type="button"
        onClick={() => void copy()}
        className="flex items-center gap-1.5 rounded-full bg-slate-800 px-3 py-1.5 text-sm hover:bg-slate-700 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none"
      >
        <LinkIcon className="h-4 w-4" />
        <span className="sr-only sm:not-sr-only">{t('invite.copy')}</span>
      </button>
      <span role="status" className="text-sm text-emerald-300">
        {result === 'copied' ? t('invite.copied') : ''}
      </span>
      {result === 'failed' && (
        <input
          readOnly
          aria-label={t('invite.link')}
          value={link}
          onFocus={(e) => e.currentTarget.select()}
          className="w-64 rounded-md border border-slate-700 bg-slate-900 px-2 py-1 text-sm"
        />
      )}
    </div>
  );
}
