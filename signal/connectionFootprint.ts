/**
 * What an open connection keeps of the HTTP request that opened it. engine.io keeps the whole
 * upgrade request (an IncomingMessage with its raw headers, stream state and URL) for the
 * connection's life, twice over: as `conn.request`, and through the stand-in response it gives
 * its middlewares, whose close listener on the TCP socket holds the request. Socket.IO copies
 * what it needs into `socket.handshake` when the client connects to the namespace. room-call reads
 * nothing else of the request, and of the handshake only the address, the trusted proxy header and
 * the auth, so once a socket is connected the rest goes: about 1.2 KiB per idle connection in the
 * bench (figure 1c), more for a browser, whose headers are larger (docs/performance.md). The
 * stand-in response goes too (its close forwarding is dropped): another 0.6 KiB.
 */
import type { IncomingMessage } from 'node:http';
import type { SignalIo, SignalSocket } from './context.ts';

/** engine.io's stand-in response during an upgrade: it mirrors ServerResponse's `req`. */
interface UpgradeResponse {
  req: IncomingMessage | null;
  socket?: NodeJS.EventEmitter;
}

/** No header is read once connected (without a trusted proxy): one object for every socket. */
const NO_HEADERS = Object.freeze({});

/**
 * Installs the engine middleware that remembers each request's stand-in response, and returns
 * what to call on each new socket. Register it after the other engine middlewares: it runs only
 * for requests they let through.
 */
export function releaseUpgradeRequests(
  io: SignalIo,
  trustProxy: boolean,
): (socket: SignalSocket) => void {
  // Weak: an entry goes with its request, whether or not the request became a connection.
  const responses = new WeakMap<IncomingMessage, UpgradeResponse>();
  io.engine.use((req: IncomingMessage, res: unknown, next: () => void) => {
    responses.set(req, res as UpgradeResponse);
    dropCloseBridge(res as UpgradeResponse);
    next();
  });
  return (socket) => {
    // Socket.IO types the engine connection's request as always there; it is gone after this.
    const conn = socket.conn as unknown as { request: IncomingMessage | null };
    const req = conn.request;
    if (req) {
      const res = responses.get(req);
      if (res) res.req = null;
      responses.delete(req);
    }
    conn.request = null;
    slimHandshake(socket, trustProxy);
  };
}

/**
 * Keeps of the handshake what room-call reads after the connection was admitted: the address
 * and, behind a trusted proxy, X-Forwarded-For (clientAddress.ts), and the auth. The date string,
 * URL, query and the other headers are each the connection's own copy.
 */
function slimHandshake(socket: SignalSocket, trustProxy: boolean): void {
  const { handshake } = socket;
  const forwarded = handshake.headers['x-forwarded-for'];
  handshake.headers =
    trustProxy && forwarded !== undefined ? { 'x-forwarded-for': forwarded } : NO_HEADERS;
  handshake.time = '';
  handshake.url = '';
  handshake.query = NO_HEADERS;
}

/**
 * The stand-in response forwards its TCP socket's `close` to its own listeners (for middlewares
 * that wait for a response to end); room-call's middlewares add none, and the forwarding listener
 * would keep the response for the connection's life. It is the one engine.io added last, just
 * before the middlewares ran; it is recognised by what it does, so an engine.io that forwards
 * differently keeps its listener (and connectionFootprint.test.ts says so).
 */
function dropCloseBridge(res: UpgradeResponse): void {
  type Listener = ((...args: unknown[]) => void) & { listener?: (...args: unknown[]) => void };
  const socket = res.socket;
  const last = socket?.rawListeners('close').at(-1) as Listener | undefined;
  if (!socket || !last) return;
  // A `once` listener is a wrapper; what it calls is its `listener`.
  const forwards = (last.listener ?? last).toString();
  if (/this\.emit\(["']close["']\)/.test(forwards)) socket.removeListener('close', last);
}
