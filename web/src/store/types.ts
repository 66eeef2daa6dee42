import type { PeerId, PeerInfo } from '../../../signal/protocol.ts';
import type { ClientConfig } from '../../../signal/clientConfig.ts';
import type { CallErrorCode } from '../lib/errors.ts';

export type CallPhase = 'idle' | 'joining' | 'in-call';
export type ServerLink = 'connected' | 'reconnecting';
export type PeerLink =
  | 'new'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'failed'
  /** Relay-only, and the TURN server gave no relay address (unreachable or refused). */
  | 'relay-failed';

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

/** How peer connections may travel: the server's default and this person's own choice. */
export interface NetworkSlice {
  serverPolicy: ClientConfig['iceTransportPolicy'];
  relayAvailable: boolean;
  /** Relay-only as chosen in the pre-join view; null follows the server's default. */
  relayOnlyChoice: boolean | null;
  setNetworkConfig: (config: ClientConfig) => void;
  chooseRelayOnly: (relayOnly: boolean) => void;
}

export type AppState = SessionSlice & PeersSlice & MediaSlice & NetworkSlice;
