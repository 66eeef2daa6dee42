/**
 * Protocol v1, SFU rooms: what the `sfu:*` requests carry and what `sfu:offer` brings
 * (docs/protocol.md, "SFU rooms"). protocol.ts re-exports these: import them from there.
 */
import type { IceCandidate, PeerId, SessionDescription } from './protocol.ts';

export interface SfuPublishRequest {
  /** An offer of our publishing connection (send-only m-lines). */
  description: SessionDescription;
  /** The mid of the m-line carrying our screen share, or null when not sharing. */
  screenMid: string | null;
}

export interface SfuPublishResult {
  ok: true;
  description: SessionDescription;
}

/** What one m-line of our subscribing connection carries. */
export interface SfuStream {
  mid: string;
  peer: PeerId;
  kind: 'audio' | 'video';
  source: 'camera' | 'screen';
}

export interface SfuOffer {
  description: SessionDescription;
  streams: SfuStream[];
  /**
   * An ICE restart of the current subscribing connection (after `sfu:restart`): new ICE
   * credentials, the same connection. Without it, new credentials mean a new connection.
   */
  restart?: true;
}

export interface SfuAnswerRequest {
  description: SessionDescription;
}

export interface SfuTrickleRequest {
  target: 'publisher' | 'subscriber';
  /** null: end of candidates. */
  candidate: IceCandidate | null;
}

export interface SfuPauseRequest {
  /** The complete set, each time: everyone else's camera video is sent. */
  peers: PeerId[];
  /**
   * Of those sent, whose camera to send at its lowest simulcast layer (small grid tiles); the
   * rest come at the highest layer their publisher sends. Absent: everyone at the highest.
   */
  low?: PeerId[];
}
