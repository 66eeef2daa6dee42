import type { StateCreator } from 'zustand';
import type { AppState, NetworkSlice } from './types.ts';

export const createNetworkSlice: StateCreator<AppState, [], [], NetworkSlice> = (set) => ({
  serverPolicy: 'all',
  relayAvailable: false,
  relayOnlyChoice: null,
  setNetworkConfig: ({ iceTransportPolicy, relayAvailable }) =>
    set({ serverPolicy: iceTransportPolicy, relayAvailable }),
  chooseRelayOnly: (relayOnly) => set({ relayOnlyChoice: relayOnly }),
});
