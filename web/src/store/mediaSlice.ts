import type { StateCreator } from 'zustand';
import type { AppState, MediaSlice } from './types.ts';

export const createMediaSlice: StateCreator<AppState, [], [], MediaSlice> = (set) => ({
  mediaStatus: 'idle',
  mediaError: null,
  hasAudio: false,
  hasVideo: false,
  localVersion: 0,
  setLocalMedia: (m) =>
    set((s) => ({
      mediaStatus: m.status,
      mediaError: m.error,
      hasAudio: m.hasAudio,
      hasVideo: m.hasVideo,
      localVersion: s.localVersion + 1,
    })),
});
