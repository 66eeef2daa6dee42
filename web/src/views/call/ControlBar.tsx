import type { RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controller } from '../../lib/controller.ts';
import { useT } from '../../i18n/index.ts';
import { selectMedia, selectUnread, useAppStore } from '../../store/index.ts';
import { ControlButton } from '../../components/ControlButton.tsx';
import { MediaToggles } from '../../components/MediaToggles.tsx';
import { HandToggle, ReactionsMenu } from '../../components/GestureControls.tsx';
import {
  ChatIcon,
  GearIcon,
  KeyboardIcon,
  PeopleIcon,
  PhoneOffIcon,
  ScreenIcon,
} from '../../components/icons.tsx';
import type { Panel } from './SidePanel.tsx';

export type CallDialog = 'devices' | 'shortcuts';

const canShareScreen = () =>
  typeof (navigator.mediaDevices as MediaDevices | undefined)?.getDisplayMedia === 'function';

/**
 * The call's controls. The chat and participants toggles take `chatToggle` and
 * `peopleToggle`, so that closing a panel can return the focus to its toggle.
 */
export function ControlBar({
  panel,
  onPanel,
  onDialog,
  chatToggle,
  peopleToggle,
}: {
  panel: Panel | null;
  onPanel: (next: Panel | null) => void;
  onDialog: (dialog: CallDialog) => void;
  chatToggle: RefObject<HTMLButtonElement | null>;
  peopleToggle: RefObject<HTMLButtonElement | null>;
}) {
  const t = useT();
  const media = useAppStore(useShallow(selectMedia));
  const unread = useAppStore(selectUnread);
  return (
    <nav
      aria-label={t('call.controls')}
      className="relative flex flex-wrap items-center justify-center gap-2 px-2 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:gap-3 sm:px-4 sm:py-4"
    >
      <MediaToggles />
      {canShareScreen() && (
        <ControlButton
          label={t('control.shareScreen')}
          hint={media.sharing ? t('control.stopPresenting') : t('control.present')}
          pressed={media.sharing}
          onClick={() => void controller.toggleScreenShare()}
        >
          <ScreenIcon />
        </ControlButton>
      )}
      <HandToggle />
      <ReactionsMenu />
      <ControlButton
        ref={chatToggle}
        label={t('control.chat')}
        hint={t('control.chatHint')}
        pressed={panel === 'chat'}
        onClick={() => onPanel(panel === 'chat' ? null : 'chat')}
        description={unread > 0 ? t('control.unread', { count: unread }) : undefined}
        badge={
          unread > 0 && (
            <span
              data-testid="unread-badge"
              className="absolute -top-1 -right-1 min-w-5 rounded-full bg-rose-600 px-1 text-xs font-semibold text-white"
            >
              {unread}
            </span>
          )
        }
      >
        <ChatIcon />
      </ControlButton>
      <ControlButton
        ref={peopleToggle}
        label={t('control.participants')}
        hint={t('control.participantsHint')}
        pressed={panel === 'people'}
        onClick={() => onPanel(panel === 'people' ? null : 'people')}
      >
        <PeopleIcon />
      </ControlButton>
      <ControlButton
        label={t('control.devices')}
        hint={t('control.devicesHint')}
        onClick={() => onDialog('devices')}
      >
        <GearIcon />
      </ControlButton>
      {/* Phones have no keyboard to use shortcuts with: the control is left out there. */}
      <ControlButton
        label={t('control.shortcuts')}
        hint={t('control.shortcutsHint')}
        onClick={() => onDialog('shortcuts')}
        className="hidden sm:flex"
      >
        <KeyboardIcon />
      </ControlButton>
      <button
        type="button"
        onClick={() => void controller.leave()}
        title={t('call.leave')}
        className="flex h-11 min-w-11 shrink-0 items-center justify-center gap-2 rounded-full bg-rose-600 px-3 font-medium text-white hover:bg-rose-500 focus-visible:ring-2 focus-visible:ring-rose-300 focus-visible:ring-offset-2 focus-visible:ring-offset-slate-950 focus-visible:outline-none sm:h-12 sm:px-6"
      >
        <PhoneOffIcon />
        <span className="sr-only sm:not-sr-only">{t('call.leave')}</span>
      </button>
    </nav>
  );
}
