import type { Page } from '@playwright/test';
import type { Participant } from './participant.ts';

/** One inbound RTP stream of one peer connection. */
export interface InboundStream {
  kind: string;
  mid: string;
  framesDecoded: number;
  packetsReceived: number;
  bytesReceived: number;
  totalAudioEnergy: number;
}

export interface PeerInbound {
  peerId: string;
  offersSent: number;
  streams: InboundStream[];
}

/** Every inbound stream per remote peer (a screen share is a second video stream). */
export function inbound(page: Page): Promise<PeerInbound[]> {
  return page.evaluate(async () => {
    const out: PeerInbound[] = [];
    for (const { peerId, pc, stats } of window.__roomCall?.sessions() ?? []) {
      const report = await pc.getStats();
      const streams: InboundStream[] = [];
      report.forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        streams.push({
          kind: String(s.kind),
          mid: String(s.mid),
          framesDecoded: Number(s.framesDecoded ?? 0),
          packetsReceived: Number(s.packetsReceived ?? 0),
          bytesReceived: Number(s.bytesReceived ?? 0),
          totalAudioEnergy: Number(s.totalAudioEnergy ?? 0),
        });
      });
      streams.sort((a, b) => a.mid.localeCompare(b.mid, 'en', { numeric: true }));
      out.push({ peerId, offersSent: stats.offersSent, streams });
    }
    return out;
  });
}

/** The PeerId a participant's page shows for the person called `name`. */
export function peerIdOf(p: Participant, name: string): Promise<string> {
  return p.page
    .locator(`[data-testid="tile"][data-peer-name="${name}"]`)
    .getAttribute('data-peer-id')
    .then((id) => {
      if (!id) throw new Error(`${p.name} has no tile for ${name}`);
      return id;
    });
}

/** The camera (first video) and microphone streams arriving from one peer. */
export async function fromPeer(
  p: Participant,
  peerId: string,
): Promise<{ audio: InboundStream; video: InboundStream; screens: InboundStream[] }> {
  const peer = (await inbound(p.page)).find((s) => s.peerId === peerId);
  const audio = peer?.streams.find((s) => s.kind === 'audio');
  const videos = peer?.streams.filter((s) => s.kind === 'video') ?? [];
  const video = videos[0];
  if (!audio || !video) throw new Error(`${p.name}: no inbound camera from ${peerId}`);
  return { audio, video, screens: videos.slice(1) };
}

/** Sum of the offers this page sent on all its connections. */
export async function offersSent(page: Page): Promise<number> {
  return (await inbound(page)).reduce((n, s) => n + s.offersSent, 0);
}

/** Labels and states of our own camera and microphone tracks. */
export function localTracks(
  page: Page,
): Promise<{ kind: string; label: string; readyState: string; enabled: boolean }[]> {
  return page.evaluate(() =>
    (window.__roomCall?.localTracks() ?? []).map((t) => ({
      kind: t.kind,
      label: t.label,
      readyState: t.readyState,
      enabled: t.enabled,
    })),
  );
}

import { expect } from './expect.ts';

/** A cumulative counter, read together with a clock that proves time (media) passed. */
export type Reading = () => Promise<{ value: number; clock: number }>;

/**
 * Waits until `read().value` has not moved while `clock` advanced by at least
 * `span` (e.g. audio packets received: 100 packets are two seconds of audio), by more than
 * `tolerance`.
 */
export async function expectFlat(
  read: Reading,
  span: number,
  message: string,
  /** How much the value may still move (e.g. decoder noise in received audio energy). */
  tolerance = 0,
): Promise<void> {
  const seen: { value: number; clock: number }[] = [];
  await expect
    .poll(
      async () => {
        const now = await read();
        seen.push(now);
        return seen.some((r) => now.clock - r.clock >= span && now.value - r.value <= tolerance);
      },
      { timeout: 20_000, message },
    )
    .toBe(true);
}

/** Waits until `read().value` rises (the counter is moving). */
export async function expectRising(read: Reading, message: string): Promise<void> {
  const first = await read();
  await expect
    .poll(async () => (await read()).value > first.value, { timeout: 20_000, message })
    .toBe(true);
}
