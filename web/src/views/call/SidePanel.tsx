import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useT } from '../../i18n/index.ts';
import { ChatPanel } from '../../components/ChatPanel.tsx';
import { ParticipantsPanel } from '../../components/ParticipantsPanel.tsx';
import { CloseIcon } from '../../components/icons.tsx';

export type Panel = 'chat' | 'people';

/**
 * The chat or participants panel beside the stage (over it on small screens).
 * `onClose` closes it from its close button or Escape, and returns the focus.
 */
export function SidePanel({ panel, onClose }: { panel: Panel; onClose: () => void }) {
  const t = useT();
  const aside = useRef<HTMLElement>(null);

  // An opened panel takes the focus: the message box, or the panel's heading.
  useEffect(() => {
    aside.current?.querySelector<HTMLElement>('input, [tabindex="-1"]')?.focus();
  }, [panel]);

  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onClose();
  };

  return (
    <aside
      ref={aside}
      aria-label={t('call.sidePanel')}
      onKeyDown={onKey}
      className="absolute inset-0 z-20 mx-2 rounded-xl border border-slate-800 bg-slate-900 p-4 md:relative md:inset-auto md:mx-0 md:w-80 md:max-w-[45%] md:shrink-0 md:bg-slate-900/70"
    >
      <button
        type="button"
        aria-label={t('call.closePanel')}
        title={t('call.closePanel')}
        onClick={onClose}
        className="absolute top-3 right-3 z-10 flex h-8 w-8 items-center justify-center rounded-md text-slate-300 hover:bg-slate-800 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none"
      >
        <CloseIcon className="h-4 w-4" />
      </button>
      {panel === 'chat' ? <ChatPanel /> : <ParticipantsPanel />}
    </aside>
  );
}
