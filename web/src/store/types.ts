import type { MessageKey } from '../i18n/index.ts';
import type { EffectsChoice } from '../lib/storage.ts';
import type { MediaMode, PeerId, PeerInfo, ReactionEmoji } from '../../../signal/protocol.ts';
import type { ClientConfig } from '../../../signal/clientConfigShape.ts';
import type { CallErrorCode } from '../lib/errors.ts';
import type { QualityLevel, QualitySample } from '../rtc/quality.ts';
import type { TransferUpdate } from '../rtc/files/FileShare.ts';

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
  /** Their screen share is arriving on our connection (see PeerSession). */
  hasScreen: boolean;
  screenVersion: number;
  speaking: boolean;
  quality: PeerQuality;
  /** Derived from both DTLS fingerprints once connected; equal on both ends. */
  safetyCode: string | null;
}

export interface PeerQuality {
  level: QualityLevel;
  sample: QualitySample | null;
}

export interface SessionSlice {
  phase: CallPhase;
  /**
   * The call view may show (in a call): set once the first offers of the call are on their way,
   * a moment after `phase` turns 'in-call'. Its first render is the page's biggest, and made
   * before them it would hold them back (RoomMembership.enterCall); pre-join shows meanwhile.
   */
  callShown: boolean;
  /** Room name as shown (normalised), set while joining or in a call. */
  room: string | null;
  self: PeerInfo | null;
  serverLink: ServerLink;
  /** How this call's media travels (peer to peer, or through the media server). */
  media: MediaMode;
  error: CallErrorCode | null;
  startJoining: (room: string) => void;
  joined: (self: PeerInfo, media?: MediaMode) => void;
  /** In a call: the call view may show (see `callShown`). */
  showCall: () => void;
  /** Our own media state as the room sees it. */
  updateSelf: (patch: Partial<Pick<PeerInfo, 'audio' | 'video' | 'screen' | 'hand'>>) => void;
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
  setPeerScreen: (id: PeerId, hasScreen: boolean) => void;
  setPeerSpeaking: (id: PeerId, speaking: boolean) => void;
  setPeerQuality: (id: PeerId, quality: PeerQuality) => void;
  setPeerSafetyCode: (id: PeerId, code: string) => void;
  clearPeers: () => void;
}

export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

export interface DeviceOption {
  kind: DeviceKind;
  deviceId: string;
  label: string;
}

export type DeviceChoice = Partial<Record<DeviceKind, string>>;

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
  /** What we send: microphone unmuted, camera on, screen shared. */
  micOn: boolean;
  cameraOn: boolean;
  sharing: boolean;
  /** We are speaking (local microphone level), for the self view. */
  selfSpeaking: boolean;
  devices: DeviceOption[];
  /** The device in use (or chosen for next use) per kind. */
  chosenDevices: DeviceChoice;
  setSending: (patch: Partial<Pick<MediaSlice, 'micOn' | 'cameraOn' | 'sharing'>>) => void;
  setSelfSpeaking: (speaking: boolean) => void;
  setDevices: (devices: DeviceOption[]) => void;
  chooseDevice: (kind: DeviceKind, deviceId: string) => void;
  /** Effects on what we send (rtc/effects/): chosen, and whether blur was too slow here. */
  effects: EffectsChoice;
  blurTooSlow: boolean;
  setEffects: (patch: Partial<EffectsChoice> & { blurTooSlow?: boolean }) => void;
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

export interface ChatMessage {
  id: string;
  /** null for our own messages. */
  from: PeerId | null;
  name: string;
  text: string;
  at: number;
}

export interface ChatSlice {
  messages: ChatMessage[];
  chatOpen: boolean;
  unread: number;
  addMessage: (message: ChatMessage) => void;
  setChatOpen: (open: boolean) => void;
  clearChat: () => void;
}

/** A file offered to or by one peer (rtc/files/), as the chat panel shows it. */
export interface FileTransfer extends Omit<TransferUpdate, 'id' | 'blob'> {
  /** `<peer>/<generation>/<in|out>/<transfer id>`: unique in the call. */
  key: string;
  peerId: PeerId;
  peerName: string;
  /** A blob URL of a received file whose SHA-256 matched; revoked when the entry goes. */
  url?: string;
}

export interface FilesSlice {
  transfers: FileTransfer[];
  putTransfer: (transfer: FileTransfer) => void;
  removeTransfer: (key: string) => void;
  clearTransfers: () => void;
}

export interface Notice {
  id: number;
  /** Translated when shown, so a language switch applies to notices already up. */
  key: MessageKey;
  values?: Record<string, string | number>;
  /** Read out by screen readers but not shown (the change is visible elsewhere). */
  silent?: boolean;
}

export interface NoticesSlice {
  /** Short-lived announcements (joins, leaves, failures), shown as toasts and read out. */
  notices: Notice[];
  notify: (
    key: MessageKey,
    values?: Record<string, string | number>,
    options?: { silent?: boolean },
  ) => void;
  dismissNotice: (id: number) => void;
}

/**
 * What the call's stage shows, for the media layer: a remote camera off the
 * stage can have its video paused (its tile stays mounted, hidden, and its
 * sound plays); a large tile is worth high quality, a small one is not.
 */
export interface StageView {
  /** Remote peers whose camera tile is on the stage now, in stage order. */
  visiblePeers: PeerId[];
  /** Those of visiblePeers whose camera tile is large: pinned, or alone on the stage. */
  largePeers: PeerId[];
  /** Remote peers whose screen share is large (pinned, or alone). Screens are always on the stage. */
  largeScreens: PeerId[];
}

export interface StageSlice extends StageView {
  /** Called by the stage as it changes; without a view (the stage gone), nothing is on it. */
  setStageView: (view?: StageView) => void;
}

/** A reaction shown over its sender's tile for a few seconds. */
export interface ShownReaction {
  key: number;
  /** The sender; null for our own. */
  from: PeerId | null;
  emoji: ReactionEmoji;
}

/** Raised hands live on PeerInfo (`hand`); reactions are short-lived and kept here. */
export interface GesturesSlice {
  reactions: ShownReaction[];
  /** Returns the key to hide it by. */
  showReaction: (from: PeerId | null, emoji: ReactionEmoji) => number;
  hideReaction: (key: number) => void;
  clearReactions: () => void;
}

export type AppState = SessionSlice &
  PeersSlice &
  MediaSlice &
  NetworkSlice &
  ChatSlice &
  FilesSlice &
  NoticesSlice &
  StageSlice &
  GesturesSlice;
