/**
 * Connection-level defences: open connections per client address, closing
 * connections that stay out of any room, and closing connections that send
 * binary frames (the protocol has none; the parser would buffer them).
 */
import { ConnectErrorCode } from './protocol.ts';
import type { HandlerContext, SignalSocket } from './context.ts';
import { clientAddress } from './clientAddress.ts';

export function installConnectionGuards(ctx: HandlerContext): void {
  const { io, limits, options, metrics, log } = ctx;

  io.use((socket, next) => {
    const address = clientAddress(socket.handshake, options.trustProxy);
    limits.connect(address).then(
      (ok) => {
        if (ok) {
          socket.once('disconnect', () => {
            limits.disconnect(address, socket.id).catch((err: unknown) => {
              log.error({ err }, 'failed to release a connection slot');
            });
          });
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

/** Per connection: the idle timeout and the binary-frame guard. */
export function guardConnection(ctx: HandlerContext, socket: SignalSocket): void {
  const { options, metrics, log } = ctx;
  // Checked periodically rather than re-armed on every join and leave.
  const idle = setInterval(() => {
    if (socket.data.peerId !== undefined || socket.data.joining) return;
    metrics.refusals.inc({ code: 'idle' });
    log.debug('closing a connection that joined no room');
    socket.disconnect(true);
  }, options.unjoinedTimeoutMs);
  idle.unref();
  socket.once('disconnect', () => clearInterval(idle));

  socket.conn.on('message', (data: unknown) => {
    if (typeof data === 'string') return;
    metrics.refusals.inc({ code: 'binary-frame' });
    socket.conn.close();
  });
}

export function connectError(message: string, code: ConnectErrorCode): Error {
  return Object.assign(new Error(message), { data: { code } });
}
