/**
 * The room's roster during a call, from the server's events to the views (the store): who
 * arrives, changes (microphone and hand notices) and leaves.
 *
 * Someone entering the room during our call is shown (their tile, the "joined" notice) once the
 * media path says so: the mesh once its connection to them is up (MediaPath.peerJoined: ICE and
 * DTLS; shown at ICE, the render held DTLS back). Shown at once, the
 * store change rendered the new tile and the notice in the middle of the newcomer's offer
 * arriving, and the offer, our answer and our candidates waited for that render
 * (docs/performance.md, figure 2). What the path says of them meanwhile (their link, their
 * media) is held and told right after.
 */
import type { PeerId, PeerInfo } from '../../../signal/protocol.ts';
import type { AppState } from '../store/types.ts';
import type { MediaPath, MediaPathEvents } from './MediaPath.ts';

/** A newcomer shows after this long at the most, reached or not. */
export const SHOW_PEER_WITHIN_MS = 1000;

interface Arrival {
  peer: PeerInfo;
  held: (() => void)[];
}

export interface RosterHost {
  state(): AppState;
  /** The call's media path (null outside a call). */
  path(): MediaPath | null;
  /** Someone left: what was tied to them goes (files, stats). */
  peerGone(id: PeerId): void;
}

export class Roster {
  private readonly waiting = new Map<PeerId, Arrival>();

  constructor(
    private readonly host: RosterHost,
    private readonly withinMs = SHOW_PEER_WITHIN_MS,
  ) {}

  /** `room:peer-joined`. Someone back after a server restart is still shown: only a newcomer waits. */
  joined(peer: PeerInfo): void {
    const state = this.host.state();
    if (state.phase !== 'in-call') return;
    if (peer.id in state.peers) {
      state.upsertPeer(peer);
      void this.host.path()?.peerJoined(peer.id);
      return;
    }
    if (this.update(peer)) return;
    // Waiting before the path hears of them: it may speak of them at once (the SFU's link).
    this.waiting.set(peer.id, { peer, held: [] });
    this.showWhen(peer.id, this.host.path()?.peerJoined(peer.id));
  }

  /** `peer:updated`: a change of microphone or hand is told to the people in the call. */
  updated(peer: PeerInfo): void {
    if (this.update(peer)) return;
    const state = this.host.state();
    const before = state.peers[peer.id];
    if (state.phase === 'in-call' && before && before.audio !== peer.audio)
      state.notify(peer.audio ? 'notice.peerMicOn' : 'notice.peerMicOff', { name: peer.name });
    const up = peer.hand != null;
    if (state.phase === 'in-call' && before && (before.hand != null) !== up)
      state.notify(up ? 'notice.handUp' : 'notice.handDown', { name: peer.name });
    state.upsertPeer(peer);
  }

  /** `room:peer-left`, or the path gave up on them. */
  left(id: PeerId): void {
    this.waiting.delete(id);
    this.host.path()?.peerLeft(id);
    this.host.peerGone(id);
    const state = this.host.state();
    const name = state.peers[id]?.name;
    if (name !== undefined) state.notify('notice.left', { name });
    state.removePeer(id);
  }

  /** Shows a newcomer once `ready` resolves (at once if none), SHOW_PEER_WITHIN_MS at most. */
  private showWhen(id: PeerId, ready: Promise<void> | void): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const within = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.withinMs)));
    void Promise.race([ready, within]).then(() => {
      clearTimeout(timer);
      this.release(id);
    });
  }

  /** The server's word about someone not shown yet (peer:updated): kept for the show. */
  private update(peer: PeerInfo): boolean {
    const arrival = this.waiting.get(peer.id);
    if (!arrival) return false;
    arrival.peer = peer;
    return true;
  }

  /** Runs a view event about `id` now, or right after they are shown. */
  whenShown(id: PeerId, event: () => void): void {
    const arrival = this.waiting.get(id);
    if (arrival) arrival.held.push(event);
    else event();
  }

  /** The views' events, each about a newcomer held until they are shown (`gone` is not). */
  holding(views: MediaPathEvents): MediaPathEvents {
    return {
      remoteMedia: (id) => this.whenShown(id, () => views.remoteMedia(id)),
      remoteScreen: (id, sharing) => this.whenShown(id, () => views.remoteScreen(id, sharing)),
      link: (id, link) => this.whenShown(id, () => views.link(id, link)),
      safetyCode: (id, code) => this.whenShown(id, () => views.safetyCode(id, code)),
      data: (id, data) => this.whenShown(id, () => views.data(id, data)),
      gone: (id) => views.gone(id),
    };
  }

  /** The call's connections closed: nobody is waiting any more. */
  clear(): void {
    this.waiting.clear();
  }

  private release(id: PeerId): void {
    const arrival = this.waiting.get(id);
    if (!arrival) return;
    this.waiting.delete(id);
    const state = this.host.state();
    if (state.phase !== 'in-call') return;
    state.notify('notice.joined', { name: arrival.peer.name });
    state.upsertPeer(arrival.peer);
    for (const event of arrival.held) event();
  }
}
