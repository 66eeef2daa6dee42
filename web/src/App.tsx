import { useEffect } from 'react';
import { useRoute } from './lib/router.ts';
import { loadRoom, prefetchRoomWhenIdle, requestedRoom, useRoomChunk } from './lib/roomChunk.ts';
import { useT } from './i18n/index.ts';
import { Lobby } from './views/Lobby.tsx';
import { NotFound } from './views/NotFound.tsx';
import { Alert, Page } from './components/Layout.tsx';

/** A room's page, from the room chunk (loaded on demand; see lib/roomChunk.ts). */
function Room({ room }: { room: string }) {
  const chunk = useRoomChunk();
  useEffect(() => {
    void loadRoom().catch(() => undefined);
  }, []);
  if (chunk === 'loading') return <RoomLoading />;
  if (chunk === 'failed') return <RoomUnavailable />;
  const { RoomPage } = chunk;
  return <RoomPage room={room} />;
}

/** While the room chunk loads: an announcement, shown only if the wait is noticeable. */
function RoomLoading() {
  const t = useT();
  return (
    <Page>
      <p role="status" className="appear-late text-sm text-slate-400">
        {t('room.loading')}
      </p>
    </Page>
  );
}

/** The room chunk could not be fetched (offline, or a newer version was deployed). */
function RoomUnavailable() {
  const t = useT();
  return (
    <Page>
      <Alert>{t('room.loadFailed')}</Alert>
      {/* A plain link: a full page load, which fetches the current version. */}
      <a href={window.location.pathname} className="text-indigo-300 underline">
        {t('room.reload')}
      </a>
    </Page>
  );
}

export function App() {
  const route = useRoute();
  const roomOfRoute = route.view === 'room' ? route.room : null;

  // Leaving a room's URL (back button, lobby link) leaves its call and turns the camera off;
  // if the room chunk was never asked for, there is nothing to leave.
  useEffect(() => {
    if (roomOfRoute !== null) return;
    void requestedRoom()?.then(
      ({ controller }) => controller.leave().then(() => controller.releaseMedia()),
      () => undefined,
    );
  }, [roomOfRoute]);

  // Most people in the lobby are about to join: fetch the room once the lobby is up.
  useEffect(() => (route.view === 'lobby' ? prefetchRoomWhenIdle() : undefined), [route.view]);

  switch (route.view) {
    case 'lobby':
      return <Lobby />;
    case 'room':
      return <Room key={route.room} room={route.room} />;
    default:
      return <NotFound />;
  }
}
