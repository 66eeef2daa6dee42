/**
 * A chunk of the app loaded once, on demand, and readable from React once it is. Not
 * React.lazy: a Suspense boundary holds content back for 300 ms after showing its fallback,
 * which would delay a view even when its chunk was prefetched.
 */
import { useSyncExternalStore } from 'react';
import { whenIdle } from './afterTask.ts';

export type ChunkState<T> = T | 'loading' | 'failed';

export interface LazyChunk<T> {
  /** Starts loading the chunk (at most once) and resolves with it. */
  load: () => Promise<T>;
  /** The chunk if anything asked for it yet, else null (and nothing was loaded). */
  requested: () => Promise<T> | null;
  /** Loads the chunk once the browser is idle; returns the cancel. */
  prefetchWhenIdle: () => () => void;
  /** The chunk once loaded (synchronously, when it already is). */
  use: () => ChunkState<T>;
}

export function lazyChunk<T>(importer: () => Promise<T>): LazyChunk<T> {
  let request: Promise<T> | null = null;
  let state: ChunkState<T> = 'loading';
  const listeners = new Set<() => void>();
  const settle = (next: ChunkState<T>) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const load = (): Promise<T> => {
    request ??= importer().then(
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
  };
  return {
    load,
    requested: () => request,
    prefetchWhenIdle: () => whenIdle(() => void load().catch(() => undefined), 2000),
    use: () => useSyncExternalStore(subscribe, () => state),
  };
}
