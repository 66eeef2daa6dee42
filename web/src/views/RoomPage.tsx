import { useEffect } from 'react';
import { normalizeRoomName } from '../../../signal/names.ts';
import { selectPhase, selectRoom, useAppStore } from '../store/index.ts';
import { CallView } from './CallView.tsx';
import { PreJoin } from './PreJoin.tsx';
import { Alert, Brand, Link, Page } from '../components/Layout.tsx';
import { useT } from '../i18n/index.ts';

export function RoomPage({ room }: { room: string }) {
  const phase = useAppStore(selectPhase);
  const callRoom = useAppStore(selectRoom);
  const name = normalizeRoomName(room);
  const t = useT();

  useEffect(() => {
    if (name === null) return;
    document.title = `${name} · room-call`;
    return () => {
      document.title = 'room-call';
    };
  }, [name]);

  if (name === null) {
    return (
      <Page>
        <Brand />
        <Alert>{t('error.invalid-room')}</Alert>
        <Link href="/" className="text-indigo-300 underline">
          {t('room.pickAnother')}
        </Link>
      </Page>
    );
  }
  if (phase === 'in-call' && callRoom === name) return <CallView room={name} />;
  return <PreJoin room={name} />;
}
