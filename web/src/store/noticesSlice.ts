import type { StateCreator } from 'zustand';
import type { AppState, NoticesSlice } from './types.ts';

const MAX_NOTICES = 5;
let nextId = 1;

export const createNoticesSlice: StateCreator<AppState, [], [], NoticesSlice> = (set) => ({
  notices: [],
  notify: (text) =>
    set((s) => ({ notices: [...s.notices, { id: nextId++, text }].slice(-MAX_NOTICES) })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
