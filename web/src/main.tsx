import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { controller } from './lib/controller.ts';
import { initLocale } from './i18n/index.ts';
import './index.css';

declare global {
  interface Window {
    /** Diagnostics: the live peer connections by PeerId (used by the end-to-end tests). */
    __roomCall?: {
      sessions: () => ReturnType<typeof controller.debugSessions>;
      /** Sends an extra track to every peer (renegotiates every connection). */
      addTrack: (track: MediaStreamTrack, stream: MediaStream) => void;
      removeTrack: (track: MediaStreamTrack) => void;
      /** Our camera and microphone tracks (to check that a camera turned off is released). */
      localTracks: () => MediaStreamTrack[];
      /** The local camera/microphone stream. */
      local: () => MediaStream;
      /** Drops the signaling connection as a network blip would. */
      dropSignaling: () => void;
    };
  }
}
window.__roomCall = {
  sessions: () => controller.debugSessions(),
  addTrack: (track, stream) => controller.addOutgoingTrack(track, stream),
  removeTrack: (track) => controller.removeOutgoingTrack(track),
  localTracks: () => controller.local.getTracks(),
  local: () => controller.local,
  dropSignaling: () => controller.debugDropSignaling(),
};

// Closing or navigating the tab away tells the room at once instead of after the grace period.
window.addEventListener('pagehide', () => controller.leaveNow());

// First paint in the right language: a non-English dictionary is fetched before rendering.
void initLocale().then(() => {
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
