import { create } from 'zustand';
import { createChatSlice } from './chatSlice.ts';
import { createFilesSlice } from './filesSlice.ts';
import { createGesturesSlice } from './gesturesSlice.ts';
import { createMediaSlice } from './mediaSlice.ts';
import { createNetworkSlice } from './networkSlice.ts';
import { createNoticesSlice } from './noticesSlice.ts';
import { createPeersSlice } from './peersSlice.ts';
import { createSessionSlice } from './sessionSlice.ts';
import { createStageSlice } from './stageSlice.ts';
import type { AppState, RemotePeer, StageView } from './types.ts';

export type * from './types.ts';

export const createAppStore = () =>
  create<AppState>()((...a) => ({
    ...createSessionSlice(...a),
    ...createPeersSlice(...a),
    ...createMediaSlice(...a),
    ...createNetworkSlice(...a),
    ...createChatSlice(...a),
    ...createFilesSlice(...a),
    ...createNoticesSlice(...a),
    ...createStageSlice(...a),
    ...createGesturesSlice(...a),
  }));

export const useAppStore = createAppStore();

// Selectors: components subscribe to exactly what they render.
export const selectPhase = (s: AppState) => s.phase;
export const selectRoom = (s: AppState) => s.room;
export const selectSelf = (s: AppState) => s.self;
export const selectError = (s: AppState) => s.error;
export const selectServerLink = (s: AppState) => s.serverLink;
export const selectMediaMode = (s: AppState) => s.media;
export const selectPeers = (s: AppState) => s.peers;
export const selectPeerList = (peers: Record<string, RemotePeer>): RemotePeer[] =>
  Object.values(peers).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
/**
 * Peers in the order they arrived (the stage's join order): the slice adds a
 * peer with a new key and updates it in place, and object keys keep their
 * insertion order (PeerIds are never array-index-like keys, which would not).
 */
export const selectPeersByArrival = (peers: Record<string, RemotePeer>): RemotePeer[] =>
  Object.values(peers);
export const selectMedia = (s: AppState) => ({
  status: s.mediaStatus,
  error: s.mediaError,
  hasAudio: s.hasAudio,
  hasVideo: s.hasVideo,
  version: s.localVersion,
  micOn: s.micOn,
  cameraOn: s.cameraOn,
  sharing: s.sharing,
});
/** Relay-only applies: chosen (or the server's default) and not switched off by the person. */
export const selectRelayOnly = (s: AppState): boolean =>
  s.relayOnlyChoice ?? s.serverPolicy === 'relay';
export const selectDevices = (s: AppState) => s.devices;
export const selectChosenDevices = (s: AppState) => s.chosenDevices;
export const selectMessages = (s: AppState) => s.messages;
export const selectChatOpen = (s: AppState) => s.chatOpen;
export const selectUnread = (s: AppState) => s.unread;
export const selectTransfers = (s: AppState) => s.transfers;
export const selectNotices = (s: AppState) => s.notices;
export const selectSelfSpeaking = (s: AppState) => s.selfSpeaking;
export const selectReactions = (s: AppState) => s.reactions;
export const selectStageView = (s: AppState): StageView => ({
  visiblePeers: s.visiblePeers,
  largePeers: s.largePeers,
  largeScreens: s.largeScreens,
});
