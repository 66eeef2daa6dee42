import { useEffect } from 'react';
import { normalizeRoomName } from '../../../signal/names.ts';
import { useAppStore } from '../store/index.ts';
import { useCallChunk } from '../lib/callChunk.ts';
import { PreJoin } from './PreJoin.tsx';
import { Alert, Brand, Link, Page } from '../components/Layout.tsx';
import { useT } from '../i18n/index.ts';

export function RoomPage({ room }: { room: string }) {
  const name = normalizeRoomName(room);
  // One flag, so that the join's steps before the call view shows render nothing here.
  const inCall = useAppStore((s) => s.phase === 'in-call' && s.callShown && s.room === name);
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
  if (inCall && typeof call === 'object') {
    const { CallView } = call;
    return <CallView room={name} />;
  }
  return <PreJoin room={name} />;
}
