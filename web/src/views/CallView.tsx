import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controller } from '../lib/controller.ts';
import { useShortcuts } from '../lib/useShortcuts.ts';
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
import { VideoSurface } from '../components/VideoSurface.tsx';
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
  GearIcon,
  KeyboardIcon,
  MicOffIcon,
  PeopleIcon,
  PhoneOffIcon,
  ScreenIcon,
} from '../components/icons.tsx';

const canShareScreen = () =>
  typeof (navigator.mediaDevices as MediaDevices | undefined)?.getDisplayMedia === 'function';

type Panel = 'chat' | 'people' | null;

export function CallView({ room }: { room: string }) {
  const peers = selectPeerList(useAppStore(selectPeers));
  const self = useAppStore(selectSelf);
  const serverLink = useAppStore(selectServerLink);
  const media = useAppStore(useShallow(selectMedia));
  const selfSpeaking = useAppStore(selectSelfSpeaking);
  const unread = useAppStore(selectUnread);
  const setChatOpen = useAppStore((s) => s.setChatOpen);
  const [panel, setPanel] = useState<Panel>(null);
  const [dialog, setDialog] = useState<'devices' | 'shortcuts' | null>(null);

  const togglePanel = (which: Exclude<Panel, null>) => {
    const next = panel === which ? null : which;
    setPanel(next);
    setChatOpen(next === 'chat');
  };

  useShortcuts({
    m: () => void controller.toggleMicrophone(),
    v: () => void controller.toggleCamera(),
    '?': () => setDialog('shortcuts'),
  });

  const screens = peers.filter((p) => p.hasScreen && p.screen);
  const tileCount = peers.length + screens.length + (media.sharing ? 1 : 0);

  return (
    <main className="flex h-full flex-col">
      <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <h1 className="truncate text-lg font-semibold">{room}</h1>
        <div className="flex items-center gap-3">
          {serverLink === 'reconnecting' && (
            <p
              role="status"
              className="rounded-full bg-amber-500/20 px-3 py-1 text-sm text-amber-200"
            >
              Reconnecting to server…
            </p>
          )}
          <InviteButton room={room} />
        </div>
      </header>
      <Notices />
      <div className="flex min-h-0 flex-1 gap-3 px-4">
        <section aria-label="Participants" className="relative min-h-0 flex-1 overflow-hidden">
          {tileCount === 0 ? (
            <div className="flex h-full items-center justify-center text-slate-400">
              Waiting for others to join…
            </div>
          ) : (
            <TileGrid>
              {peers
                .flatMap((peer) => [
                  <PeerTile key={peer.id} peer={peer} />,
                  peer.hasScreen && peer.screen ? (
                    <ScreenTile
                      key={`${peer.id}:screen`}
                      name={peer.name}
                      stream={controller.remoteScreen(peer.id)}
                      version={peer.screenVersion}
                    />
                  ) : null,
                ])
                .concat(
                  media.sharing ? (
                    <ScreenTile
                      key="own-screen"
                      name={self?.name ?? ''}
                      stream={controller.ownScreen}
                      version={media.version}
                      own
                    />
                  ) : null,
                )
                .filter((tile) => tile !== null)}
            </TileGrid>
          )}
          <div
            data-testid="self-view"
            data-speaking={selfSpeaking}
            className={`absolute right-2 bottom-3 aspect-video w-40 overflow-hidden rounded-lg border bg-slate-900 shadow-lg sm:w-56 ${
              selfSpeaking ? 'border-emerald-400 ring-2 ring-emerald-400' : 'border-slate-700'
            }`}
          >
            {media.cameraOn ? (
              <VideoSurface
                stream={controller.local}
                version={media.version}
                muted
                mirrored
                label="Your camera"
              />
            ) : (
              <div className="flex h-full items-center justify-center text-xs text-slate-400">
                Camera off
              </div>
            )}
            <span className="absolute bottom-1 left-1 flex items-center gap-1 rounded bg-slate-950/70 px-1.5 text-xs">
              {!media.micOn && <MicOffIcon className="h-3.5 w-3.5 text-rose-300" />}
              {self?.name ?? ''} (you)
            </span>
          </div>
        </section>
        {panel && (
          <aside className="w-80 max-w-[45%] shrink-0 rounded-xl border border-slate-800 bg-slate-900/70 p-4">
            {panel === 'chat' ? <ChatPanel /> : <ParticipantsPanel />}
          </aside>
        )}
      </div>
      <nav
        aria-label="Call controls"
        className="flex flex-wrap items-center justify-center gap-3 px-4 py-4"
      >
        <MediaToggles />
        {canShareScreen() && (
          <ControlButton
            label="Share screen"
            hint={media.sharing ? 'Stop presenting' : 'Present your screen'}
            pressed={media.sharing}
            onClick={() => void controller.toggleScreenShare()}
          >
            <ScreenIcon />
          </ControlButton>
        )}
        <ControlButton
          label="Chat"
          hint="Chat with everyone"
          pressed={panel === 'chat'}
          onClick={() => togglePanel('chat')}
          badge={
            unread > 0 && (
              <span
                data-testid="unread-badge"
                className="absolute -top-1 -right-1 min-w-5 rounded-full bg-rose-500 px-1 text-xs font-semibold text-white"
              >
                {unread}
                <span className="sr-only"> unread</span>
              </span>
            )
          }
        >
          <ChatIcon />
        </ControlButton>
        <ControlButton
          label="Participants"
          hint="Who is here, and safety codes"
          pressed={panel === 'people'}
          onClick={() => togglePanel('people')}
        >
          <PeopleIcon />
        </ControlButton>
        <ControlButton
          label="Devices"
          hint="Choose camera, microphone and speaker"
          onClick={() => setDialog('devices')}
        >
          <GearIcon />
        </ControlButton>
        <ControlButton
          label="Keyboard shortcuts"
          hint="Keyboard shortcuts (?)"
          onClick={() => setDialog('shortcuts')}
        >
          <KeyboardIcon />
        </ControlButton>
        <button
          type="button"
          onClick={() => void controller.leave()}
          className="flex items-center gap-2 rounded-full bg-rose-600 px-6 py-3 font-medium text-white hover:bg-rose-500 focus-visible:ring-2 focus-visible:ring-rose-300 focus-visible:outline-none"
        >
          <PhoneOffIcon />
          Leave call
        </button>
      </nav>
      <Modal title="Devices" open={dialog === 'devices'} onClose={() => setDialog(null)}>
        <DeviceSelects />
      </Modal>
      <ShortcutsDialog open={dialog === 'shortcuts'} onClose={() => setDialog(null)} />
    </main>
  );
}
