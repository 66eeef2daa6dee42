import type { StateCreator } from 'zustand';
import { loadEffects } from '../lib/storage.ts';
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
  micOn: false,
  cameraOn: false,
  sharing: false,
  selfSpeaking: false,
  devices: [],
  chosenDevices: {},
  setSending: (patch) => set((s) => ({ ...patch, localVersion: s.localVersion + 1 })),
  setSelfSpeaking: (selfSpeaking) => set({ selfSpeaking }),
  setDevices: (devices) => set({ devices }),
  chooseDevice: (kind, deviceId) =>
    set((s) => ({ chosenDevices: { ...s.chosenDevices, [kind]: deviceId } })),
  effects: loadEffects(),
  blurTooSlow: false,
  setEffects: ({ blurTooSlow, ...patch }) =>
    set((s) => ({
      effects: { ...s.effects, ...patch },
      ...(blurTooSlow !== undefined && { blurTooSlow }),
    })),
});
