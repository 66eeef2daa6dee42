/**
 * Cross-site WebSocket hijacking protection. Browsers send `Origin` with every
 * WebSocket handshake but do not apply CORS to it, so the server itself must
 * refuse pages of other sites. Clients that are not browsers send no Origin
 * and are not at risk (they hold no one's cookies or network position).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface OriginPolicy {
  /** Origins allowed besides the server's own; empty means same-origin only. */
  allowedOrigins: readonly string[];
  /** Behind a reverse proxy, the public host is the one in X-Forwarded-Host. */
  trustProxy: boolean;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(',')[0]?.trim();
}

export function originAllowed(req: IncomingMessage, policy: OriginPolicy): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (policy.allowedOrigins.includes(origin)) return true;
  const host =
    (policy.trustProxy ? firstHeader(req.headers['x-forwarded-host']) : undefined) ??
    req.headers.host;
  if (!host || !URL.canParse(origin)) return false;
  return new URL(origin).host === host.toLowerCase();
}

/** Socket.IO's `allowRequest`: engine.io's own enforcement of the policy. */
export function allowRequestFor(policy: OriginPolicy) {
  return (
    req: IncomingMessage,
    callback: (err: string | null | undefined, ok: boolean) => void,
  ) => {
    if (originAllowed(req, policy)) callback(null, true);
    else callback('origin not allowed', false);
  };
}

/**
 * The same check as an engine.io middleware, run before `allowRequest`, so a
 * refused WebSocket handshake is answered 403 Forbidden (engine.io itself
 * answers a refused upgrade with a generic 400).
 */
export function refuseForeignOrigins(
  policy: OriginPolicy,
  onRefused: () => void = () => undefined,
) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    if (originAllowed(req, policy)) {
      next();
      return;
    }
    onRefused();
    if (req.headers.upgrade) {
      // During an upgrade `res` is engine.io's stand-in; the raw connection is `res.socket`.
      const socket = (res as unknown as { socket: Duplex }).socket;
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('origin not allowed');
  };
}
