import type { PeerId } from '../../../signal/protocol.ts';
import { useT } from '../i18n/index.ts';
import { selectReactions, useAppStore } from '../store/index.ts';
import { HandIcon } from './icons.tsx';

/** The raised-hand mark: top centre of a tile (its corners hold actions and quality), or the self view's corner. */
export function HandMark({ small = false }: { small?: boolean }) {
  const t = useT();
  return (
    <span
      data-testid="hand-mark"
      role="img"
      aria-label={t('hand.raised')}
      className={`absolute z-10 flex items-center justify-center rounded-full bg-amber-400 text-slate-950 shadow ${
        small ? 'top-1 left-1 h-6 w-6' : 'top-2 left-1/2 h-9 w-9 -translate-x-1/2'
      }`}
    >
      <HandIcon className={small ? 'h-4 w-4' : 'h-5 w-5'} />
    </span>
  );
}

/**
 * The reactions of one person (null: ours) floating over their tile while they last. Hidden from
 * screen readers: each is announced in the live region instead (Gestures). The rise is left out
 * for people who asked for reduced motion.
 */
export function TileReactions({ from }: { from: PeerId | null }) {
  const reactions = useAppStore(selectReactions).filter((r) => r.from === from);
  if (reactions.length === 0) return null;
  return (
    <span
      aria-hidden="true"
      className="pointer-events-none absolute inset-x-0 bottom-8 z-10 flex flex-wrap-reverse justify-center gap-1"
    >
      {reactions.map((r) => (
        <span
          key={r.key}
          data-testid="reaction"
          className="animate-[reaction-rise_4s_ease-out_forwards] text-3xl drop-shadow motion-reduce:animate-none"
        >
          {r.emoji}
        </span>
      ))}
    </span>
  );
}
