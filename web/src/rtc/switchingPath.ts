/**
 * Make-before-break: a call moving from one media path to another (a mesh room that grew past
 * the server's mesh limit moves to the SFU). Both run for a while. Each participant is shown
 * through the old path until the new one decodes their media steadily; once every participant is there
 * (or after `giveUpMs`), the old path closes and the membership keeps the new one alone.
 * Our own tracks go to both; chat and newcomers go to the new path only.
 */
import type { PeerId, PeerInfo } from '../../../signal/protocol.ts';
import type {
  MediaPath,
  MediaPathEvents,
  PathDiagnostics,
  RemoteMedia,
  VideoDemand,
} from './MediaPath.ts';

export interface SwitchOptions {
  from: MediaPath;
  to: MediaPath;
  /**
   * The views' events. Those the two paths send themselves are the membership's to gate (see
   * `isReady`): the old path speaks for a participant until they are ready, the new one after.
   */
  events: MediaPathEvents;
  /** Does this participant send video (else their audio proves the new path)? */
  expectsVideo: (id: PeerId) => boolean;
  /** The switch is over: the old path is closed, `to` carries everything. */
  done: () => void;
  pollMs?: number;
  giveUpMs?: number;
}

/** What the new path has received from this participant: frames decoded, or audio packets. */
async function arrived(remote: RemoteMedia, video: boolean): Promise<number> {
  const report = await remote.getStats();
  let count = 0;
  report?.forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp') return;
    if (video && s.kind === 'video') count += Number(s.framesDecoded ?? 0);
    if (!video && s.kind === 'audio') count += Number(s.packetsReceived ?? 0);
  });
  return count;
}

/**
 * Checks in a row that must each find more than the last, the first more than nothing, before a
 * participant is shown through the new path: a first keyframe decoded is not yet a picture that
 * goes on (measured: a tile switched at its first frame froze for up to 1.1 s on a loaded
 * machine, in e2e/sfuSwitch.spec.ts).
 */
const STEADY_CHECKS = 3;

/** How long the old path stays open after everyone is shown through the new one. */
const HANDOVER_MS = 1000;

export class SwitchingPath implements MediaPath {
  private readonly ready = new Set<PeerId>();
  /** Per participant not yet ready: the last count and how many checks in a row it rose. */
  private readonly flow = new Map<PeerId, { count: number; rising: number }>();
  /** Participants only the new path knows (they came after the switch began). */
  private readonly newcomers = new Set<PeerId>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly deadline: ReturnType<typeof setTimeout>;
  private finished = false;
  /** Everyone is shown through the new path: the old one closes when this fires. */
  private closing: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: SwitchOptions) {
    this.timer = setInterval(() => void this.check(), opts.pollMs ?? 200);
    this.deadline = setTimeout(() => this.finish(), opts.giveUpMs ?? 10_000);
  }

  /** Is this participant shown through the new path? */
  isReady(id: PeerId): boolean {
    return this.finished || this.ready.has(id) || this.newcomers.has(id);
  }

  enter(present: readonly PeerInfo[], iceServers: RTCIceServer[]): Promise<void> {
    return this.opts.to.enter(present, iceServers);
  }

  rejoined(present: readonly PeerInfo[], iceServers: RTCIceServer[]): void {
    this.finish();
    this.opts.to.rejoined(present, iceServers);
  }

  peerJoined(id: PeerId): void {
    this.newcomers.add(id);
    void this.opts.to.peerJoined(id);
  }

  peerLeft(id: PeerId): void {
    this.opts.from.peerLeft(id);
    this.opts.to.peerLeft(id);
    this.ready.delete(id);
    this.flow.delete(id);
    this.newcomers.delete(id);
  }

  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    this.opts.from.replaceTrack(kind, track);
    this.opts.to.replaceTrack(kind, track);
  }

  setScreen(track: MediaStreamTrack | null, stream?: MediaStream): void {
    this.opts.from.setScreen(track, stream);
    this.opts.to.setScreen(track, stream);
  }

  broadcast(data: string): void {
    this.opts.to.broadcast(data);
  }

  setVideoDemand(demand: VideoDemand): void {
    this.opts.from.setVideoDemand(demand);
    this.opts.to.setVideoDemand(demand);
  }

  private pathOf(id: PeerId): MediaPath {
    return this.isReady(id) ? this.opts.to : this.opts.from;
  }

  remote(id: PeerId): RemoteMedia | undefined {
    return this.pathOf(id).remote(id) ?? this.opts.to.remote(id);
  }

  remotes(): Iterable<RemoteMedia> {
    const ids = new Set([...this.opts.to.remotes()].map((r) => r.peerId));
    for (const r of this.opts.from.remotes()) ids.add(r.peerId);
    return [...ids].flatMap((id) => this.remote(id) ?? []);
  }

  remoteScreen(id: PeerId): MediaStream | null {
    return this.pathOf(id).remoteScreen(id);
  }

  diagnostics(): PathDiagnostics[] {
    return [...this.opts.from.diagnostics(), ...this.opts.to.diagnostics()];
  }

  close(): void {
    this.stopWatching();
    this.opts.from.close();
    this.opts.to.close();
  }

  private async check(): Promise<void> {
    for (const remote of [...this.opts.to.remotes()]) {
      const id = remote.peerId;
      if (this.isReady(id)) continue;
      if (!(await this.steady(remote, id))) continue;
      this.ready.add(id);
      this.flow.delete(id);
      // The views read this participant from the new path from now on.
      this.opts.events.remoteMedia(id);
      this.opts.events.remoteScreen(id, this.opts.to.remoteScreen(id) !== null);
    }
    const waiting = [...this.opts.from.remotes()].some((r) => !this.isReady(r.peerId));
    // The views have just been told to show the last of them through the new path; they do so
    // at their next render, and the tile's player then starts on the new stream. Closing the
    // old path at once ended the picture still shown before that (a 1 s freeze under load).
    if (!waiting && this.closing === null)
      this.closing = setTimeout(() => this.finish(), HANDOVER_MS);
  }

  /** Has the new path's media from this participant risen at each of the last checks? */
  private async steady(remote: RemoteMedia, id: PeerId): Promise<boolean> {
    const count = await arrived(remote, this.opts.expectsVideo(id));
    const last = this.flow.get(id) ?? { count: 0, rising: 0 };
    const rising = count > last.count ? last.rising + 1 : 0;
    this.flow.set(id, { count, rising });
    return rising >= STEADY_CHECKS;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopWatching();
    this.opts.from.close();
    for (const remote of this.opts.to.remotes()) {
      this.opts.events.remoteMedia(remote.peerId);
      this.opts.events.remoteScreen(
        remote.peerId,
        this.opts.to.remoteScreen(remote.peerId) !== null,
      );
    }
    this.opts.done();
  }

  private stopWatching(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    clearTimeout(this.deadline);
    if (this.closing !== null) clearTimeout(this.closing);
    this.closing = null;
  }
}
