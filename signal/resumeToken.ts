/**
 * Resume tokens: `<payload>.<mac>`, both base64url, where the payload names the
 * peer and room and the mac is HMAC-SHA256 under the server's resume secret.
 * Being signed rather than stored, a token outlives a server restart (and
 * works on every node) as long as the secret is the same.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PeerId } from './protocol.ts';

export interface ResumeClaim {
  peerId: PeerId;
  room: string;
}

interface TokenBody {
  v: 1;
  p: string;
  r: string;
  e: number;
}

const mac = (secret: string, payload: string): Buffer =>
  createHmac('sha256', secret).update(payload).digest();

export function issueResumeToken(
  secret: string,
  claim: ResumeClaim,
  ttlMs: number,
  now = Date.now(),
): string {
  const body: TokenBody = { v: 1, p: claim.peerId, r: claim.room, e: now + ttlMs };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claim of a genuine, unexpired token; null for anything else. */
export function verifyResumeToken(
  secret: string,
  token: string,
  now = Date.now(),
): ResumeClaim | null {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const body = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    ) as Partial<TokenBody>;
    if (body.v !== 1 || typeof body.p !== 'string' || typeof body.r !== 'string') return null;
    if (typeof body.e !== 'number' || body.e < now) return null;
    return { peerId: body.p, room: body.r };
  } catch {
    return null;
  }
}
