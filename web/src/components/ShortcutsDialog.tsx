import { Modal } from './Modal.tsx';
import { useT } from '../i18n/index.ts';

export const shortcutList = [
  { key: 'M', action: 'shortcuts.microphone' },
  { key: 'V', action: 'shortcuts.camera' },
  { key: 'H', action: 'shortcuts.hand' },
  { key: '?', action: 'shortcuts.help' },
] as const;

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Modal title={t('shortcuts.title')} open={open} onClose={onClose}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {shortcutList.map((s) => (
          <div key={s.key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-600 bg-slate-800 px-2 py-0.5 font-mono">
                {s.key}
              </kbd>
            </dt>
            <dd className="text-slate-300">{t(s.action)}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 text-xs text-slate-400">{t('shortcuts.typing')}</p>
    </Modal>
  );
}
