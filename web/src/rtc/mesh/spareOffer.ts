/**
 * The newcomer's first connection, made while pre-join shows. A join's first step toward the
 * first frame is the newcomer's offer to the person already there; making that connection and
 * applying its offer took the joiner's page about 25 ms after the join's answer, on a machine
 * busy with the call (docs/performance.md, figure 2). The spare is made ahead with the servers
 * a join would bring (`ice:servers`): its offer and candidates are held, and go out to the first
 * person the join's answer names (MeshPath.enter). Nothing leaves the page before that.
 *
 * The spare goes unused, and is closed, in an SFU room, in an empty room, when the camera
 * stream, the relay choice or the server list changed, and once it is SPARE_MAX_AGE_MS old (TURN
 * credentials expire, and a page left open in pre-join holds no relay allocation for longer).
 */
import type { PeerId } from '../../../../signal/protocol.ts';
import type { OutgoingSignal } from './negotiation.ts';
import { PeerSession } from './PeerSession.ts';
import type { PeerSessionOptions } from './PeerSession.ts';

export const SPARE_MAX_AGE_MS = 10 * 60_000;

/** A spare, as the join's first connection takes it over. */
export interface SpareSession {
  adopt(opts: PeerSessionOptions): PeerSession;
}

/** What a spare was made for: a join may use it only if these are still the same. */
export interface SpareFit {
  localStream: MediaStream;
  iceTransportPolicy: RTCIceTransportPolicy;
  iceServers: RTCIceServer[];
}

/** The servers' addresses: credentials are made fresh for every answer. */
const addressesOf = (servers: RTCIceServer[]) =>
  JSON.stringify(servers.map((s) => [s.urls].flat().sort()));

/** A spare's session, and what it did before it had its peer. */
class Spare implements SpareSession {
  readonly session: PeerSession;
  private target: PeerSessionOptions | null = null;
  private readonly held: OutgoingSignal[] = [];
  private files: RTCDataChannel | null = null;
  private relayFailed = false;
  private failed = false;

  constructor(readonly fit: SpareFit) {
    const target = () => this.target;
    this.session = new PeerSession({
      get peerId(): PeerId {
        return target()?.peerId ?? '';
      },
      polite: false,
      held: true,
      iceServers: fit.iceServers,
      iceTransportPolicy: fit.iceTransportPolicy,
      localStream: fit.localStream,
      send: (signal) => {
        const to = target();
        if (to) to.send(signal);
        else this.held.push(signal);
      },
      onRemoteMedia: (stream) => target()?.onRemoteMedia(stream),
      onRemoteScreen: (stream) => target()?.onRemoteScreen?.(stream),
      onMessage: (data) => target()?.onMessage?.(data),
      onFilesChannel: (channel) => {
        const to = target();
        if (to) to.onFilesChannel?.(channel);
        else this.files = channel;
      },
      onConnectionState: (state) => target()?.onConnectionState(state),
      onRelayFailed: () => {
        const to = target();
        if (to) to.onRelayFailed?.();
        else this.relayFailed = true;
      },
      onError: (err) => {
        const to = target();
        if (to) to.onError(err);
        // Its offer may not have been made: a join makes its own connection instead.
        else this.failed = true;
      },
    });
    void this.session.start();
  }

  /** Not failed, not closed: a join may take it. */
  get usable(): boolean {
    return !this.failed && !this.session.isClosed();
  }

  /** The spare's peer is known: what it held goes out, with the camera as it is now. */
  adopt(opts: PeerSessionOptions): PeerSession {
    this.target = opts;
    const { session } = this;
    for (const signal of this.held.splice(0)) opts.send(signal);
    session.released();
    if (this.files) opts.onFilesChannel?.(this.files);
    if (this.relayFailed) opts.onRelayFailed?.();
    // Fresh credentials, for the ICE restarts to come.
    session.setIceServers(opts.iceServers);
    for (const kind of ['audio', 'video'] as const) {
      const track = opts.localStream.getTracks().find((t) => t.kind === kind) ?? null;
      session.syncTrack(kind, track).catch((err: unknown) => opts.onError(err));
    }
    return session;
  }
}

export class SpareOffer {
  private spare: { spare: Spare; madeAt: number } | null = null;
  private expiry: ReturnType<typeof setTimeout> | null = null;

  /** `now`: the clock its age is read from (tests move it). */
  constructor(private readonly now: () => number = Date.now) {}

  /** The spare's connection, if there is one (for tests and diagnostics). */
  get connection(): RTCPeerConnection | null {
    return this.spare?.spare.session.pc ?? null;
  }

  /** Makes the spare (if there is none), for these settings. */
  make(fit: SpareFit): void {
    if (this.spare || typeof RTCPeerConnection === 'undefined') return;
    try {
      this.spare = { spare: new Spare(fit), madeAt: this.now() };
      // A page left in pre-join holds no relay allocation for longer than that.
      this.expiry = setTimeout(() => this.drop(), SPARE_MAX_AGE_MS);
    } catch {
      // Only a head start: the call makes its own connections either way.
    }
  }

  /**
   * The spare, to be adopted by the join's first connection, if it was made for these settings
   * and is not too old; it is closed otherwise. Either way this page has no spare after.
   */
  take(fit: SpareFit): SpareSession | null {
    const made = this.spare;
    this.forget();
    if (!made) return null;
    const { spare, madeAt } = made;
    const fits =
      spare.fit.localStream === fit.localStream &&
      spare.fit.iceTransportPolicy === fit.iceTransportPolicy &&
      addressesOf(spare.fit.iceServers) === addressesOf(fit.iceServers) &&
      this.now() - madeAt < SPARE_MAX_AGE_MS &&
      spare.usable;
    if (fits) return spare;
    spare.session.close();
    return null;
  }

  /** Closes the spare, if any (the call went another way, or pre-join is gone). */
  drop(): void {
    this.spare?.spare.session.close();
    this.forget();
  }

  private forget(): void {
    this.spare = null;
    if (this.expiry !== null) clearTimeout(this.expiry);
    this.expiry = null;
  }
}
