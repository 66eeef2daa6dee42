import { CLIENT_CONFIG_PATH } from '../../../signal/clientConfigShape.ts';
import type { ClientConfig } from '../../../signal/clientConfigShape.ts';

/** Used when the server's settings cannot be read: no relay known, every path allowed. */
const FALLBACK: ClientConfig = { iceTransportPolicy: 'all', relayAvailable: false };

/** The server's public settings (`/config.json`), checked field by field. */
export async function fetchClientConfig(): Promise<ClientConfig> {
  try {
    const res = await fetch(CLIENT_CONFIG_PATH, { cache: 'no-store' });
    if (!res.ok) return FALLBACK;
    const body = (await res.json()) as Partial<Record<keyof ClientConfig, unknown>> | null;
    return {
      iceTransportPolicy: body?.iceTransportPolicy === 'relay' ? 'relay' : 'all',
      relayAvailable: body?.relayAvailable === true,
    };
  } catch {
    return FALLBACK;
  }
}
