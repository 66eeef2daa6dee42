/**
 * Figures of a call from getStats(), per remote peer of a page: what arrives (video frames and
 * their size, audio samples and how many of them were concealed) and what the congestion
 * controller allows us to send, and the rates between two samples.
 */
import type { Page } from '@playwright/test';
import type { Participant } from './participant.ts';

export interface PeerCounters {
  peerId: string;
  /** Milliseconds, the report's own clock. */
  at: number;
  framesDecoded: number;
  frameHeight: number;
  videoBytes: number;
  audioSamples: number;
  concealedSamples: number;
  /** The send-side estimate of the selected candidate pair, bit/s. */
  availableOutgoingBitrate: number | null;
  /** Height of the video we send on this connection. */
  sentHeight: number;
  videoBytesSent: number;
  /** The encoder's target, bit/s. */
  targetBitrate: number;
  qualityLimitationReason: string | null;
}

/** Every connection's counters now. */
export function peerCounters(page: Page): Promise<PeerCounters[]> {
  return page.evaluate(async () => {
    const out: PeerCounters[] = [];
    for (const { peerId, pc } of window.__roomCall?.sessions() ?? []) {
      const entry: PeerCounters = {
        peerId,
        at: 0,
        framesDecoded: 0,
        frameHeight: 0,
        videoBytes: 0,
        audioSamples: 0,
        concealedSamples: 0,
        availableOutgoingBitrate: null,
        sentHeight: 0,
        videoBytesSent: 0,
        targetBitrate: 0,
        qualityLimitationReason: null,
      };
      const report = await pc.getStats();
      report.forEach((s: Record<string, unknown>) => {
        const n = (key: string) => Number(s[key] ?? 0);
        entry.at = Math.max(entry.at, n('timestamp'));
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          entry.framesDecoded += n('framesDecoded');
          entry.frameHeight = Math.max(entry.frameHeight, n('frameHeight'));
          entry.videoBytes += n('bytesReceived');
        }
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          entry.audioSamples += n('totalSamplesReceived');
          entry.concealedSamples += n('concealedSamples');
        }
        if (s.type === 'outbound-rtp' && s.kind === 'video' && n('frameHeight') > 0) {
          entry.sentHeight = n('frameHeight');
          entry.videoBytesSent += n('bytesSent') + n('headerBytesSent');
          entry.targetBitrate += n('targetBitrate');
          entry.qualityLimitationReason =
            typeof s.qualityLimitationReason === 'string' ? s.qualityLimitationReason : null;
        }
        if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
          const pair = report.get(s.selectedCandidatePairId) as Record<string, unknown> | undefined;
          const estimate = pair?.availableOutgoingBitrate;
          entry.availableOutgoingBitrate = typeof estimate === 'number' ? estimate : null;
        }
      });
      out.push(entry);
    }
    return out;
  });
}

export interface PeerRates {
  seconds: number;
  fps: number;
  videoKbps: number;
  sentKbps: number;
  /** Audio samples that arrived (not concealed) per second. */
  audioSamplesPerSecond: number;
  /** Concealed share of the audio samples received, in percent. */
  concealedPct: number;
}

/** Rates between two samples of the same connection. */
export function ratesBetween(before: PeerCounters, after: PeerCounters): PeerRates {
  const seconds = Math.max(0.001, (after.at - before.at) / 1000);
  const samples = after.audioSamples - before.audioSamples;
  const concealed = after.concealedSamples - before.concealedSamples;
  return {
    seconds,
    fps: (after.framesDecoded - before.framesDecoded) / seconds,
    videoKbps: ((after.videoBytes - before.videoBytes) * 8) / seconds / 1000,
    sentKbps: ((after.videoBytesSent - before.videoBytesSent) * 8) / seconds / 1000,
    audioSamplesPerSecond: (samples - concealed) / seconds,
    concealedPct: samples > 0 ? (concealed / samples) * 100 : 100,
  };
}

/** What one person receives from another, between two samples. */
export interface Flow {
  viewer: string;
  sender: string;
  /** The viewer's counters for this connection now. */
  now: PeerCounters;
  /** Since the previous sample. */
  rates: PeerRates;
  /** The sender's counters for the same connection (what it sends the viewer). */
  sent: PeerCounters | undefined;
}

/** The display name of each remote PeerId on a page, from its tiles. */
const namesOnPage = (page: Page) =>
  page
    .locator('[data-testid="tile"]')
    .evaluateAll((tiles) =>
      tiles.map((t): [string, string] => [
        t.getAttribute('data-peer-id') ?? '',
        t.getAttribute('data-peer-name') ?? '',
      ]),
    );

/**
 * Chromium answers getStats() from a cache for a few tens of milliseconds: two samples closer
 * than this would show nothing arriving. A flow is measured over at least this long.
 */
const MIN_WINDOW_MS = 500;

/**
 * Samples every person's connections; each call gives the flows between everyone since the
 * previous call (nothing on the first, nor for a connection sampled too recently).
 */
export function flowSampler(people: Participant[]): () => Promise<Flow[]> {
  const previous = new Map<string, PeerCounters>();
  return async () => {
    const current = new Map<string, PeerCounters>();
    for (const person of people) {
      const names = new Map(await namesOnPage(person.page));
      for (const counters of await peerCounters(person.page)) {
        current.set(`${names.get(counters.peerId) ?? '?'}>${person.name}`, counters);
      }
    }
    const flows: Flow[] = [];
    for (const [key, now] of current) {
      const before = previous.get(key);
      if (before && now.at - before.at < MIN_WINDOW_MS) continue;
      previous.set(key, now);
      const [sender = '', viewer = ''] = key.split('>');
      if (before) {
        const sent = current.get(`${viewer}>${sender}`);
        flows.push({ viewer, sender, now, rates: ratesBetween(before, now), sent });
      }
    }
    return flows;
  };
}

/** A figure for the report: an annotation in the HTML report and a line in the list output. */
export function figure(
  info: { annotations: { type: string; description?: string }[] },
  text: string,
) {
  info.annotations.push({ type: 'figure', description: text });
  console.log(`  figure: ${text}`);
}
