import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchClientConfig } from './clientConfig.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

const serve = (body: unknown, status = 200) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status }))),
  );

describe('fetchClientConfig', () => {
  it('reads the server default and whether a relay exists', async () => {
    serve({ iceTransportPolicy: 'relay', relayAvailable: true });
    expect(await fetchClientConfig()).toEqual({
      iceTransportPolicy: 'relay',
      relayAvailable: true,
    });
  });

  it('falls back to every path and no relay on odd answers or errors', async () => {
    const fallback = { iceTransportPolicy: 'all', relayAvailable: false };
    serve({ iceTransportPolicy: 'sometimes', relayAvailable: 'yes' });
    expect(await fetchClientConfig()).toEqual(fallback);
    serve(null);
    expect(await fetchClientConfig()).toEqual(fallback);
    serve({ iceTransportPolicy: 'relay', relayAvailable: true }, 500);
    expect(await fetchClientConfig()).toEqual(fallback);
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('offline'))),
    );
    expect(await fetchClientConfig()).toEqual(fallback);
  });
});
