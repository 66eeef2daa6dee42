import type { StateCreator } from 'zustand';
import type { AppState, FilesSlice } from './types.ts';

/** File transfers of this call, in the order they were offered; updated in place by key. */
export const createFilesSlice: StateCreator<AppState, [], [], FilesSlice> = (set) => ({
  transfers: [],
  putTransfer: (transfer) =>
    set((s) => {
      const at = s.transfers.findIndex((t) => t.key === transfer.key);
      if (at < 0) return { transfers: [...s.transfers, transfer] };
      const transfers = [...s.transfers];
      transfers[at] = transfer;
      return { transfers };
    }),
  removeTransfer: (key) => set((s) => ({ transfers: s.transfers.filter((t) => t.key !== key) })),
  clearTransfers: () => set({ transfers: [] }),
});
