import { useRef, useState } from 'react';
import { controller } from '../lib/controller.ts';
import { useShortcuts } from '../lib/useShortcuts.ts';
import { useT } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import { DeviceSelects } from '../components/DeviceSelects.tsx';
import { EffectsToggles } from '../components/EffectsToggles.tsx';
import { Modal } from '../components/Modal.tsx';
import { Notices } from '../components/Notices.tsx';
import { ShortcutsDialog } from '../components/ShortcutsDialog.tsx';
import { CallHeader } from './call/CallHeader.tsx';
import { CallStage } from './call/CallStage.tsx';
import { SelfView } from './call/SelfView.tsx';
import { SidePanel } from './call/SidePanel.tsx';
import type { Panel } from './call/SidePanel.tsx';
import { ControlBar } from './call/ControlBar.tsx';
import type { CallDialog } from './call/ControlBar.tsx';

export function CallView({ room }: { room: string }) {
  const t = useT();
  const setChatOpen = useAppStore((s) => s.setChatOpen);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [dialog, setDialog] = useState<CallDialog | null>(null);
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

  useShortcuts({
    m: () => void controller.toggleMicrophone(),
    v: () => void controller.toggleCamera(),
    h: () => controller.toggleHand(),
    '?': () => setDialog('shortcuts'),
  });

  return (
    <main className="flex h-full flex-col overflow-hidden">
      <CallHeader room={room} />
      <Notices />
      <div className="relative flex min-h-0 flex-1 gap-3 px-2 sm:px-4">
        <section
          aria-label={t('call.participants')}
          className="relative min-h-0 min-w-0 flex-1 overflow-hidden"
        >
          <CallStage />
          <SelfView />
        </section>
        {panel && <SidePanel panel={panel} onClose={closePanel} />}
      </div>
      <ControlBar
        panel={panel}
        onPanel={openPanel}
        onDialog={setDialog}
        chatToggle={chatToggle}
        peopleToggle={peopleToggle}
      />
      <Modal title={t('devices.title')} open={dialog === 'devices'} onClose={() => setDialog(null)}>
        <DeviceSelects />
        <EffectsToggles />
      </Modal>
      <ShortcutsDialog open={dialog === 'shortcuts'} onClose={() => setDialog(null)} />
    </main>
  );
}
