/**
 * Short-lived TURN credentials in the form coturn's `use-auth-secret` checks
 * (the "TURN REST API"): the username carries its own expiry, and the password
 * is an HMAC of the username under a secret shared only by this service and
 * the TURN server. Browsers get a credential that stops working by itself;
 * the secret never leaves the server.
 */
import { createHmac } from 'node:crypto';
import type { Config } from './config.ts';
import type { IceServer, PeerId } from './protocol.ts';

export interface TurnCredential {
  /** `<expiry as Unix seconds>:<peerId>`. */
  username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  credential: string;
  /** Unix seconds after which the TURN server refuses the credential. */
  expiresAt: number;
}

export function turnCredential(
  secret: string,
  peerId: PeerId,
  ttlSeconds: number,
  nowMs: number = Date.now(),
): TurnCredential {
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${peerId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}

export interface IceSettings {
  stunUrls: string[];
  turnUrls: string[];
  turnSecret?: string | undefined;
  turnTtlSeconds: number;
}

/** The `iceServers` of a join ack: STUN as is, TURN with a fresh credential per join. */
export function iceServersFor(
  settings: IceSettings,
  now: () => number = Date.now,
): (peerId: PeerId) => IceServer[] {
  return (peerId) => {
    const servers: IceServer[] = [];
    if (settings.stunUrls.length > 0) servers.push({ urls: settings.stunUrls });
    if (settings.turnUrls.length > 0 && settings.turnSecret !== undefined) {
      const { username, credential } = turnCredential(
        settings.turnSecret,
        peerId,
        settings.turnTtlSeconds,
        now(),
      );
      servers.push({ urls: settings.turnUrls, username, credential });
    }
    return servers;
  };
}

/** `iceServersFor` with the settings read from the environment. */
export function iceServersFromConfig(
  config: Config,
  now: () => number = Date.now,
): (peerId: PeerId) => IceServer[] {
  return iceServersFor(
    {
      stunUrls: config.STUN_URLS,
      turnUrls: config.TURN_URLS,
      turnSecret: config.TURN_SECRET,
      turnTtlSeconds: config.TURN_TTL,
    },
    now,
  );
}
