/**
 * Signaling protocol v1: the single definition both ends are typed from.
 * The web app imports this file for types only; the server also validates
 * every payload at runtime (see schemas.ts), because types are not validation.
 */

export const PROTOCOL_VERSION = 1;

export const ClientEvent = {
  Join: 'room:join',
  Leave: 'room:leave',
  Signal: 'signal',
  Update: 'peer:update',
  /** SFU rooms only (see docs/protocol.md): our publishing connection's offer. */
  SfuPublish: 'sfu:publish',
  /** SFU rooms only: our answer to the server's latest `sfu:offer`. */
  SfuAnswer: 'sfu:answer',
  /** SFU rooms only: a local ICE candidate of the publishing or the subscribing connection. */
  SfuTrickle: 'sfu:trickle',
  /** SFU rooms only: a chat frame for the others in the room (it passes the server). */
  ChatSend: 'chat:send',
  /** SFU rooms only: whose camera video to stop sending us for now (off our stage, tab hidden). */
  SfuPause: 'sfu:pause',
  /** SFU rooms only: our subscribing connection lost its path; restart its ICE. */
  SfuRestart: 'sfu:restart',
  /** A short-lived emoji reaction for the whole room (one of `Reactions`). */
  React: 'peer:react',
  /** STUN/TURN servers before joining (pre-join makes its first connection with them). */
  IceServers: 'ice:servers',
} as const;
export type ClientEvent = (typeof ClientEvent)[keyof typeof ClientEvent];

export const ServerEvent = {
  PeerJoined: 'room:peer-joined',
  PeerLeft: 'room:peer-left',
  PeerUpdated: 'peer:updated',
  Signal: 'signal',
  /** SFU rooms only: a (new) offer for our subscribing connection, with what each m-line carries. */
  SfuOffer: 'sfu:offer',
  /** SFU rooms only: a chat frame from someone in the room. */
  Chat: 'chat:message',
  /** The room's media changed course (a mesh room grew past the server's mesh limit). */
  RoomMedia: 'room:media',
  /** Someone in the room (the sender included) reacted. */
  Reacted: 'peer:reacted',
} as const;
export type ServerEvent = (typeof ServerEvent)[keyof typeof ServerEvent];

export const ErrorCode = {
  InvalidPayload: 'invalid-payload',
  InvalidRoom: 'invalid-room',
  InvalidName: 'invalid-name',
  RoomFull: 'room-full',
  WrongPassword: 'wrong-password',
  NotInRoom: 'not-in-room',
  AlreadyInRoom: 'already-in-room',
  UnknownPeer: 'unknown-peer',
  RateLimited: 'rate-limited',
  /** An `sfu:*` or `chat:send` request in a room whose media does not go through the SFU. */
  NotSfuRoom: 'not-sfu-room',
  /** The media server did not answer or refused; the request may be retried. */
  SfuUnavailable: 'sfu-unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes carried by `connect_error` (`err.data.code`), outside the ack codes. */
export const ConnectErrorCode = {
  UnsupportedProtocol: 'unsupported-protocol',
  /** Too many connections from one address. */
  RateLimited: 'rate-limited',
} as const;
export type ConnectErrorCode = (typeof ConnectErrorCode)[keyof typeof ConnectErrorCode];

/** Opaque, server-chosen participant id. Never a Socket.IO socket id. */
export type PeerId = string;

export interface PeerInfo {
  id: PeerId;
  name: string;
  audio: boolean;
  video: boolean;
  screen: boolean;
  /**
   * When their hand went up, in the server's clock (ms since the epoch), so everyone orders
   * raised hands alike whatever their own clocks say; null (or absent, from servers before
   * hands) while it is down.
   */
  hand?: number | null;
}

/** The reactions a client may send; anything else is `invalid-payload`. */
export const Reactions = ['👍', '👏', '😂', '❤️', '🎉', '😮'] as const;
export type ReactionEmoji = (typeof Reactions)[number];

export interface ReactRequest {
  emoji: ReactionEmoji;
}

export interface Reaction {
  id: PeerId;
  emoji: ReactionEmoji;
}

export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

/** Mirrors RTCIceCandidateInit without depending on DOM typings on the server. */
export interface IceCandidate {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** Mirrors RTCIceServer. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface JoinRequest {
  room: string;
  name: string;
  password?: string;
  resume?: string;
}

export interface JoinResult {
  ok: true;
  self: PeerInfo;
  peers: PeerInfo[];
  iceServers: IceServer[];
  resume: string;
  /** How this room's media travels; absent means `mesh` (servers before SFU support). */
  media?: MediaMode;
}

export type LeaveRequest = Record<string, never>;

/** The answer to `ice:servers`: the same servers a join's ack would carry, for this connection. */
export interface IceServersResult {
  ok: true;
  iceServers: IceServer[];
}

/**
 * How a room's media travels: `mesh` (peer to peer, `signal` relays offers between people) or
 * `sfu` (everyone publishes to and subscribes from the media server, through `sfu:*`).
 */
export type MediaMode = 'mesh' | 'sfu';

// The SFU rooms' requests and offers (sfuProtocol.ts).
export type * from './sfuProtocol.ts';
import type {
  SfuAnswerRequest,
  SfuOffer,
  SfuPauseRequest,
  SfuPublishRequest,
  SfuPublishResult,
  SfuTrickleRequest,
} from './sfuProtocol.ts';

export interface ChatSendRequest {
  /** One chat frame as the mesh sends it on its data channel (web/src/rtc/chatMessage.ts). */
  data: string;
}

export interface ChatMessage {
  from: PeerId;
  data: string;
}

/** Exactly one of `description` and `candidate` (null marks end of candidates). */
export type SignalRequest =
  | { to: PeerId; description: SessionDescription; candidate?: never }
  | { to: PeerId; candidate: IceCandidate | null; description?: never };

export type SignalMessage =
  | { from: PeerId; description: SessionDescription; candidate?: never }
  | { from: PeerId; candidate: IceCandidate | null; description?: never };

export interface UpdateRequest {
  audio?: boolean;
  video?: boolean;
  screen?: boolean;
  /** Raise (true) or lower (false) our hand; raising a hand already up keeps its time. */
  hand?: boolean;
}

/** The ack of `peer:update`: ourselves as the room now sees us (the hand's server time). */
export interface UpdateResult {
  ok: true;
  self?: PeerInfo;
}

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

export interface Failure {
  ok: false;
  error: ProtocolError;
}

export interface Ok {
  ok: true;
}

export type Ack<T extends { ok: true } = Ok> = T | Failure;

export interface ClientToServerEvents {
  'room:join': (payload: JoinRequest, ack: (res: Ack<JoinResult>) => void) => void;
  'room:leave': (payload: LeaveRequest, ack: (res: Ack) => void) => void;
  signal: (payload: SignalRequest, ack: (res: Ack) => void) => void;
  'peer:update': (payload: UpdateRequest, ack: (res: Ack<UpdateResult>) => void) => void;
  'sfu:publish': (payload: SfuPublishRequest, ack: (res: Ack<SfuPublishResult>) => void) => void;
  'sfu:answer': (payload: SfuAnswerRequest, ack: (res: Ack) => void) => void;
  'sfu:trickle': (payload: SfuTrickleRequest, ack: (res: Ack) => void) => void;
  'chat:send': (payload: ChatSendRequest, ack: (res: Ack) => void) => void;
  'sfu:pause': (payload: SfuPauseRequest, ack: (res: Ack) => void) => void;
  'sfu:restart': (payload: Record<string, never>, ack: (res: Ack) => void) => void;
  'peer:react': (payload: ReactRequest, ack: (res: Ack) => void) => void;
  'ice:servers': (
    payload: Record<string, never>,
    ack: (res: Ack<IceServersResult>) => void,
  ) => void;
}

export interface ServerToClientEvents {
  'room:peer-joined': (peer: PeerInfo) => void;
  'room:peer-left': (payload: { id: PeerId }) => void;
  'peer:updated': (peer: PeerInfo) => void;
  signal: (message: SignalMessage) => void;
  'sfu:offer': (offer: SfuOffer) => void;
  'chat:message': (message: ChatMessage) => void;
  'room:media': (change: { media: MediaMode }) => void;
  'peer:reacted': (reaction: Reaction) => void;
}

export interface HandshakeAuth {
  protocol: typeof PROTOCOL_VERSION;
}

/** Limits shared by both ends so the UI can explain them before the server refuses. */
export const Limits = {
  roomNameMax: 64,
  displayNameMax: 32,
  /** Socket.IO `maxHttpBufferSize`: one frame larger than this closes the socket. */
  maxMessageBytes: 64 * 1024,
  /** Largest SDP accepted inside a frame. */
  maxSdpBytes: 62 * 1024,
  maxCandidateLength: 1024,
  maxPasswordLength: 128,
  maxResumeTokenLength: 512,
  /** Largest chat frame relayed in an SFU room (the same bound as a mesh data-channel frame). */
  maxChatFrameBytes: 8 * 1024,
  /** Reactions one person may send per window; past that they are `rate-limited`. */
  reactionsPerWindow: 5,
  reactionWindowMs: 10_000,
} as const;
