import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Http2SecureServer } from 'node:http2';
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { ConnectErrorCode, Limits, PROTOCOL_VERSION } from './protocol.ts';
import type { IceServer, PeerId } from './protocol.ts';
import type { HandlerContext, ResolvedOptions, SignalIo } from './context.ts';
import { MemoryRoomRegistry } from './roomRegistry.ts';
import type { RoomRegistry } from './roomRegistry.ts';
import { registerRoomHandlers } from './roomHandlers.ts';
import { registerSignalHandlers } from './signalHandlers.ts';

export interface SignalServerOptions {
  /** Participants per room (protocol default 4). */
  maxPeers?: number;
  /** How long a dropped participant may take to resume before the room is told it left. */
  graceMs?: number;
  /** HMAC key for resume tokens; a server restarted with the same secret honours old tokens. */
  resumeSecret?: string;
  resumeTtlMs?: number;
  /** ICE servers handed to a joining peer (STUN/TURN with per-join credentials). */
  iceServers?: (peerId: PeerId) => IceServer[] | Promise<IceServer[]>;
  registry?: RoomRegistry;
  logger?: Logger;
  /**
   * Close WebSocket upgrades for other paths. Off when sharing the HTTP server with
   * another WebSocket user, such as Vite's hot-reload channel in development.
   */
  destroyUpgrade?: boolean;
}

/** What the server holds right now; a quiet server holds nothing (see bench/soak.ts). */
export interface SignalServerStats {
  rooms: number;
  /** Dropped peers waiting out their grace period on this node. */
  pendingDepartures: number;
  connections: number;
}

export interface SignalServer {
  io: SignalIo;
  registry: RoomRegistry;
  stats(): Promise<SignalServerStats>;
  /** Disconnects every client and stops the timers; does not close the HTTP server. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_PEERS = 4;
export const DEFAULT_GRACE_MS = 10_000;
export const DEFAULT_RESUME_TTL_MS = 24 * 60 * 60 * 1000;

export function createSignalServer(
  httpServer: HttpServer | HttpsServer | Http2SecureServer,
  options: SignalServerOptions = {},
): SignalServer {
  const resolved: ResolvedOptions = {
    maxPeers: options.maxPeers ?? DEFAULT_MAX_PEERS,
    graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
    resumeSecret: options.resumeSecret ?? randomBytes(32).toString('base64url'),
    resumeTtlMs: options.resumeTtlMs ?? DEFAULT_RESUME_TTL_MS,
    iceServers: options.iceServers ?? (() => []),
  };
  const registry = options.registry ?? new MemoryRoomRegistry();
  const log = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });

  const io: SignalIo = new Server(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: Limits.maxMessageBytes,
    perMessageDeflate: false,
    serveClient: false,
    destroyUpgrade: options.destroyUpgrade ?? true,
  });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { protocol?: unknown } | undefined;
    if (auth?.protocol !== PROTOCOL_VERSION) {
      const err = new Error('unsupported protocol version') as Error & { data?: unknown };
      err.data = { code: ConnectErrorCode.UnsupportedProtocol };
      next(err);
      return;
    }
    next();
  });

  const ctx: HandlerContext = { io, registry, log, options: resolved, graceTimers: new Map() };
  io.on('connection', (socket) => {
    registerRoomHandlers(ctx, socket);
    registerSignalHandlers(ctx, socket);
  });

  return {
    io,
    registry,
    async stats() {
      return {
        rooms: await registry.roomCount(),
        pendingDepartures: ctx.graceTimers.size,
        connections: io.engine.clientsCount,
      };
    },
    close() {
      for (const timer of ctx.graceTimers.values()) clearTimeout(timer);
      ctx.graceTimers.clear();
      io.disconnectSockets(true);
      // Closes the engine only: the HTTP server belongs to the caller.
      io.engine.close();
      return Promise.resolve();
    },
  };
}
