/**
 * Settings the web app needs before it joins, served as a small JSON document
 * next to the app (the join ack's shape is fixed by the protocol, and the
 * pre-join view must show the relay-only default before any join happens).
 * Holds no secret: everything here is public by design.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config.ts';

export const CLIENT_CONFIG_PATH = '/config.json';

export interface ClientConfig {
  /** The server's default for new calls; a person may choose otherwise in the pre-join view. */
  iceTransportPolicy: 'all' | 'relay';
  /** A TURN server is configured, so relay-only calls can connect. */
  relayAvailable: boolean;
}

export function clientConfigOf(config: Config): ClientConfig {
  return {
    iceTransportPolicy: config.ICE_TRANSPORT_POLICY,
    relayAvailable: config.TURN_URLS.length > 0,
  };
}

/** Answers GET/HEAD `/config.json`; returns false for any other request. */
export function serveClientConfig(
  clientConfig: ClientConfig,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const body = JSON.stringify(clientConfig);
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== CLIENT_CONFIG_PATH || (req.method !== 'GET' && req.method !== 'HEAD'))
      return false;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
