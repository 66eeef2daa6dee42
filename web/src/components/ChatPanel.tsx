import { useEffect, useId, useRef, useState } from 'react';
import type { SubmitEvent } from 'react';
import { controller } from '../lib/controller.ts';
import { ChatLimits } from '../rtc/chatMessage.ts';
import { selectMessages, useAppStore } from '../store/index.ts';
import { inputClass } from './Layout.tsx';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Text chat. Messages render as text nodes only: markup in them shows as typed. */
export function ChatPanel() {
  const messages = useAppStore(selectMessages);
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const inputId = useId();
  const headingId = useId();

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (controller.sendChat(draft)) setDraft('');
  };

  return (
    <section aria-labelledby={headingId} className="flex h-full min-h-0 flex-col gap-3">
      <h2 id={headingId} className="text-base font-semibold">
        Chat
      </h2>
      <p className="text-xs text-slate-400">
        Messages go straight to the people in the call. They are not stored anywhere.
      </p>
      <ol
        ref={list}
        role="log"
        aria-label="Messages"
        className="min-h-0 flex-1 space-y-3 overflow-y-auto"
      >
        {messages.map((m) => (
          <li key={`${m.from ?? 'self'}:${m.id}`} data-testid="chat-message" className="text-sm">
            <div className="flex items-baseline gap-2 text-xs text-slate-400">
              <span data-testid="chat-author" className="font-medium text-slate-200">
                {m.from === null ? 'You' : m.name}
              </span>
              <time dateTime={new Date(m.at).toISOString()}>{time.format(m.at)}</time>
            </div>
            <p data-testid="chat-text" className="break-words whitespace-pre-wrap">
              {m.text}
            </p>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="flex gap-2">
        <label htmlFor={inputId} className="sr-only">
          Message
        </label>
        <input
          id={inputId}
          className={inputClass}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={ChatLimits.maxTextLength}
          autoComplete="off"
          placeholder="Send a message"
        />
        <button
          type="submit"
          className="rounded-lg bg-indigo-500 px-3 text-sm font-medium text-white hover:bg-indigo-400 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none"
        >
          Send
        </button>
      </form>
    </section>
  );
}
