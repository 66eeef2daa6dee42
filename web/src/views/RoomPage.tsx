import { normalizeRoomName } from '../../../signal/names.ts';
import { selectPhase, selectRoom, useAppStore } from '../store/index.ts';
import { CallView } from './CallView.tsx';
import { PreJoin } from './PreJoin.tsx';
import { Alert, Brand, Link, Page } from '../components/Layout.tsx';
import { errorMessages } from '../lib/errors.ts';

export function RoomPage({ room }: { room: string }) {
  const phase = useAppStore(selectPhase);
  const callRoom = useAppStore(selectRoom);
  const name = normalizeRoomName(room);

  if (name === null) {
    return (
      <Page>
        <Brand />
        <Alert>{errorMessages['invalid-room']}</Alert>
        <Link href="/" className="text-indigo-300 underline">
          Pick another room
        </Link>
      </Page>
    );
  }
  if (phase === 'in-call' && callRoom === name) return <CallView room={name} />;
  return <PreJoin room={name} />;
}
