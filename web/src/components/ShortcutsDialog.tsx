import { Modal } from './Modal.tsx';

export const shortcutList = [
  { key: 'M', action: 'Turn the microphone off or on' },
  { key: 'V', action: 'Turn the camera off or on' },
  { key: '?', action: 'Show these shortcuts' },
] as const;

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" open={open} onClose={onClose}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {shortcutList.map((s) => (
          <div key={s.key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-600 bg-slate-800 px-2 py-0.5 font-mono">
                {s.key}
              </kbd>
            </dt>
            <dd className="text-slate-300">{s.action}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 text-xs text-slate-400">
        Shortcuts do nothing while you type in a text box.
      </p>
    </Modal>
  );
}
