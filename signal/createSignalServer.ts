import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Http2SecureServer } from 'node:http2';
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import type { ServerOptions } from 'socket.io';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ConnectErrorCode, Limits, PROTOCOL_VERSION, ServerEvent } from './protocol.ts';
import type { IceServer, MediaMode, PeerId } from './protocol.ts';
import { ioRoom } from './context.ts';
import type { HandlerContext, ResolvedOptions, SignalIo, SignalSocket } from './context.ts';
import { MemoryRoomRegistry } from './roomRegistry.ts';
import type { RoomRegistry } from './roomRegistry.ts';
import { leaveOnDisconnect, registerRoomHandlers } from './roomHandlers.ts';
import { registerSignalHandlers } from './signalHandlers.ts';
import { registerPeerHandlers } from './peerHandlers.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import type { SignalMetrics } from './metrics.ts';
import { DEFAULT_LIMITS, createRateLimits } from './rateLimits.ts';
import type { LimitSettings, LimiterStore } from './rateLimits.ts';
import { allowRequestFor, refuseForeignOrigins } from './origin.ts';
import {
  binaryFrameGuard,
  connectError,
  installConnectionGuards,
  releaseConnection,
  startIdleSweep,
} from './guards.ts';
import { createDispatch } from './handle.ts';
import { guardedParser } from './parser.ts';
import { releaseUpgradeRequests } from './connectionFootprint.ts';
import { SfuBroker } from './sfu/sfuBroker.ts';
import type { SfuOptions } from './sfu/sfuBroker.ts';
import { SfuRouter } from './sfu/sfuRouter.ts';
import type { SfuHomes } from './sfu/sfuHomes.ts';
import type { CrossNodeRelay } from './crossNodeRelay.ts';
import { answerForwardedCalls, forwardingOver } from './sfu/sfuForwarding.ts';
import { registerSfuHandlers } from './sfu/sfuHandlers.ts';

export interface SignalServerOptions {
  /** Participants per room (protocol default 4). */
  maxPeers?: number;
  /**
   * A Janus SFU (see signal/sfu/), one or several instances (new rooms go to the least loaded).
   * With `meshMax` 0 every room is an SFU room, whose media goes through Janus; otherwise a room
   * stays peer to peer up to `meshMax` people and moves to the SFU when one more joins (it stays
   * there until it empties).
   */
  sfu?: SfuOptions | undefined;
  /** With `sfu`: the largest mesh room; 0 makes every room an SFU room (default 4). */
  meshMax?: number;
  /** How long a dropped participant may take to resume before the room is told it left. */
  graceMs?: number;
  /** HMAC key for resume tokens; a server restarted with the same secret honours old tokens. */
  resumeSecret?: string;
  resumeTtlMs?: number;
  /** ICE servers handed to a joining peer (STUN/TURN with per-join credentials). */
  iceServers?: (peerId: PeerId) => IceServer[] | Promise<IceServer[]>;
  registry?: RoomRegistry;
  /**
   * With `sfu` and several nodes (REDIS_URL): where each SFU room's home node is kept, so that
   * one node's broker holds each room (see sfu/sfuRouter.ts).
   */
  sfuHomes?: SfuHomes | undefined;
  /** Socket.IO adapter shared by several nodes (see redisScaleOut.ts); in-process by default. */
  adapter?: ServerOptions['adapter'];
  /** With the shared adapter: relays to another node's connections (see crossNodeRelay.ts). */
  crossNode?: CrossNodeRelay | undefined;
  logger?: Logger;
  /**
   * Close WebSocket upgrades for other paths. Off when sharing the HTTP server with
   * another WebSocket user, such as Vite's hot-reload channel in development.
   */
  destroyUpgrade?: boolean;
  /** Web origins allowed to connect besides the server's own (same-origin only when empty). */
  allowedOrigins?: readonly string[];
  /** Behind a reverse proxy: client address from X-Forwarded-For, host from X-Forwarded-Host. */
  trustProxy?: boolean;
  limits?: Partial<LimitSettings>;
  /** Where rate-limit counters live (in memory by default; shared across nodes when set). */
  limiterStore?: LimiterStore;
  /** Registry the server's metrics are registered in (a new one by default). */
  metricsRegistry?: Registry;
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
  metrics: SignalMetrics;
  /** The SFU when `sfu` was given (its `ready()` is a readiness check). */
  sfu: SfuRouter | null;
  stats(): Promise<SignalServerStats>;
  /** Disconnects every client and stops the timers; does not close the HTTP server. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_PEERS = 4;
export const DEFAULT_MESH_MAX = 4;
export const DEFAULT_GRACE_MS = 10_000;
export const DEFAULT_RESUME_TTL_MS = 24 * 60 * 60 * 1000;

export function createSignalServer(
  httpServer: HttpServer | HttpsServer | Http2SecureServer,
  options: SignalServerOptions = {},
): SignalServer {
  const maxPeers = options.maxPeers ?? DEFAULT_MAX_PEERS;
  const meshMax = options.meshMax ?? DEFAULT_MESH_MAX;
  // With MESH_MAX 0 every room goes through the SFU; otherwise a room moves there as it grows.
  const media: MediaMode = options.sfu && meshMax === 0 ? 'sfu' : 'mesh';
  const resolved: ResolvedOptions = {
    maxPeers,
    media,
    meshMax,
    capacity: maxPeers,
    graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
    resumeSecret: options.resumeSecret ?? randomBytes(32).toString('base64url'),
    resumeTtlMs: options.resumeTtlMs ?? DEFAULT_RESUME_TTL_MS,
    iceServers: options.iceServers ?? (() => []),
    trustProxy: options.trustProxy ?? false,
    unjoinedTimeoutMs: options.limits?.unjoinedTimeoutMs ?? DEFAULT_LIMITS.unjoinedTimeoutMs,
  };
  const registry = options.registry ?? new MemoryRoomRegistry();
  const log = options.logger ?? createLogger(process.env.LOG_LEVEL ?? 'info');
  const originPolicy = {
    allowedOrigins: options.allowedOrigins ?? [],
    trustProxy: resolved.trustProxy,
  };
  const limits = createRateLimits({ ...DEFAULT_LIMITS, ...options.limits }, options.limiterStore);

  const io: SignalIo = new Server(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: Limits.maxMessageBytes,
    perMessageDeflate: false,
    serveClient: false,
    destroyUpgrade: options.destroyUpgrade ?? true,
    allowRequest: allowRequestFor(originPolicy),
    parser: guardedParser,
    ...(options.adapter && { adapter: options.adapter }),
  });
  const homes = options.sfuHomes;
  const release = (room: string) => {
    homes?.release(room).catch((err: unknown) => log.warn({ err }, 'sfu room home not released'));
  };
  const broker = options.sfu
    ? new SfuBroker(options.sfu, {
        log,
        publishers: maxPeers,
        // Through the adapter, to whichever node holds the member's socket.
        deliver: (peer, offer) => io.to(ioRoom.peer(peer)).emit(ServerEvent.SfuOffer, offer),
        // Their media is gone with their Janus instance: their clients (on any node) reconnect
        // and resume, and the first one back places the room on a live instance.
        lost: (rooms) => {
          for (const room of rooms) {
            release(room);
            io.in(ioRoom.room(room)).disconnectSockets(true);
          }
        },
        emptied: release,
      })
    : null;
  const sfu = broker && new SfuRouter(broker, homes ? forwardingOver(io, homes, log) : null);
  if (sfu && homes) answerForwardedCalls(io, sfu);
  const metrics = createMetrics(
    {
      sockets: () => io.of('/').sockets.size,
      rooms: () => registry.roomCount(),
      sfu: sfu ? () => sfu.stats() : undefined,
    },
    options.metricsRegistry,
  );
  io.engine.use(
    refuseForeignOrigins(originPolicy, () => metrics.refusals.inc({ code: 'forbidden-origin' })),
  );

  const releaseUpgradeRequest = releaseUpgradeRequests(io, resolved.trustProxy);

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { protocol?: unknown } | undefined;
    if (auth?.protocol !== PROTOCOL_VERSION) {
      next(connectError('unsupported protocol version', ConnectErrorCode.UnsupportedProtocol));
      return;
    }
    next();
  });

  const ctx: HandlerContext = {
    io,
    registry,
    log,
    options: resolved,
    limits,
    metrics,
    sfu,
    crossNode: options.crossNode ?? null,
    graceTimers: new Map(),
    unjoined: new Map(),
  };
  options.crossNode?.attach(io);
  installConnectionGuards(ctx);
  const stopIdleSweep = startIdleSweep(ctx);
  const dispatch = createDispatch(ctx);
  registerRoomHandlers(ctx, dispatch.on);
  registerSignalHandlers(ctx, dispatch.on);
  registerPeerHandlers(ctx, dispatch.on);
  registerSfuHandlers(ctx, dispatch.on);
  // One listener of each kind for every connection (Socket.IO calls them with the socket as
  // `this`), rather than closures per connection: an idle connection keeps less.
  const onFrame = binaryFrameGuard(ctx);
  function onDisconnect(this: SignalSocket, reason: string) {
    releaseConnection(ctx, this);
    leaveOnDisconnect(ctx, this, reason);
  }
  io.on('connection', (socket) => {
    ctx.unjoined.set(socket, Date.now());
    releaseUpgradeRequest(socket);
    dispatch.attach(socket);
    socket.on('disconnect', onDisconnect);
    socket.conn.on('message', onFrame);
  });

  return {
    io,
    registry,
    metrics,
    sfu,
    async stats() {
      return {
        rooms: await registry.roomCount(),
        pendingDepartures: ctx.graceTimers.size,
        connections: io.engine.clientsCount,
      };
    },
    async close() {
      stopIdleSweep();
      for (const timer of ctx.graceTimers.values()) clearTimeout(timer);
      ctx.graceTimers.clear();
      // Local only: with a shared adapter, io.disconnectSockets() would reach every node's clients.
      io.local.disconnectSockets(true);
      // This node's Janus rooms go; the clients resume elsewhere and publish anew.
      await sfu?.close();
      // Closes the engine only: the HTTP server belongs to the caller.
      io.engine.close();
      metrics.registry.clear();
      // A shared adapter unsubscribes here; the in-process one has nothing to release.
      await io.of('/').adapter.close();
    },
  };
}
