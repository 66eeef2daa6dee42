import { describe, expect, it } from 'vitest';
import { createAppStore, selectRelayOnly } from './index.ts';

describe('relay-only choice', () => {
  it('follows the server default until the person chooses, then their choice wins', () => {
    const store = createAppStore();
    expect(selectRelayOnly(store.getState())).toBe(false);
    store.getState().setNetworkConfig({ iceTransportPolicy: 'relay', relayAvailable: true });
    expect(selectRelayOnly(store.getState())).toBe(true);
    store.getState().chooseRelayOnly(false);
    expect(selectRelayOnly(store.getState())).toBe(false);
    store.getState().setNetworkConfig({ iceTransportPolicy: 'all', relayAvailable: true });
    store.getState().chooseRelayOnly(true);
    expect(selectRelayOnly(store.getState())).toBe(true);
  });

  it('keeps a chosen relay-only even when the server reports no relay (privacy fails closed)', () => {
    const store = createAppStore();
    store.getState().chooseRelayOnly(true);
    store.getState().setNetworkConfig({ iceTransportPolicy: 'all', relayAvailable: false });
    expect(selectRelayOnly(store.getState())).toBe(true);
    expect(store.getState().relayAvailable).toBe(false);
  });
});
