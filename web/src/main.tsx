import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initLocale } from './i18n/index.ts';
import { parseRoute } from './lib/router.ts';
import { loadRoom } from './lib/roomChunk.ts';
import './index.css';

// Before the first render: a non-English dictionary (no English flash), and on a room's URL
// the room chunk (the server's room.html already preloads it), so the first render is pre-join.
const ready = [initLocale()];
if (parseRoute(window.location.pathname).view === 'room')
  ready.push(
    loadRoom().then(
      () => undefined,
      () => undefined, // App shows the failure.
    ),
  );

void Promise.all(ready).then(() => {
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
