import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { DragEvent, SubmitEvent } from 'react';
import { controller } from '../lib/controller.ts';
import { ChatLimits } from '../rtc/chatMessage.ts';
import { selectMediaMode, selectMessages, useAppStore } from '../store/index.ts';
import { inputClass } from './Layout.tsx';
import { FilePicker, useFileOffer } from './FilePicker.tsx';
import { FileTransferList } from './FileTransferList.tsx';
import { useLocale, useT } from '../i18n/index.ts';

/**
 * Text chat, and files: picked, or dropped anywhere on the panel (peer to peer in any room).
 * Messages and file names render as text nodes only: markup in them shows as typed.
 */
export function ChatPanel() {
  const messages = useAppStore(selectMessages);
  const viaServer = useAppStore(selectMediaMode) === 'sfu';
  const [draft, setDraft] = useState('');
  const files = useFileOffer();
  const [dragging, setDragging] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const inputId = useId();
  const headingId = useId();
  const t = useT();
  const locale = useLocale();
  const time = useMemo(
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
    [locale],
  );

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (controller.sendChat(draft)) setDraft('');
  };

  const isFileDrag = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  const onDragOver = (event: DragEvent) => {
    if (!isFileDrag(event)) return;
    event.preventDefault();
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    // Leaving for a child of the panel is no leaving.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    setDragging(false);
    if (!isFileDrag(event)) return;
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) files.offer(file);
  };

  return (
    <section
      aria-labelledby={headingId}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      // Relative for the drop overlay; SidePanel's close button sits above it (z-10).
      className="relative flex h-full min-h-0 flex-col gap-3"
    >
      {dragging && (
        <div
          data-testid="file-drop-overlay"
          className="pointer-events-none absolute inset-0 flex items-center justify-center rounded-lg border-2 border-dashed border-indigo-400 bg-slate-900/90 p-4 text-center text-sm font-medium"
        >
          {t('files.drop')}
        </div>
      )}
      <h2 id={headingId} className="pr-10 text-base font-semibold">
        {t('chat.title')}
      </h2>
      <p className="text-xs text-slate-400">{t(viaServer ? 'chat.privacySfu' : 'chat.privacy')}</p>
      {/* Focusable so the history can be scrolled from the keyboard. */}
      <div
        ref={list}
        role="log"
        aria-label={t('chat.messages')}
        tabIndex={0}
        className="min-h-0 flex-1 overflow-y-auto rounded-md"
      >
        <ol className="space-y-3">
          {messages.length === 0 && <li className="text-sm text-slate-400">{t('chat.empty')}</li>}
          {messages.map((m) => (
            <li key={`${m.from ?? 'self'}:${m.id}`} data-testid="chat-message" className="text-sm">
              <div className="flex items-baseline gap-2 text-xs text-slate-400">
                <span data-testid="chat-author" className="font-medium text-slate-200">
                  {m.from === null ? t('chat.you') : m.name}
                </span>
                <time dateTime={new Date(m.at).toISOString()}>{time.format(m.at)}</time>
              </div>
              <p data-testid="chat-text" className="break-words whitespace-pre-wrap">
                {m.text}
              </p>
            </li>
          ))}
        </ol>
      </div>
      <FileTransferList />
      <form onSubmit={submit} className="flex gap-2">
        <label htmlFor={inputId} className="sr-only">
          {t('chat.message')}
        </label>
        <input
          id={inputId}
          className={inputClass}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={ChatLimits.maxTextLength}
          autoComplete="off"
          placeholder={t('chat.placeholder')}
        />
        <button
          type="submit"
          className="rounded-lg bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none"
        >
          {t('chat.send')}
        </button>
      </form>
      <FilePicker {...files} />
    </section>
  );
}
