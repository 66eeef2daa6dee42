/**
 * How the room's media travels: the one interface the call controller uses for it. The mesh
 * (mesh/MeshPath.ts: one peer connection per remote participant) is the first implementation;
 * a path through a media server (an SFU) is another. A path is made when the call starts and
 * closed when it ends; the controller keeps the room's roster and tells the path who is there.
 * See docs/architecture.md.
 */
import type { PeerId, PeerInfo, SfuStream } from '../../../signal/protocol.ts';
import type { PeerLink } from '../store/types.ts';

/** One remote participant's media, as the views and the stats monitor read it. */
export interface RemoteMedia {
  readonly peerId: PeerId;
  /** Their camera and microphone. */
  readonly remoteStream: MediaStream;
  /** The receiver of their microphone, for speaking detection. */
  readonly audioReceiver: RTCRtpReceiver | null;
  /** Statistics of what carries their media (for the quality badge), or null once closed. */
  getStats(): Promise<RTCStatsReport | null>;
  isClosed(): boolean;
}

/** What a path reports to the controller, per remote participant. */
export interface MediaPathEvents {
  /** Their camera stream gained or lost a track. */
  remoteMedia(id: PeerId): void;
  /** Their screen share arrived (true) or ended (false); read it with `remoteScreen`. */
  remoteScreen(id: PeerId, sharing: boolean): void;
  /** The state of the link that carries their media. */
  link(id: PeerId, link: PeerLink): void;
  /** The code both sides can compare aloud (see safetyCode.ts), once the link is up. */
  safetyCode(id: PeerId, code: string): void;
  /** A chat frame from them; untrusted. */
  data(id: PeerId, data: string): void;
  /** The path gave up on someone the server stopped listing and whose link is down. */
  gone(id: PeerId): void;
}

/** Negotiation counters of one connection, read by tests and diagnostics. */
export interface ConnectionCounters {
  offersIgnored: number;
  rollbacks: number;
  offersSent: number;
  iceRestarts: number;
  /** Descriptions and candidates of an earlier negotiation, dropped. */
  staleIgnored: number;
  relayCandidates: number;
  candidateErrors: number;
}

/** Counters of a connection that has counted nothing yet. */
export const zeroCounters = (): ConnectionCounters => ({
  offersIgnored: 0,
  rollbacks: 0,
  offersSent: 0,
  iceRestarts: 0,
  staleIgnored: 0,
  relayCandidates: 0,
  candidateErrors: 0,
});

/** A live connection, for the e2e build's diagnostics hooks only. */
export interface PathDiagnostics {
  /** The remote participant, or `sfu:publisher` / `sfu:subscriber` for an SFU room's two. */
  peerId: PeerId;
  pc: RTCPeerConnection;
  stats: Readonly<ConnectionCounters>;
  /** An SFU subscriber's m-lines and whom each carries. */
  streams?: readonly SfuStream[];
}

/** How this page wants the others' camera video now (web/src/rtc/videoDemand.ts). */
export interface VideoDemand {
  /** Not at all: off the stage, or the page hidden. */
  paused: readonly PeerId[];
  /** Small: tiles in a grid. Everyone else at full size. */
  low: readonly PeerId[];
}

export interface MediaPath {
  /**
   * In the room: reach everyone already there (the newcomer starts). Resolves when the call
   * view may show (RoomMembership.enterCall): the mesh once the connection to the first of them
   * is up (or failed), the SFU once our publishing connection is up (or failed): its first render, made
   * while the descriptions are under way, held them back (docs/performance.md).
   */
  enter(present: readonly PeerInfo[], iceServers: RTCIceServer[]): Promise<void>;
  /**
   * Back on the server with the same identity after signaling was away: keep what works,
   * settle what was lost, and reach anyone who arrived meanwhile.
   */
  rejoined(present: readonly PeerInfo[], iceServers: RTCIceServer[]): void;
  /**
   * Someone entered the room (or came back after a server restart). May return when the views
   * may show them: the mesh once it answered their offer.
   */
  peerJoined(id: PeerId): Promise<void> | void;
  /** Someone left: their media ends here. */
  peerLeft(id: PeerId): void;
  /** Our camera or microphone track (null: none) to everyone; never renegotiates. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void;
  /** Our screen to everyone (null: stop sharing), now and to whoever comes later. */
  setScreen(track: MediaStreamTrack | null, stream?: MediaStream): void;
  /** A chat frame to everyone. */
  broadcast(data: string): void;
  /**
   * How we want each person's camera video now (see VideoDemand); their audio goes on. A path
   * that cannot shape one receiver's video alone (the mesh) ignores it.
   */
  setVideoDemand(demand: VideoDemand): void;
  remote(id: PeerId): RemoteMedia | undefined;
  remotes(): Iterable<RemoteMedia>;
  /** Their screen share as it arrives here, if any. */
  remoteScreen(id: PeerId): MediaStream | null;
  diagnostics(): PathDiagnostics[];
  close(): void;
}
