import type { PeerId } from '../../../../signal/protocol.ts';
import { markJoin } from '../../lib/joinTimeline.ts';
import type { IceRecoveryOptions } from '../iceRecovery.ts';
import { IceRecovery } from '../iceRecovery.ts';
import type { RelayCounters } from './relayWatch.ts';
import { RelayWatch } from './relayWatch.ts';
import type { OutgoingSignal } from './negotiation.ts';

/** What PeerIce reads from the session's options (PeerSessionOptions has them all). */
export interface PeerIceOptions {
  peerId: PeerId;
  /** The impolite side drives restarts, so the two ends never restart against each other. */
  polite: boolean;
  iceTransportPolicy?: RTCIceTransportPolicy;
  send: (signal: OutgoingSignal) => void;
  onRelayFailed?: () => void;
  onError: (err: unknown) => void;
  iceRecovery?: Pick<IceRecoveryOptions, 'stuckMs' | 'minGapMs' | 'maxGapMs'>;
}

/** What PeerIce needs from the session itself. */
export interface PeerIceSession {
  counters: RelayCounters;
  /** A method, not a flag: the session closes across awaits. */
  isClosed: () => boolean;
  /** Starts an ICE restart (a new offer; negotiation.ts makes it). */
  restart: () => void;
}

/**
 * The ICE side of one mesh connection (PeerSession): our candidates out, the relay watch
 * (relayWatch.ts), restarts with backoff (iceRecovery.ts), fresh STUN/TURN servers from a rejoin.
 */
export class PeerIce {
  private readonly recovery: IceRecovery;
  private readonly relayWatch: RelayWatch;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly opts: PeerIceOptions,
    private readonly session: PeerIceSession,
  ) {
    this.relayWatch = new RelayWatch(opts.iceTransportPolicy === 'relay', session.counters, () =>
      this.opts.onRelayFailed?.(),
    );
    this.recovery = new IceRecovery({
      ...opts.iceRecovery,
      drives: !opts.polite,
      restart: () => session.restart(),
    });
    pc.onicecandidate = ({ candidate }) => {
      if (session.isClosed()) return;
      this.relayWatch.candidate(candidate);
      this.opts.send({ candidate: candidate ? candidate.toJSON() : null });
    };
    // Expired or wrong TURN credentials, or an unreachable TURN server, show up here (401, 701).
    pc.onicecandidateerror = () => this.relayWatch.candidateError();
    pc.onicegatheringstatechange = () => {
      if (!session.isClosed()) this.relayWatch.gatheringState(pc.iceGatheringState);
    };
    pc.oniceconnectionstatechange = () => {
      const state = pc.iceConnectionState;
      if (state === 'connected') markJoin('ice-connected', opts.peerId);
    };
  }

  /** The connection's state changed (the session has checked it is not closed). */
  update(state: RTCPeerConnectionState): void {
    this.recovery.update(state);
  }

  /** New STUN/TURN servers (fresh TURN credentials): used by the next gathering, e.g. an ICE restart. */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (this.session.isClosed()) return;
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    } catch (err) {
      // The connection keeps its old servers; that is no reason to end the call.
      this.opts.onError(err);
    }
  }

  /**
   * Fresh STUN/TURN servers (a rejoin): a connection that is not up restarts ICE with them now.
   * A restart under way gathers with the old, perhaps expired, credentials, and the recovery's
   * next try may be 30 s away. That includes a negotiated connection still `new`: with no
   * candidate on either side (relay-only, expired credentials) ICE never starts, never fails,
   * and so nothing else would ever restart it. Only a first negotiation still under way (no
   * remote description yet) is left to finish.
   */
  tryFreshServers(): void {
    const state = this.pc.connectionState;
    if (this.session.isClosed() || state === 'connected') return;
    if (state === 'new' && this.pc.remoteDescription === null) return;
    this.recovery.restarted();
    this.session.restart();
  }

  /** Relay-only and the last gathering found no relay: only new credentials or a new relay help. */
  get relayFailed(): boolean {
    return this.relayWatch.relayFailed;
  }

  close(): void {
    this.recovery.dispose();
    this.pc.onicecandidate = null;
    this.pc.onicecandidateerror = null;
    this.pc.onicegatheringstatechange = null;
    this.pc.oniceconnectionstatechange = null;
  }
}
