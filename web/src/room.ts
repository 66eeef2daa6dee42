/**
 * The room chunk: everything a room's URL needs beyond the lobby (pre-join and
 * call views, the call controller, the store, WebRTC and Socket.IO). Loaded on
 * demand by `lib/roomChunk.ts`, so the lobby's initial JavaScript stays small.
 */
import { controller } from './lib/controller.ts';

export { RoomPage } from './views/RoomPage.tsx';
export { controller };

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
