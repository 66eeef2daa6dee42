/**
 * The room chunk: what a room's URL needs beyond the lobby before the preview shows (the
 * pre-join view, the call controller with local media, the store). Loaded on demand by
 * `lib/roomChunk.ts`, so the lobby's initial JavaScript stays small; the call itself is the
 * call chunk (`call.ts`), which the controller fetches while pre-join shows.
 */
import { installE2eHooks } from './debug/e2eHooks.ts';
import { controller } from './lib/controller.ts';
import { loadCall } from './lib/callChunk.ts';

export { RoomPage } from './views/RoomPage.tsx';
export { controller };

// The call (views, signaling, media paths) is a chunk of its own, fetched once pre-join shows.
controller.provideCore(() => loadCall().then((chunk) => chunk.CallCore));

// A constant of the build: true only in the e2e build and the dev server, so production drops
// the hooks' code.
if (__E2E_HOOKS__) installE2eHooks(controller);

// Closing or navigating the tab away tells the room at once instead of after the grace period.
window.addEventListener('pagehide', () => controller.leaveNow());
