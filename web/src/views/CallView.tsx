import { Fragment, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controller } from '../lib/controller.ts';
import { useShortcuts } from '../lib/useShortcuts.ts';
import { useFocusOnMount } from '../lib/useFocusOnMount.ts';
import { useT } from '../i18n/index.ts';
import {
  selectMedia,
  selectPeerList,
  selectPeers,
  selectSelf,
  selectSelfSpeaking,
  selectServerLink,
  selectUnread,
  useAppStore,
} from '../store/index.ts';
import { PeerTile } from '../components/PeerTile.tsx';
import { TileGrid } from '../components/TileGrid.tsx';
import { ScreenTile } from '../components/ScreenTile.tsx';
import { LocalCamera } from '../components/LocalCamera.tsx';
import { ControlButton } from '../components/ControlButton.tsx';
import { MediaToggles } from '../components/MediaToggles.tsx';
import { ChatPanel } from '../components/ChatPanel.tsx';
import { ParticipantsPanel } from '../components/ParticipantsPanel.tsx';
import { DeviceSelects } from '../components/DeviceSelects.tsx';
import { InviteButton } from '../components/InviteButton.tsx';
import { Modal } from '../components/Modal.tsx';
import { Notices } from '../components/Notices.tsx';
import { ShortcutsDialog } from '../components/ShortcutsDialog.tsx';
import {
  ChatIcon,
  CloseIcon,
  GearIcon,
  KeyboardIcon,
  MicOffIcon,
  PeopleIcon,
  PhoneOffIcon,
  ScreenIcon,
} from '../components/icons.tsx';

const canShareScreen = () =>
  typeof (navigator.mediaDevices as MediaDevices | undefined)?.getDisplayMedia === 'function';

type Panel = 'chat' | 'people';

interface Tile {
  key: string;
  render: (pinned: boolean) => ReactNode;
}

export function CallView({ room }: { room: string }) {
  const t = useT();
  const peers = selectPeerList(useAppStore(selectPeers));
  const self = useAppStore(selectSelf);
  const serverLink = useAppStore(selectServerLink);
  const media = useAppStore(useShallow(selectMedia));
  const selfSpeaking = useAppStore(selectSelfSpeaking);
  const unread = useAppStore(selectUnread);
  const setChatOpen = useAppStore((s) => s.setChatOpen);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [dialog, setDialog] = useState<'devices' | 'shortcuts' | null>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const aside = useRef<HTMLElement>(null);
  const chatToggle = useRef<HTMLButtonElement>(null);
  const peopleToggle = useRef<HTMLButtonElement>(null);

  const openPanel = (next: Panel | null) => {
    setPanel(next);
    setChatOpen(next === 'chat');
  };
  const closePanel = () => {
    (panel === 'chat' ? chatToggle : peopleToggle).current?.focus();
    openPanel(null);
  };

  // An opened panel takes the focus: the message box, or the panel's heading.
  useEffect(() => {
    aside.current?.querySelector<HTMLElement>('input, [tabindex="-1"]')?.focus();
  }, [panel]);

  useShortcuts({
    m: () => void controller.toggleMicrophone(),
    v: () => void controller.toggleCamera(),
    '?': () => setDialog('shortcuts'),
  });

  const togglePin = (key: string) => setPinned((current) => (current === key ? null : key));
  const tiles: Tile[] = [];
  for (const peer of peers) {
    tiles.push({
      key: peer.id,
      render: (isPinned) => (
        <PeerTile peer={peer} pinned={isPinned} onPin={() => togglePin(peer.id)} />
      ),
    });
    if (peer.hasScreen && peer.screen) {
      const key = `${peer.id}:screen`;
      tiles.push({
        key,
        render: (isPinned) => (
          <ScreenTile
            name={peer.name}
            stream={controller.remoteScreen(peer.id)}
            version={peer.screenVersion}
            pinned={isPinned}
            onPin={() => togglePin(key)}
          />
        ),
      });
    }
  }
  if (media.sharing) {
    tiles.push({
      key: 'own-screen',
      render: (isPinned) => (
        <ScreenTile
          name={self?.name ?? ''}
          stream={controller.ownScreen}
          version={media.version}
          own
          pinned={isPinned}
          onPin={() => togglePin('own-screen')}
        />
      ),
    });
  }
  const pinnedTile = tiles.find((tile) => tile.key === pinned);
  const others = tiles.filter((tile) => tile !== pinnedTile);

  const onPanelKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    closePanel();
  };

  let stage: ReactNode;
  if (tiles.length === 0) {
    stage = (
      <div className="flex h-full flex-col items-center justify-center gap-1 px-4 text-center text-slate-400">
        <p>{t('call.waiting')}</p>
        <p className="text-sm">{t('call.shareInvite')}</p>
      </div>
    );
  } else if (pinnedTile) {
    stage = (
      <div className="flex h-full flex-col gap-3">
        <div className="min-h-0 flex-1">{pinnedTile.render(true)}</div>
        {others.length > 0 && (
          <div className="flex h-24 shrink-0 gap-3 overflow-x-auto pr-32 sm:h-32 sm:pr-60">
            {others.map((tile) => (
              <div key={tile.key} className="aspect-video h-full shrink-0">
                {tile.render(false)}
              </div>
            ))}
          </div>
        )}
      </div>
    );
  } else {
    stage = (
      <TileGrid>
        {tiles.map((tile) => (
          <Fragment key={tile.key}>{tile.render(false)}</Fragment>
        ))}
      </TileGrid>
    );
  }

  return (
    <main className="flex h-full flex-col overflow-hidden">
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
      <Notices />
      <div className="relative flex min-h-0 flex-1 gap-3 px-2 sm:px-4">
        <section
          aria-label={t('call.participants')}
          className="relative min-h-0 min-w-0 flex-1 overflow-hidden"
        >
          {stage}
          <div
            data-testid="self-view"
            data-speaking={selfSpeaking}
            className={`absolute right-2 bottom-2 aspect-video w-28 overflow-hidden rounded-lg border bg-slate-900 shadow-lg sm:bottom-3 sm:w-56 ${
              selfSpeaking ? 'border-emerald-400 ring-2 ring-emerald-400' : 'border-slate-700'
            }`}
          >
            <LocalCamera label={t('call.yourCamera')} off={t('call.cameraOff')} small />
            <span className="absolute bottom-1 left-1 flex max-w-[95%] items-center gap-1 truncate rounded bg-slate-950/70 px-1.5 text-xs">
              {!media.micOn && <MicOffIcon className="h-3.5 w-3.5 shrink-0 text-rose-300" />}
              {t('call.you', { name: self?.name ?? '' })}
            </span>
          </div>
        </section>
        {panel && (
          <aside
            ref={aside}
            aria-label={t('call.sidePanel')}
            onKeyDown={onPanelKey}
            className="absolute inset-0 z-20 mx-2 rounded-xl border border-slate-800 bg-slate-900 p-4 md:relative md:inset-auto md:mx-0 md:w-80 md:max-w-[45%] md:shrink-0 md:bg-slate-900/70"
          >
            <button
              type="button"
              aria-label={t('call.closePanel')}
              title={t('call.closePanel')}
              onClick={closePanel}
              className="absolute top-3 right-3 flex h-8 w-8 items-center justify-center rounded-md text-slate-300 hover:bg-slate-800 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none"
            >
              <CloseIcon className="h-4 w-4" />
            </button>
            {panel === 'chat' ? <ChatPanel /> : <ParticipantsPanel />}
          </aside>
        )}
      </div>
      <nav
        aria-label={t('call.controls')}
        className="flex flex-wrap items-center justify-center gap-2 px-2 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:gap-3 sm:px-4 sm:py-4"
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
        <ControlButton
          ref={chatToggle}
          label={t('control.chat')}
          hint={t('control.chatHint')}
          pressed={panel === 'chat'}
          onClick={() => openPanel(panel === 'chat' ? null : 'chat')}
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
          onClick={() => openPanel(panel === 'people' ? null : 'people')}
        >
          <PeopleIcon />
        </ControlButton>
        <ControlButton
          label={t('control.devices')}
          hint={t('control.devicesHint')}
          onClick={() => setDialog('devices')}
        >
          <GearIcon />
        </ControlButton>
        {/* Phones have no keyboard to use shortcuts with: the control is left out there. */}
        <ControlButton
          label={t('control.shortcuts')}
          hint={t('control.shortcutsHint')}
          onClick={() => setDialog('shortcuts')}
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
      <Modal title={t('devices.title')} open={dialog === 'devices'} onClose={() => setDialog(null)}>
        <DeviceSelects />
      </Modal>
      <ShortcutsDialog open={dialog === 'shortcuts'} onClose={() => setDialog(null)} />
    </main>
  );
}
