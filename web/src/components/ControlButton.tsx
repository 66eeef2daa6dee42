import { useId } from 'react';
import type { ReactNode, Ref } from 'react';

/**
 * A round call-control button. Toggles expose their state with aria-pressed;
 * the accessible name stays the same in both states (e.g. "Microphone").
 * 44 px on phones (the smallest comfortable touch target), 48 px above.
 */
export function ControlButton({
  label,
  hint,
  pressed,
  danger = false,
  onClick,
  children,
  badge,
  description,
  disabled = false,
  className = 'flex',
  ref,
  expanded,
  controls,
}: {
  label: string;
  /** Tooltip: what a click does now, and the shortcut. */
  hint: string;
  pressed?: boolean;
  /** Drawn in alarm colours (a muted microphone, a camera off). */
  danger?: boolean;
  onClick: () => void;
  children: ReactNode;
  /** Drawn over the corner (e.g. an unread count); hidden from screen readers. */
  badge?: ReactNode;
  /** Read after the name (e.g. "2 unread"). */
  description?: string | undefined;
  disabled?: boolean;
  /** Display classes, e.g. to leave a control out on small screens. */
  className?: string;
  ref?: Ref<HTMLButtonElement>;
  /** For a control that opens a popup: whether it is open, and the popup's id. */
  expanded?: boolean;
  controls?: string | undefined;
}) {
  const descriptionId = useId();
  const colours = danger
    ? 'bg-rose-600 text-white hover:bg-rose-500'
    : pressed
      ? 'bg-indigo-600 text-white hover:bg-indigo-500'
      : 'bg-slate-800 text-slate-100 hover:bg-slate-700';
  return (
    <button
      ref={ref}
      type="button"
      aria-label={label}
      aria-pressed={pressed}
      aria-expanded={expanded}
      aria-controls={controls}
      aria-describedby={description ? descriptionId : undefined}
      title={hint}
      onClick={onClick}
      disabled={disabled}
      className={`relative h-11 w-11 shrink-0 items-center justify-center rounded-full focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:ring-offset-2 focus-visible:ring-offset-slate-950 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50 sm:h-12 sm:w-12 ${colours} ${className}`}
    >
      {children}
      {badge && <span aria-hidden="true">{badge}</span>}
      {description && (
        <span id={descriptionId} className="sr-only">
          {description}
        </span>
      )}
    </button>
  );
}
