/**
 * Connection-level defences: open connections per client address, closing
 * connections that stay out of any room, and closing connections that send
 * binary frames (the protocol has none; the parser would buffer them). What a
 * connection keeps for them is an entry in `ctx.unjoined` while it is in no room.
 * And the request-level guard of the handlers that need a member (requireMember).
 */
import { ConnectErrorCode, ErrorCode } from './protocol.ts';
import type { PeerId } from './protocol.ts';
import type { HandlerContext, SignalSocket } from './context.ts';
import { clientAddress } from './clientAddress.ts';
import { SignalError } from './errors.ts';

export function installConnectionGuards(ctx: HandlerContext): void {
  const { io, limits, options, metrics, log } = ctx;

  io.use((socket, next) => {
    const address = clientAddress(socket.handshake, options.trustProxy);
    limits.connect(address).then(
      (ok) => {
        if (ok) {
          next();
          return;
        }
        metrics.refusals.inc({ code: ConnectErrorCode.RateLimited });
        next(connectError('too many connections from this address', ConnectErrorCode.RateLimited));
      },
      (err: unknown) => {
        log.error({ err }, 'rate limiter failed');
        next(connectError('the server is busy', ConnectErrorCode.RateLimited));
      },
    );
  });
}

/** Gives back the connection slot of a closed connection (taken in installConnectionGuards). */
export function releaseConnection(ctx: HandlerContext, socket: SignalSocket): void {
  ctx.unjoined.delete(socket);
  ctx.limits
    .disconnect(clientAddress(socket.handshake, ctx.options.trustProxy))
    .catch((err: unknown) => {
      ctx.log.error({ err }, 'failed to release a connection slot');
    });
}

/**
 * The binary-frame guard, one listener for every connection (Socket.IO's engine calls it with
 * the connection as `this`).
 */
export function binaryFrameGuard(ctx: HandlerContext) {
  return function onFrame(this: { close(): unknown }, data: unknown): void {
    if (typeof data === 'string') return;
    ctx.metrics.refusals.inc({ code: 'binary-frame' });
    this.close();
  };
}

/**
 * Closes connections that have been in no room for `unjoinedTimeoutMs`: one sweep for the whole
 * server, over the connections in no room, a quarter of the timeout apart. Returns its stop.
 */
export function startIdleSweep(ctx: HandlerContext): () => void {
  const { unjoinedTimeoutMs } = ctx.options;
  const timer = setInterval(
    () => {
      const now = Date.now();
      // Oldest first: a connection is put back at the end whenever it leaves a room.
      for (const [socket, since] of ctx.unjoined) {
        if (now - since < unjoinedTimeoutMs) break;
        if (socket.data.joining) continue;
        ctx.unjoined.delete(socket);
        ctx.metrics.refusals.inc({ code: 'idle' });
        ctx.log.debug('closing a connection that joined no room');
        socket.disconnect(true);
      }
    },
    Math.max(10, Math.floor(unjoinedTimeoutMs / 4)),
  );
  timer.unref();
  return () => clearInterval(timer);
}

export function connectError(message: string, code: ConnectErrorCode): Error {
  return Object.assign(new Error(message), { data: { code } });
}

/** The sender's room and PeerId; refused `not-in-room` when the connection is in no room. */
export function requireMember(socket: SignalSocket): { peerId: PeerId; room: string } {
  const { peerId, room } = socket.data;
  if (peerId === undefined || room === undefined) {
    throw new SignalError(ErrorCode.NotInRoom, 'not in a room');
  }
  return { peerId, room };
}
