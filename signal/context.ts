import type { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import type {
  ClientToServerEvents,
  IceServer,
  MediaMode,
  PeerId,
  ServerToClientEvents,
} from './protocol.ts';
import type { RoomRegistry } from './roomRegistry.ts';
import type { RateLimits } from './rateLimits.ts';
import type { SignalMetrics } from './metrics.ts';
import type { CallReply, ForwardedCall, SfuRouter } from './sfu/sfuRouter.ts';
import type { CrossNodeRelay } from './crossNodeRelay.ts';

export interface SocketData {
  // Cleared by setting undefined, not by `delete`, which would make the object a slower dictionary.
  peerId?: PeerId | undefined;
  /** Room key (case-folded name) of the room this socket is in. */
  room?: string | undefined;
  joining?: boolean;
}

/** Between signaling nodes (REDIS_URL): SFU calls forwarded to a room's home (sfuRouter.ts). */
export interface InterServerEvents {
  'sfu:call': (call: ForwardedCall, ack: (reply: CallReply | null) => void) => void;
}

export type SignalIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type SignalSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export interface ResolvedOptions {
  maxPeers: number;
  /** How the media of a room created now travels: `sfu` when every room goes through the SFU. */
  media: MediaMode;
  /**
   * With an SFU: the most people a room keeps peer to peer. The one after them moves the room
   * to the SFU, until it empties. Without one, rooms hold `capacity` and stay mesh rooms.
   */
  meshMax: number;
  /** Participants a room holds. */
  capacity: number;
  graceMs: number;
  resumeSecret: string;
  resumeTtlMs: number;
  iceServers: (peerId: PeerId) => IceServer[] | Promise<IceServer[]>;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  unjoinedTimeoutMs: number;
}

/** What every handler group gets: the server, its collaborators and settings. */
export interface HandlerContext {
  io: SignalIo;
  registry: RoomRegistry;
  log: Logger;
  options: ResolvedOptions;
  limits: RateLimits;
  metrics: SignalMetrics;
  /** The Janus broker when an SFU is configured (SFU_URL), else null. */
  sfu: SfuRouter | null;
  /** With several nodes (REDIS_URL): the short way for relays to another node's connections. */
  crossNode: CrossNodeRelay | null;
  /** Grace timers of peers whose connection dropped, by PeerId (this node only). */
  graceTimers: Map<PeerId, NodeJS.Timeout>;
  /** Connections in no room, with when they came or left their room, oldest first. */
  unjoined: Map<SignalSocket, number>;
}

/** Socket.IO room names; the prefixes keep them apart from socket ids and each other. */
export const ioRoom = {
  room: (key: string) => `room:${key}`,
  peer: (id: PeerId) => `peer:${id}`,
};
