/**
 * Cross-site WebSocket hijacking protection. Browsers send `Origin` with every
 * WebSocket handshake but do not apply CORS to it, so the server itself must
 * refuse pages of other sites. Clients that are not browsers send no Origin
 * and are not at risk (they hold no one's cookies or network position).
 */
import type { IncomingMessage } from 'node:http';

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

/** Socket.IO's `allowRequest`: a refused handshake is answered 403 Forbidden. */
export function allowRequestFor(policy: OriginPolicy) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, ok: boolean) => void) => {
    if (originAllowed(req, policy)) callback(null, true);
    else callback('origin not allowed', false);
  };
}
