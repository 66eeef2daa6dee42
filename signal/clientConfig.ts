/** Serves the client configuration (its shape is in clientConfigShape.ts) from the server's settings. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config.ts';
import { CLIENT_CONFIG_PATH } from './clientConfigShape.ts';
import type { ClientConfig } from './clientConfigShape.ts';

export { CLIENT_CONFIG_PATH };
export type { ClientConfig };

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
