import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { Reactions } from '../../../signal/protocol.ts';
import { controller } from '../lib/controller.ts';
import { reactionNames } from '../lib/reactions.ts';
import { useT } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import { ControlButton } from './ControlButton.tsx';
import { HandIcon, SmileIcon } from './icons.tsx';

/** Raise hand: up until we lower it (or speak for a while, see Gestures). */
export function HandToggle() {
  const t = useT();
  const raised = useAppStore((s) => s.self?.hand != null);
  return (
    <ControlButton
      label={t('control.raiseHand')}
      hint={raised ? t('control.lowerHandHint') : t('control.raiseHandHint')}
      pressed={raised}
      onClick={() => controller.toggleHand()}
    >
      <HandIcon />
    </ControlButton>
  );
}

/**
 * Reactions: a button that opens a row of emoji buttons. The row stays open after a pick, so a
 * few can be sent in a row; Escape, the button again or a click elsewhere closes it. It is placed
 * against the control bar (the nearest positioned ancestor), centred, so it fits a phone's width.
 */
export function ReactionsMenu() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (!menu.current?.contains(target) && !toggle.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    setOpen(false);
    toggle.current?.focus();
  };
  return (
    <>
      <ControlButton
        ref={toggle}
        label={t('control.reactions')}
        hint={t('control.reactionsHint')}
        expanded={open}
        controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
      >
        <SmileIcon />
      </ControlButton>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="group"
          aria-label={t('control.reactions')}
          onKeyDown={onKey}
          className="absolute bottom-full left-1/2 z-10 mb-1 flex -translate-x-1/2 gap-1 rounded-full border border-slate-700 bg-slate-900 p-1 shadow-lg"
        >
          {Reactions.map((emoji) => (
            <button
              key={emoji}
              type="button"
              aria-label={t('reaction.with', { reaction: t(reactionNames[emoji]) })}
              title={t(reactionNames[emoji])}
              onClick={() => controller.react(emoji)}
              className="flex h-11 w-11 items-center justify-center rounded-full text-2xl hover:bg-slate-700 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none"
            >
              <span aria-hidden="true">{emoji}</span>
            </button>
          ))}
        </div>
      )}
    </>
  );
}
