import type { StateCreator } from 'zustand';
import type { AppState, SessionSlice } from './types.ts';

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  phase: 'idle',
  callShown: false,
  room: null,
  self: null,
  serverLink: 'connected',
  media: 'mesh',
  error: null,
  startJoining: (room) => set({ phase: 'joining', callShown: false, room, error: null }),
  showCall: () => set((s) => (s.phase === 'in-call' ? { callShown: true } : s)),
  joined: (self, media = 'mesh') =>
    set({ phase: 'in-call', self, media, serverLink: 'connected', error: null }),
  updateSelf: (patch) => set((s) => (s.self ? { self: { ...s.self, ...patch } } : s)),
  setServerLink: (serverLink) => set({ serverLink }),
  fail: (error) => set({ phase: 'idle', callShown: false, error, self: null }),
  clearError: () => set({ error: null }),
  endCall: () =>
    set({
      phase: 'idle',
      callShown: false,
      self: null,
      room: null,
      serverLink: 'connected',
      peers: {},
    }),
});
