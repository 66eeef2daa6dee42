import type { StateCreator } from 'zustand';
import type { AppState, SessionSlice } from './types.ts';

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  phase: 'idle',
  room: null,
  self: null,
  serverLink: 'connected',
  media: 'mesh',
  error: null,
  startJoining: (room) => set({ phase: 'joining', room, error: null }),
  joined: (self, media = 'mesh') =>
    set({ phase: 'in-call', self, media, serverLink: 'connected', error: null }),
  updateSelf: (patch) => set((s) => (s.self ? { self: { ...s.self, ...patch } } : s)),
  setServerLink: (serverLink) => set({ serverLink }),
  fail: (error) => set({ phase: 'idle', error, self: null }),
  clearError: () => set({ error: null }),
  endCall: () => set({ phase: 'idle', self: null, room: null, serverLink: 'connected', peers: {} }),
});
