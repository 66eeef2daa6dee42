/**
 * The room chunk (`../room.ts`: pre-join and call views, the call controller,
 * WebRTC and Socket.IO), loaded once, on demand; the lobby does not need it.
 */
import { useSyncExternalStore } from 'react';

type RoomChunk = typeof import('../room.ts');
export type RoomChunkState = RoomChunk | 'loading' | 'failed';

let request: Promise<RoomChunk> | null = null;
let state: RoomChunkState = 'loading';
const listeners = new Set<() => void>();

function settle(next: RoomChunkState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** Starts loading the room chunk (at most once) and resolves with it. */
export function loadRoom(): Promise<RoomChunk> {
  request ??= import('../room.ts').then(
    (chunk) => {
      settle(chunk);
      return chunk;
    },
    (error: unknown) => {
      settle('failed');
      throw error;
    },
  );
  return request;
}

/** The room chunk if anything asked for it yet, else null (and nothing was loaded). */
export const requestedRoom = (): Promise<RoomChunk> | null => request;

/** Loads the room chunk once the browser is idle, so pre-join opens at once after the lobby. */
export function prefetchRoomWhenIdle(): () => void {
  const load = () => void loadRoom().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(load, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(load, 200);
  return () => clearTimeout(id);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The room chunk once loaded (synchronously, when it already is). Not React.lazy:
 * a Suspense boundary holds content back for 300 ms after showing its fallback,
 * which would delay pre-join even when the chunk was prefetched.
 */
export function useRoomChunk(): RoomChunkState {
  return useSyncExternalStore(subscribe, () => state);
}
