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
          : { ...info, link: 'new', mediaVersion: 0 };
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
    clearPeers: () => set({ peers: {} }),
  };
};
