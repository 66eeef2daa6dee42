/**
 * Relay-only or not: the server's default (its client config) and this person's choice,
 * remembered on this device. Decided before the first offer of a call.
 */
import type { StoreApi } from 'zustand';
import { fetchClientConfig } from '../lib/clientConfig.ts';
import { loadRelayOnly, saveRelayOnly } from '../lib/storage.ts';
import { selectRelayOnly } from '../store/index.ts';
import type { AppState } from '../store/types.ts';

export class NetworkPreference {
  private request: Promise<void> | null = null;

  constructor(private readonly store: StoreApi<AppState>) {}

  /** Reads the server's relay settings and this person's remembered choice, once. */
  prepare(): Promise<void> {
    this.request ??= (async () => {
      const saved = loadRelayOnly();
      if (saved !== null && this.store.getState().relayOnlyChoice === null)
        this.store.getState().chooseRelayOnly(saved);
      this.store.getState().setNetworkConfig(await fetchClientConfig());
    })();
    return this.request;
  }

  /** Relay-only for this person's next calls, remembered on this device. */
  choose(relayOnly: boolean): void {
    this.store.getState().chooseRelayOnly(relayOnly);
    saveRelayOnly(relayOnly);
  }

  /** The ICE transport policy of a call that starts now (after `prepare`). */
  policy(): RTCIceTransportPolicy {
    return selectRelayOnly(this.store.getState()) ? 'relay' : 'all';
  }
}
