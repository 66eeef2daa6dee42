/**
 * The call chunk (`../call.ts`: the call view, the signaling client with Socket.IO, and the
 * media paths), fetched while the person is in pre-join, so that the pre-join view needs
 * little more JavaScript than the lobby and the call is ready by the time they click Join.
 */
import { lazyChunk } from './lazyChunk.ts';

const call = lazyChunk(() => import('../call.ts'));

export const loadCall = call.load;
export const useCallChunk = call.use;
