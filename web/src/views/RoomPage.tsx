import { useEffect } from 'react';
import { normalizeRoomName } from '../../../signal/names.ts';
import { selectPhase, selectRoom, useAppStore } from '../store/index.ts';
import { useCallChunk } from '../lib/callChunk.ts';
import { PreJoin } from './PreJoin.tsx';
import { Alert, Brand, Link, Page } from '../components/Layout.tsx';
import { useT } from '../i18n/index.ts';

export function RoomPage({ room }: { room: string }) {
  const phase = useAppStore(selectPhase);
  const callRoom = useAppStore(selectRoom);
  const name = normalizeRoomName(room);
  const t = useT();
  // Loaded before the join completes (CallController), so it is here once the call starts.
  const call = useCallChunk();

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
  if (phase === 'in-call' && callRoom === name && typeof call === 'object') {
    const { CallView } = call;
    return <CallView room={name} />;
  }
  return <PreJoin room={name} />;
}
