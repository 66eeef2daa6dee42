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
} as const;
export type ClientEvent = (typeof ClientEvent)[keyof typeof ClientEvent];

export const ServerEvent = {
  PeerJoined: 'room:peer-joined',
  PeerLeft: 'room:peer-left',
  PeerUpdated: 'peer:updated',
  Signal: 'signal',
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
}

export type LeaveRequest = Record<string, never>;

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
  'peer:update': (payload: UpdateRequest, ack: (res: Ack) => void) => void;
}

export interface ServerToClientEvents {
  'room:peer-joined': (peer: PeerInfo) => void;
  'room:peer-left': (payload: { id: PeerId }) => void;
  'peer:updated': (peer: PeerInfo) => void;
  signal: (message: SignalMessage) => void;
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
} as const;
