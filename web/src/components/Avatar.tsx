const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The name card shown instead of a camera that is off. */
export function Avatar({ name }: { name: string }) {
  const first = graphemes.segment(name.trim())[Symbol.iterator]().next();
  const initial = first.done ? '?' : first.value.segment.toUpperCase();
  return (
    <div className="flex h-full flex-col items-center justify-center gap-2">
      <span
        aria-hidden="true"
        className="flex h-16 w-16 items-center justify-center rounded-full bg-indigo-600 text-2xl font-semibold text-white"
      >
        {initial}
      </span>
      <span className="max-w-[90%] truncate text-sm text-slate-300">{name}</span>
    </div>
  );
}
