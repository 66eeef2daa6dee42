/**
 * Connection quality from getStats(): pure functions, so the thresholds can be
 * tested without a browser. The monitor samples every few seconds and compares
 * two snapshots, since the counters in the report are cumulative.
 */
import { translate } from '../i18n/index.ts';
import type { Locale, MessageKey } from '../i18n/index.ts';

/** The cumulative counters of one peer connection at one moment. */
export interface StatsSnapshot {
  /** Milliseconds (the report's own clock). */
  timestamp: number;
  /** Current round-trip time of the selected candidate pair, in ms. */
  rttMs: number | null;
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  /** The congestion controller's estimate of what we may send on this connection, bit/s. */
  availableOutgoingBps: number | null;
  /** Seconds our video encoders ran, and of those, held back by bandwidth (Chromium reports it). */
  encoderS: number;
  bandwidthLimitedS: number;
  /** Video payload we sent on this connection, bytes. */
  videoBytesSent: number;
}

/** What happened between two snapshots. */
export interface QualitySample {
  rttMs: number | null;
  /** Share of the packets sent to us that were lost, in percent. */
  lossPct: number | null;
  /** What we received, audio and video together. */
  bitrateKbps: number | null;
  /**
   * What the browser's congestion control lets us send on this connection, in kbit/s, when it
   * holds our video back (absent otherwise, and where not reported): see `sampleBetween`.
   */
  sendLimitKbps?: number;
}

export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

type StatsEntry = Record<string, unknown>;

const num = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;

/** Reduces one getStats() report (its values) to the counters the quality needs. */
export function snapshotFromStats(entries: Iterable<StatsEntry>): StatsSnapshot {
  const list = [...entries];
  const byId = new Map(list.map((s) => [String(s.id), s]));
  const snapshot: StatsSnapshot = {
    timestamp: 0,
    rttMs: null,
    packetsReceived: 0,
    packetsLost: 0,
    bytesReceived: 0,
    availableOutgoingBps: null,
    encoderS: 0,
    bandwidthLimitedS: 0,
    videoBytesSent: 0,
  };
  let remoteRtt: number | null = null;
  for (const s of list) {
    snapshot.timestamp = Math.max(snapshot.timestamp, num(s.timestamp));
    if (s.type === 'inbound-rtp') {
      snapshot.packetsReceived += num(s.packetsReceived);
      // Can be negative with duplicates; a negative loss is no loss.
      snapshot.packetsLost += Math.max(0, num(s.packetsLost));
      snapshot.bytesReceived += num(s.bytesReceived);
    }
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair && typeof pair.currentRoundTripTime === 'number') {
        snapshot.rttMs = pair.currentRoundTripTime * 1000;
      }
      if (pair && typeof pair.availableOutgoingBitrate === 'number') {
        snapshot.availableOutgoingBps = pair.availableOutgoingBitrate;
      }
    }
    if (s.type === 'outbound-rtp' && s.kind === 'video') {
      snapshot.videoBytesSent += num(s.bytesSent);
      const durations = (s.qualityLimitationDurations ?? {}) as Record<string, unknown>;
      for (const [reason, seconds] of Object.entries(durations)) {
        snapshot.encoderS += num(seconds);
        if (reason === 'bandwidth') snapshot.bandwidthLimitedS += num(seconds);
      }
    }
    if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') {
      remoteRtt = Math.max(remoteRtt ?? 0, s.roundTripTime * 1000);
    }
  }
  snapshot.rttMs ??= remoteRtt;
  return snapshot;
}

/**
 * Rates between two snapshots of the same connection (null where it cannot tell yet).
 *
 * Our video is held back by the network when the browser says bandwidth limited its encoder for
 * most of the interval, or when its congestion control allows under the poor line while our video
 * is flowing: Chromium often reports no limitation at all while it sends a full-size picture at
 * a tenth of a megabit (seen for 20 s and more at 500 kbit/s with 2 % loss). A good path is not
 * mistaken for it: there the estimate runs far above what a camera sends (5.4 Mbit/s against
 * 0.6 on a 5 Mbit/s link here), and with the camera off no video flows.
 */
export function sampleBetween(prev: StatsSnapshot, cur: StatsSnapshot): QualitySample {
  const seconds = (cur.timestamp - prev.timestamp) / 1000;
  const received = cur.packetsReceived - prev.packetsReceived;
  const lost = cur.packetsLost - prev.packetsLost;
  const expected = received + Math.max(0, lost);
  const encoded = cur.encoderS - prev.encoderS;
  const videoFlowing = cur.videoBytesSent > prev.videoBytesSent;
  const heldBack =
    (encoded > 0 && (cur.bandwidthLimitedS - prev.bandwidthLimitedS) / encoded >= 0.5) ||
    (videoFlowing &&
      cur.availableOutgoingBps !== null &&
      cur.availableOutgoingBps < QualityThresholds.poorSendKbps * 1000);
  return {
    rttMs: cur.rttMs,
    lossPct: expected > 0 ? (Math.max(0, lost) / expected) * 100 : null,
    bitrateKbps:
      seconds > 0
        ? Math.max(0, (cur.bytesReceived - prev.bytesReceived) * 8) / seconds / 1000
        : null,
    ...(heldBack &&
      cur.availableOutgoingBps !== null && { sendLimitKbps: cur.availableOutgoingBps / 1000 }),
  };
}

/**
 * Thresholds after common VoIP guidance: beyond ~150 ms one-way (300 ms round
 * trip) or a few percent loss, conversation suffers; beyond that, it breaks up.
 * Bandwidth is judged by the browser's own congestion control: when it holds our
 * video back and allows under half a megabit (where video calls are commonly said
 * to need 0.6 Mbit/s or more), the picture the other person gets is small and soft.
 */
export const QualityThresholds = {
  fairRttMs: 300,
  poorRttMs: 600,
  fairLossPct: 3,
  poorLossPct: 10,
  /** Below this, a camera that is on is barely moving (audio alone is ~40 kbit/s). */
  fairVideoKbps: 150,
  /** Our video held back by bandwidth to under this is poor. */
  poorSendKbps: 500,
} as const;

export function classifyQuality(
  sample: QualitySample,
  options: { expectVideo: boolean } = { expectVideo: false },
): QualityLevel {
  const { rttMs, lossPct, bitrateKbps, sendLimitKbps } = sample;
  if (rttMs === null && lossPct === null) return 'unknown';
  const t = QualityThresholds;
  if (
    (rttMs ?? 0) >= t.poorRttMs ||
    (lossPct ?? 0) >= t.poorLossPct ||
    (sendLimitKbps ?? Infinity) < t.poorSendKbps
  ) {
    return 'poor';
  }
  if (
    (rttMs ?? 0) >= t.fairRttMs ||
    (lossPct ?? 0) >= t.fairLossPct ||
    (options.expectVideo && bitrateKbps !== null && bitrateKbps < t.fairVideoKbps)
  ) {
    return 'fair';
  }
  return 'good';
}

const levelKeys = {
  good: 'quality.good',
  fair: 'quality.fair',
  poor: 'quality.poor',
  unknown: 'quality.unknown',
} as const satisfies Record<QualityLevel, MessageKey>;

/**
 * Number formats per locale, made once: making one costs milliseconds on a slow machine (a
 * join's profile showed 14 ms of them while the call view first rendered), and the badge is
 * described again at every stats sample.
 */
const formats = new Map<Locale, { oneDecimal: Intl.NumberFormat; whole: Intl.NumberFormat }>();

function formatsFor(locale: Locale) {
  let made = formats.get(locale);
  if (!made) {
    made = {
      oneDecimal: new Intl.NumberFormat(locale, {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }),
      whole: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    };
    formats.set(locale, made);
  }
  return made;
}

/** One line a person can read: what the badge means and the numbers behind it. */
export function describeQuality(
  level: QualityLevel,
  sample: QualitySample | null,
  locale: Locale = 'en',
): string {
  const t = (key: MessageKey, values?: Record<string, string | number>) =>
    translate(locale, key, values);
  const words = t(levelKeys[level]);
  // No sample yet (a connection just made): words only, and no number format made mid-join.
  if (!sample) return words;
  const { oneDecimal, whole } = formatsFor(locale);
  const parts = [
    sample.rttMs === null ? null : t('quality.rtt', { ms: whole.format(sample.rttMs) }),
    sample.lossPct === null ? null : t('quality.loss', { pct: oneDecimal.format(sample.lossPct) }),
    sample.bitrateKbps === null
      ? null
      : sample.bitrateKbps >= 1000
        ? t('quality.mbps', { mbps: oneDecimal.format(sample.bitrateKbps / 1000) })
        : t('quality.kbps', { kbps: whole.format(sample.bitrateKbps) }),
    sample.sendLimitKbps === undefined
      ? null
      : t('quality.sendLimit', { kbps: whole.format(sample.sendLimitKbps) }),
  ].filter((p) => p !== null);
  return parts.length > 0 ? `${words}: ${parts.join(', ')}` : words;
}
