/**
 * SFU rooms: what the publishing and the subscribing connection have in common. Each is one
 * RTCPeerConnection to the media server that trickles its candidates through signaling and
 * reports its state, both only until it is closed (a closed one's late events are nobody's).
 */
import type { IceCandidate } from '../../../../signal/protocol.ts';

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

  protected constructor(opts: SfuConnectionOptions) {
    const pc = new RTCPeerConnection({
      iceServers: opts.iceServers,
      iceTransportPolicy: opts.iceTransportPolicy,
    });
    pc.onicecandidate = ({ candidate }) => {
      if (!this.isClosed()) opts.trickle(candidate ? candidate.toJSON() : null);
    };
    pc.onconnectionstatechange = () => {
      if (!this.isClosed()) opts.onConnectionState(pc.connectionState);
    };
    this.pc = pc;
  }

  /** A method, not a field read: it changes across awaits. */
  isClosed(): boolean {
    return this.closedFlag;
  }

  close(): void {
    this.closedFlag = true;
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onnegotiationneeded = null;
    this.pc.close();
  }
}
