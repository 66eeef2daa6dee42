/**
 * The room chunk: everything a room's URL needs beyond the lobby (pre-join and
 * call views, the call controller, the store, WebRTC and Socket.IO). Loaded on
 * demand by `lib/roomChunk.ts`, so the lobby's initial JavaScript stays small.
 */
import { installE2eHooks } from './debug/e2eHooks.ts';
import { controller } from './lib/controller.ts';

export { RoomPage } from './views/RoomPage.tsx';
export { controller };

// A constant of the build: true only in the e2e build and the dev server, so production drops
// the hooks' code.
if (__E2E_HOOKS__) installE2eHooks(controller);

// Closing or navigating the tab away tells the room at once instead of after the grace period.
window.addEventListener('pagehide', () => controller.leaveNow());
