import type { StateCreator } from 'zustand';
import type { AppState, NoticesSlice } from './types.ts';

const MAX_NOTICES = 5;
let nextId = 1;

export const createNoticesSlice: StateCreator<AppState, [], [], NoticesSlice> = (set) => ({
  notices: [],
  notify: (key, values, options) =>
    set((s) => ({
      notices: [
        ...s.notices,
        {
          id: nextId++,
          key,
          ...(values && { values }),
          ...(options?.silent && { silent: true }),
        },
      ].slice(-MAX_NOTICES),
    })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
