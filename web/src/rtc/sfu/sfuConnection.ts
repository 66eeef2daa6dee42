/**
 * SFU rooms: what the publishing and the subscribing connection have in common. Each is one
 * RTCPeerConnection to the media server that trickles its candidates through signaling and
 * reports its state, both only until it is closed (a closed one's late events are nobody's).
 */
import type { IceCandidate } from '../../../../signal/protocol.ts';
import { markJoin } from '../../lib/joinTimeline.ts';
import type { JoinStep } from '../../lib/joinTimeline.ts';

export interface SfuConnectionOptions {
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  trickle: (candidate: IceCandidate | null) => void;
  onConnectionState: (state: RTCPeerConnectionState) => void;
  onError: (err: unknown) => void;
}

export abstract class SfuConnection {
  readonly pc: RTCPeerConnection;
  private closedFlag = false;
  private settle: () => void = () => undefined;
  /** Settles once the connection is first up, or failed, or was closed. */
  readonly settled = new Promise<void>((resolve) => {
    this.settle = resolve;
  });

  /** `connected`: the join step marked when this connection is first up. */
  protected constructor(opts: SfuConnectionOptions, connected: JoinStep) {
    const pc = new RTCPeerConnection({
      iceServers: opts.iceServers,
      iceTransportPolicy: opts.iceTransportPolicy,
    });
    pc.onicecandidate = ({ candidate }) => {
      if (!this.isClosed()) opts.trickle(candidate ? candidate.toJSON() : null);
    };
    pc.onconnectionstatechange = () => {
      if (this.isClosed()) return;
      if (pc.connectionState === 'connected') markJoin(connected);
      if (pc.connectionState === 'connected' || pc.connectionState === 'failed') this.settle();
      opts.onConnectionState(pc.connectionState);
    };
    this.pc = pc;
  }

  /** A method, not a field read: it changes across awaits. */
  isClosed(): boolean {
    return this.closedFlag;
  }

  close(): void {
    this.closedFlag = true;
    this.settle();
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onnegotiationneeded = null;
    this.pc.close();
  }
}
