import { useCallback, useId, useState } from 'react';
import { controller } from '../lib/controller.ts';
import { FileLimits } from '../rtc/files/fileFrames.ts';
import type { ShareRefusal } from '../rtc/files/FileTransfers.ts';
import { useT } from '../i18n/index.ts';
import type { MessageKey } from '../i18n/index.ts';

const refusals: Record<ShareRefusal, MessageKey> = {
  'too-large': 'files.tooLarge',
  'no-peers': 'files.noPeers',
  unreadable: 'files.unreadable',
};

/**
 * Offers a picked or dropped file to everyone; the refusal (too large, no one) to show, and the
 * files still being made ready: read and hashed, and in an SFU room the links to everyone made
 * first, which can take seconds (fileLinks.ts).
 */
export function useFileOffer() {
  const [refusal, setRefusal] = useState<{ key: MessageKey; name: string } | null>(null);
  const [preparing, setPreparing] = useState<string[]>([]);
  const offer = useCallback((file: File) => {
    // Refused at once, before reading a byte: the receivers hold files in memory.
    if (file.size > FileLimits.maxBytes) {
      setRefusal({ key: 'files.tooLarge', name: file.name });
      return;
    }
    setRefusal(null);
    setPreparing((list) => [...list, file.name]);
    void controller
      .shareFile(file)
      .then(
        (why) => setRefusal(why ? { key: refusals[why], name: file.name } : null),
        () => setRefusal({ key: 'files.unreadable', name: file.name }),
      )
      .finally(() => setPreparing((list) => list.filter((_, i) => i !== list.indexOf(file.name))));
  }, []);
  return { offer, refusal, preparing };
}

/**
 * The chat panel's file input (labelled **Share a file**, the QA contract). Files travel only on
 * peer-to-peer data channels, never through a server (in an SFU room, on links made for them).
 */
export function FilePicker({ offer, refusal, preparing }: ReturnType<typeof useFileOffer>) {
  const t = useT();
  const inputId = useId();
  const hintId = useId();
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2">
        <label
          htmlFor={inputId}
          className="cursor-pointer rounded-lg border border-slate-600 px-3 py-1.5 text-sm font-medium text-slate-100 hover:bg-slate-800 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-300"
        >
          {t('files.share')}
          <input
            id={inputId}
            type="file"
            className="sr-only"
            aria-describedby={hintId}
            onChange={(event) => {
              const file = event.target.files?.[0];
              // Cleared, so picking the same file again offers it again.
              event.target.value = '';
              if (file) offer(file);
            }}
          />
        </label>
      </div>
      <p id={hintId} className="text-xs text-slate-400">
        {t('files.hint')}
      </p>
      {preparing.map((name, i) => (
        <p key={`${i}:${name}`} role="status" className="text-xs text-slate-300">
          {t('files.preparing', { name })}
        </p>
      ))}
      {refusal && (
        <p role="alert" className="text-xs text-red-300">
          {t(refusal.key, { name: refusal.name })}
        </p>
      )}
    </div>
  );
}
