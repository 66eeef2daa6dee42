import type { StateCreator } from 'zustand';
import type { AppState, GesturesSlice } from './types.ts';

let nextKey = 1;

export const createGesturesSlice: StateCreator<AppState, [], [], GesturesSlice> = (set) => ({
  reactions: [],
  showReaction: (from, emoji) => {
    const key = nextKey++;
    set((s) => ({ reactions: [...s.reactions, { key, from, emoji }] }));
    return key;
  },
  hideReaction: (key) => set((s) => ({ reactions: s.reactions.filter((r) => r.key !== key) })),
  clearReactions: () => set({ reactions: [] }),
});
