/**
 * Whose video this page does not need now: everyone while the page is hidden, else the people
 * whose camera tile is off the stage (a later page of a large room). Their audio goes on. The
 * call's media path is told on every change; an SFU path asks the server to stop sending that
 * video, which saves this person's download and decoding in large rooms.
 */
import type { StoreApi } from 'zustand';
import type { PeerId } from '../../../signal/protocol.ts';
import type { AppState } from '../store/types.ts';
import type { MediaPath } from './MediaPath.ts';

/**
 * `present`: everyone else in the call; `onStage`: whose camera tile the stage shows. Before
 * the stage has shown anyone (it reports after rendering), nobody is paused.
 */
export function pausedPeers(
  present: readonly PeerId[],
  onStage: readonly PeerId[],
  hidden: boolean,
): PeerId[] {
  if (hidden) return [...present];
  if (onStage.length === 0) return [];
  const shown = new Set(onStage);
  return present.filter((id) => !shown.has(id));
}

/** Keeps the path told while in a call; returns the stop. */
export function watchVideoDemand(
  store: StoreApi<AppState>,
  path: () => MediaPath | null,
): () => void {
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const update = () => {
    const state = store.getState();
    if (state.phase !== 'in-call') return;
    path()?.pauseVideo(pausedPeers(Object.keys(state.peers), state.visiblePeers, hidden()));
  };
  const unsubscribe = store.subscribe(update);
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', update);
  update();
  return () => {
    unsubscribe();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', update);
  };
}
