import { useFocusOnMount } from '../../lib/useFocusOnMount.ts';
import { useT } from '../../i18n/index.ts';
import { selectServerLink, useAppStore } from '../../store/index.ts';
import { InviteButton } from '../../components/InviteButton.tsx';

/** The room's name (focused when the call view appears), the link state and the invite. */
export function CallHeader({ room }: { room: string }) {
  const t = useT();
  const serverLink = useAppStore(selectServerLink);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <header className="flex items-center justify-between gap-3 px-3 py-2 sm:px-4 sm:py-3">
      <h1
        ref={heading}
        tabIndex={-1}
        className="min-w-0 truncate text-lg font-semibold focus:outline-none"
      >
        {room}
      </h1>
      <div className="flex shrink-0 items-center gap-3">
        {serverLink === 'reconnecting' && (
          <p
            role="status"
            className="rounded-full bg-amber-500/20 px-3 py-1 text-sm text-amber-200"
          >
            {t('call.reconnecting')}
          </p>
        )}
        <InviteButton room={room} />
      </div>
    </header>
  );
}
