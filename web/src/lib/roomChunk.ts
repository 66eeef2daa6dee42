/**
 * The room chunk (`../room.ts`: the pre-join view, local media and the call controller),
 * loaded once, on demand; the lobby does not need it. The call itself (views, signaling,
 * WebRTC) is a chunk of its own (callChunk.ts), fetched once pre-join is showing.
 */
import { lazyChunk } from './lazyChunk.ts';

const room = lazyChunk(() => import('../room.ts'));

export const loadRoom = room.load;
export const requestedRoom = room.requested;
/** Loads the room chunk once the browser is idle, so pre-join opens at once after the lobby. */
export const prefetchRoomWhenIdle = room.prefetchWhenIdle;
export const useRoomChunk = room.use;
