/**
 * What the SFU broker keeps per Janus instance and per room, the statistics it reports, and how
 * a failure of Janus (or of a client's SDP, as Janus saw it) becomes a coded ack.
 */
import type { RoomId } from 'janode/plugins/videoroom';
import type { Logger } from 'pino';
import { ErrorCode } from '../protocol.ts';
import type { PeerId, SfuOffer } from '../protocol.ts';
import { SignalError } from '../errors.ts';
import { JanusUnavailable } from './janusLink.ts';
import type { JanusLink } from './janusLink.ts';
import type { SfuMember } from './sfuMember.ts';
import { NoSubscription } from './subscription.ts';

export interface SfuOptions {
  /** Janus websockets API URLs, one per instance; rooms are spread across those reachable. */
  urls: readonly string[];
  /** Janus' `api_secret` (the same on every instance). */
  apiSecret?: string | undefined;
  /** The videoroom plugin's `admin_key`, when Janus requires one to create rooms. */
  adminKey?: string | undefined;
  /** Longest wait for an answer of Janus (default 10 s). */
  requestTimeoutMs?: number;
  /** How long a subscriber offer may stay unanswered before the next change goes (default 10 s). */
  offerTimeoutMs?: number;
}

export interface SfuBrokerDeps {
  log: Logger;
  /** Participants per room: every one of them may publish. */
  publishers: number;
  /** Sends an `sfu:offer` to a member. */
  deliver: (peer: PeerId, offer: SfuOffer) => void;
  /** A Janus instance was lost, and with it the media of every member of these rooms. */
  lost: (rooms: string[]) => void;
  /** The room's last member left: its videoroom goes. */
  emptied?: (room: string) => void;
}

/** One Janus instance, and how loaded it is (for metrics). */

export interface SfuInstanceStats {
  /** Its position in SFU_URL (never its URL). */
  janus: number;
  /** Connected now. */
  up: boolean;
  rooms: number;
  publishers: number;
}

export interface SfuStats {
  rooms: number;
  publishers: number;
  instances: SfuInstanceStats[];
}

/** A videoroom to destroy once its instance answers again. */
export interface Orphan {
  janus: Promise<RoomId>;
  secret: string;
}

export interface Instance {
  index: number;
  link: JanusLink;
  /** Rooms left on it when its connection was lost: destroyed once it is back. */
  orphans: Orphan[];
}

export interface SfuRoom {
  /** The Janus instance the room was placed on, for its life. */
  instance: Instance;
  /** The Janus videoroom's id, once created. */
  janus: Promise<RoomId>;
  secret: string;
  members: Map<PeerId, SfuMember>;
  /** Janus feed id → whose it is: feed ids never leave the server, PeerIds do. */
  feeds: Map<string, { peer: PeerId; member: SfuMember }>;
}

/** Janus error codes that mean the client's request was wrong, not that Janus failed. */
const CLIENT_FAULTS = new Set([
  // Core: unknown JSEP type, invalid SDP, invalid trickle stream, unexpected answer, WebRTC state.
  464, 465, 466, 469, 471,
  // Videoroom: missing or invalid element, invalid SDP type, already or not published, invalid SDP.
  429, 430, 431, 434, 435, 437,
]);

/** The ack a failure of Janus (or of the client's SDP, as Janus saw it) turns into. */
export function refusal(err: unknown): SignalError {
  if (err instanceof SignalError) return err;
  if (err instanceof NoSubscription) return new SignalError(ErrorCode.InvalidPayload, err.message);
  const message = err instanceof Error ? err.message : String(err);
  const code = Number(/^(\d{3}) /.exec(message)?.[1]);
  if (!(err instanceof JanusUnavailable) && CLIENT_FAULTS.has(code)) {
    return new SignalError(ErrorCode.InvalidPayload, `the media server refused it (${code})`);
  }
  return new SignalError(ErrorCode.SfuUnavailable, 'the media server is not available');
}
