import type { ReactNode } from 'react';
import { useT } from '../../i18n/index.ts';
import { ChevronLeftIcon, ChevronRightIcon } from '../../components/icons.tsx';

const buttonClass =
  'flex h-10 min-w-10 items-center justify-center rounded-full bg-slate-800 px-3 text-slate-100 hover:bg-slate-700 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none aria-disabled:cursor-default aria-disabled:opacity-40 aria-disabled:hover:bg-slate-800';

function PageButton({
  label,
  disabled,
  onClick,
  children,
}: {
  label: string;
  disabled: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  // aria-disabled rather than disabled: a button reaching the last page keeps the focus.
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-disabled={disabled}
      onClick={disabled ? undefined : onClick}
      className={buttonClass}
    >
      {children}
    </button>
  );
}

/**
 * Previous and Next page of the stage's participants, and which page this
 * is (read out as it changes). `page` counts from 0.
 */
export function StagePager({
  page,
  pages,
  onPage,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}) {
  const t = useT();
  return (
    <nav
      aria-label={t('stage.pages')}
      className="flex h-10 shrink-0 items-center justify-center gap-3 text-sm text-slate-300"
    >
      <PageButton
        label={t('stage.previousPage')}
        disabled={page <= 0}
        onClick={() => onPage(page - 1)}
      >
        <ChevronLeftIcon />
      </PageButton>
      <p role="status" className="min-w-24 text-center tabular-nums">
        {t('stage.page', { page: page + 1, pages })}
      </p>
      <PageButton
        label={t('stage.nextPage')}
        disabled={page >= pages - 1}
        onClick={() => onPage(page + 1)}
      >
        <ChevronRightIcon />
      </PageButton>
    </nav>
  );
}
