import { useEffect } from 'react';
import { useRoute } from './lib/router.ts';
import { controller } from './lib/controller.ts';
import { Lobby } from './views/Lobby.tsx';
import { RoomPage } from './views/RoomPage.tsx';
import { NotFound } from './views/NotFound.tsx';

export function App() {
  const route = useRoute();
  const roomOfRoute = route.view === 'room' ? route.room : null;

  // Leaving a room's URL (back button, lobby link) leaves its call and turns the camera off.
  useEffect(() => {
    if (roomOfRoute !== null) return;
    void controller.leave().then(() => controller.releaseMedia());
  }, [roomOfRoute]);

  switch (route.view) {
    case 'lobby':
      return <Lobby />;
    case 'room':
      return <RoomPage key={route.room} room={route.room} />;
    default:
      return <NotFound />;
  }
}
