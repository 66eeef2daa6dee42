/**
 * How this page wants each other person's camera video now: not at all while the page is hidden
 * or for people whose tile is off the stage (a later page of a large room); small for tiles in
 * a grid; full size for a pinned tile or one alone on the stage. Their audio goes on. The call's
 * media path is told on every change; an SFU path asks the server to stop sending a video, or
 * to send its small simulcast layer, which saves this person's download and decoding.
 */
import type { StoreApi } from 'zustand';
import type { PeerId } from '../../../signal/protocol.ts';
import type { AppState } from '../store/types.ts';
import type { MediaPath, VideoDemand } from './MediaPath.ts';

/**
 * `present`: everyone else in the call; `onStage`: whose camera tile the stage shows; `large`:
 * those of them shown large. Before the stage has shown anyone (it reports after rendering),
 * nobody is paused or small.
 */
export function videoDemand(
  present: readonly PeerId[],
  onStage: readonly PeerId[],
  large: readonly PeerId[],
  hidden: boolean,
): VideoDemand {
  if (hidden) return { paused: [...present], low: [] };
  if (onStage.length === 0) return { paused: [], low: [] };
  const shown = new Set(onStage);
  const big = new Set(large);
  return {
    paused: present.filter((id) => !shown.has(id)),
    low: present.filter((id) => shown.has(id) && !big.has(id)),
  };
}

/** Keeps the path told while in a call; returns the stop. */
export function watchVideoDemand(
  store: StoreApi<AppState>,
  path: () => MediaPath | null,
): () => void {
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const update = () => {
    const s = store.getState();
    if (s.phase !== 'in-call') return;
    path()?.setVideoDemand(
      videoDemand(Object.keys(s.peers), s.visiblePeers, s.largePeers, hidden()),
    );
  };
  const unsubscribe = store.subscribe(update);
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', update);
  update();
  return () => {
    unsubscribe();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', update);
  };
}
