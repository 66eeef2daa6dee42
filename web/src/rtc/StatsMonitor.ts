import type { StoreApi } from 'zustand';
import type { PeerId } from '../../../signal/protocol.ts';
import type { AppState } from '../store/types.ts';
import type { RemoteMedia } from './MediaPath.ts';
import { classifyQuality, sampleBetween, snapshotFromStats } from './quality.ts';
import type { StatsSnapshot } from './quality.ts';

const SPEAKING_POLL_MS = 250;
const QUALITY_POLL_MS = 2000;
/** Linear audio level (1 = full scale) above which someone counts as speaking (about -40 dBov). */
const REMOTE_SPEAKING_LEVEL = 0.01;
/** Same, on the 0–1 decibel scale of LevelMeter (about -40 dBFS). */
const LOCAL_SPEAKING_LEVEL = 0.33;
/** Speaking stays lit this long after the last loud sample, so it does not flicker between words. */
const HOLD_MS = 700;

export interface MonitorHost {
  readonly store: StoreApi<AppState>;
  /** Everyone whose media reaches us. */
  remotes(): Iterable<RemoteMedia>;
  micLevel(): number;
}

/**
 * Samples every connection while in a call: speaking indicators from the
 * receivers' audio energy (several times a second), connection quality
 * from getStats() every two seconds. Writes the store only on change.
 */
export class StatsMonitor {
  private timers: ReturnType<typeof setInterval>[] = [];
  private snapshots = new Map<PeerId, StatsSnapshot>();
  private lastLoud = new Map<PeerId | null, number>();
  /** Cumulative received audio energy and duration per peer, for the level between two samples. */
  private energy = new Map<PeerId, { energy: number; duration: number }>();
  private sampling = false;
  private sampleSpeakingBusy = false;

  constructor(private readonly host: MonitorHost) {}

  start(): void {
    if (this.timers.length > 0) return;
    this.timers.push(
      setInterval(() => void this.sampleSpeaking(), SPEAKING_POLL_MS),
      setInterval(() => void this.sampleQuality(), QUALITY_POLL_MS),
    );
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.snapshots.clear();
    this.lastLoud.clear();
    this.energy.clear();
  }

  forget(id: PeerId): void {
    this.snapshots.delete(id);
    this.lastLoud.delete(id);
    this.energy.delete(id);
  }

  private speaking(id: PeerId | null, loud: boolean, now: number): boolean {
    if (loud) this.lastLoud.set(id, now);
    return now - (this.lastLoud.get(id) ?? -Infinity) < HOLD_MS;
  }

  /**
   * The remote level is the RMS of what was received since the last sample
   * (from the receiver's cumulative audio energy), not the level of the one
   * packet played last: short sounds between two samples still count.
   */
  private async remoteLevel(remote: RemoteMedia): Promise<number> {
    const receiver = remote.audioReceiver;
    if (!receiver) return 0;
    let energy = 0;
    let duration = 0;
    (await receiver.getStats()).forEach(
      (s: { type?: string; kind?: string } & Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          energy += Number(s.totalAudioEnergy ?? 0);
          duration += Number(s.totalSamplesDuration ?? 0);
        }
      },
    );
    const before = this.energy.get(remote.peerId);
    this.energy.set(remote.peerId, { energy, duration });
    if (!before || duration <= before.duration) return 0;
    return Math.sqrt(Math.max(0, energy - before.energy) / (duration - before.duration));
  }

  private async sampleSpeaking(): Promise<void> {
    if (this.sampleSpeakingBusy) return;
    this.sampleSpeakingBusy = true;
    try {
      const now = performance.now();
      const remotes = [...this.host.remotes()];
      const levels = await Promise.all(
        remotes.map((remote) => this.remoteLevel(remote).catch(() => 0)),
      );
      const state = this.host.store.getState();
      remotes.forEach((remote, i) => {
        const peer = state.peers[remote.peerId];
        if (!peer) return;
        const loud = (levels[i] ?? 0) > REMOTE_SPEAKING_LEVEL;
        const speaking = peer.audio && this.speaking(remote.peerId, loud, now);
        if (speaking !== peer.speaking) state.setPeerSpeaking(remote.peerId, speaking);
      });
      const self =
        state.micOn && this.speaking(null, this.host.micLevel() > LOCAL_SPEAKING_LEVEL, now);
      if (self !== state.selfSpeaking) state.setSelfSpeaking(self);
    } finally {
      this.sampleSpeakingBusy = false;
    }
  }

  private async sampleQuality(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      for (const remote of [...this.host.remotes()]) {
        const report = await remote.getStats();
        if (!report || remote.isClosed()) continue;
        const snapshot = snapshotFromStats(report.values() as Iterable<Record<string, unknown>>);
        const previous = this.snapshots.get(remote.peerId);
        this.snapshots.set(remote.peerId, snapshot);
        if (!previous) continue;
        const state = this.host.store.getState();
        const peer = state.peers[remote.peerId];
        if (!peer) continue;
        const sample = sampleBetween(previous, snapshot);
        const level = classifyQuality(sample, { expectVideo: peer.video });
        state.setPeerQuality(remote.peerId, { level, sample });
      }
    } finally {
      this.sampling = false;
    }
  }
}
