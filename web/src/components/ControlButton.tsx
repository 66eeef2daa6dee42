import type { ReactNode } from 'react';

/**
 * A round call-control button. Toggles expose their state with aria-pressed;
 * the accessible name stays the same in both states (e.g. "Microphone").
 */
export function ControlButton({
  label,
  hint,
  pressed,
  danger = false,
  onClick,
  children,
  badge,
  disabled = false,
}: {
  label: string;
  /** Tooltip: what a click does now, and the shortcut. */
  hint: string;
  pressed?: boolean;
  /** Drawn in alarm colours (a muted microphone, a camera off). */
  danger?: boolean;
  onClick: () => void;
  children: ReactNode;
  badge?: ReactNode;
  disabled?: boolean;
}) {
  const colours = danger
    ? 'bg-rose-600 text-white hover:bg-rose-500'
    : pressed
      ? 'bg-indigo-500 text-white hover:bg-indigo-400'
      : 'bg-slate-800 text-slate-100 hover:bg-slate-700';
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={pressed}
      title={hint}
      onClick={onClick}
      disabled={disabled}
      className={`relative flex h-12 w-12 items-center justify-center rounded-full focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50 ${colours}`}
    >
      {children}
      {badge}
    </button>
  );
}
