import type { StateCreator } from 'zustand';
import type { AppState, StageSlice, StageView } from './types.ts';

const EMPTY: StageView = { visiblePeers: [], largePeers: [], largeScreens: [] };

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

export const createStageSlice: StateCreator<AppState, [], [], StageSlice> = (set) => ({
  ...EMPTY,
  // The stage writes its view on every render: only a change reaches the subscribers.
  setStageView: (view = EMPTY) =>
    set((s) =>
      sameList(s.visiblePeers, view.visiblePeers) &&
      sameList(s.largePeers, view.largePeers) &&
      sameList(s.largeScreens, view.largeScreens)
        ? s
        : { ...view },
    ),
});
