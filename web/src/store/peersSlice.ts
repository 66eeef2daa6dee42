import type { StateCreator } from 'zustand';
import type { AppState, PeersSlice, RemotePeer } from './types.ts';

export const createPeersSlice: StateCreator<AppState, [], [], PeersSlice> = (set) => {
  const patchPeer = (id: string, patch: (p: RemotePeer) => Partial<RemotePeer>) =>
    set((s) => {
      const peer = s.peers[id];
      return peer ? { peers: { ...s.peers, [id]: { ...peer, ...patch(peer) } } } : s;
    });
  return {
    peers: {},
    upsertPeer: (info) =>
      set((s) => {
        const prev = s.peers[info.id];
        const next: RemotePeer = prev
          ? { ...prev, ...info }
          : {
              ...info,
              link: 'new',
              mediaVersion: 0,
              hasScreen: false,
              screenVersion: 0,
              speaking: false,
              quality: { level: 'unknown', sample: null },
              safetyCode: null,
            };
        return { peers: { ...s.peers, [info.id]: next } };
      }),
    removePeer: (id) =>
      set((s) => {
        if (!(id in s.peers)) return s;
        const { [id]: _gone, ...rest } = s.peers;
        return { peers: rest };
      }),
    setPeerLink: (id, link) => patchPeer(id, () => ({ link })),
    bumpPeerMedia: (id) => patchPeer(id, (p) => ({ mediaVersion: p.mediaVersion + 1 })),
    setPeerScreen: (id, hasScreen) =>
      patchPeer(id, (p) => ({ hasScreen, screenVersion: p.screenVersion + 1 })),
    setPeerSpeaking: (id, speaking) => patchPeer(id, () => ({ speaking })),
    setPeerQuality: (id, quality) => patchPeer(id, () => ({ quality })),
    setPeerSafetyCode: (id, safetyCode) => patchPeer(id, () => ({ safetyCode })),
    clearPeers: () => set({ peers: {} }),
  };
};
