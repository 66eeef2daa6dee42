import type { IncomingHttpHeaders } from 'node:http';

/**
 * The client's network address, used only as a key for abuse limits (never
 * logged). Behind a trusted reverse proxy every connection comes from the
 * proxy, so the address is the last hop the proxy appended to X-Forwarded-For.
 */
export function clientAddress(
  handshake: { address: string; headers: IncomingHttpHeaders },
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const header = handshake.headers['x-forwarded-for'];
    const value = Array.isArray(header) ? header.join(',') : header;
    const last = value?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return handshake.address;
}
