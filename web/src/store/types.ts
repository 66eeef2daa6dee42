import type { PeerId, PeerInfo } from '../../../signal/protocol.ts';
import type { CallErrorCode } from '../lib/errors.ts';

export type CallPhase = 'idle' | 'joining' | 'in-call';
export type ServerLink = 'connected' | 'reconnecting';
export type PeerLink = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface RemotePeer extends PeerInfo {
  link: PeerLink;
  /** Bumped when the peer's media stream gains or loses a track, so tiles re-attach. */
  mediaVersion: number;
}

export interface SessionSlice {
  phase: CallPhase;
  /** Room name as shown (normalised), set while joining or in a call. */
  room: string | null;
  self: PeerInfo | null;
  serverLink: ServerLink;
  error: CallErrorCode | null;
  startJoining: (room: string) => void;
  joined: (self: PeerInfo) => void;
  /** Our own media state as the room sees it. */
  updateSelf: (patch: Partial<Pick<PeerInfo, 'audio' | 'video' | 'screen'>>) => void;
  setServerLink: (link: ServerLink) => void;
  fail: (code: CallErrorCode) => void;
  clearError: () => void;
  endCall: () => void;
}

export interface PeersSlice {
  peers: Record<PeerId, RemotePeer>;
  upsertPeer: (info: PeerInfo) => void;
  removePeer: (id: PeerId) => void;
  setPeerLink: (id: PeerId, link: PeerLink) => void;
  bumpPeerMedia: (id: PeerId) => void;
  clearPeers: () => void;
}

export type LocalMediaStatus = 'idle' | 'requesting' | 'ready' | 'partial' | 'unavailable';

export interface MediaSlice {
  mediaStatus: LocalMediaStatus;
  /** Why some or all local media is missing, when it is. */
  mediaError: CallErrorCode | null;
  hasAudio: boolean;
  hasVideo: boolean;
  localVersion: number;
  setLocalMedia: (m: {
    status: LocalMediaStatus;
    error: CallErrorCode | null;
    hasAudio: boolean;
    hasVideo: boolean;
  }) => void;
}

export type AppState = SessionSlice & PeersSlice & MediaSlice;
