/**
 * SFU rooms in the e2e suite (Janus itself: sfuFixtures.ts): what a page receives through its
 * one subscribing connection, per sender, from getStats() and the m-line map the server sent.
 */
import { expect } from './expect.ts';
import type { Page } from '@playwright/test';
import type { Participant } from './participant.ts';

export interface SfuReceived {
  peerId: string;
  framesDecoded: number;
  /** The width of the last decoded frame: which simulcast layer arrives. */
  frameWidth: number;
  videoBytesReceived: number;
  audioBytesReceived: number;
}

export interface SfuPageStats {
  /** Peer connections this page has (an SFU room: one publishing, one subscribing). */
  connections: number;
  /** Video tracks the publishing connection sends (camera, and a screen while sharing). */
  videoSent: number;
  /** The simulcast layers (rids) of the camera that carry bytes, largest first. */
  cameraLayers: string[];
  subscriberState: RTCPeerConnectionState | null;
  received: SfuReceived[];
}

export function sfuStats(page: Page): Promise<SfuPageStats> {
  return page.evaluate(async () => {
    const all = window.__roomCall?.sessions() ?? [];
    const publisher = all.find((s) => s.peerId === 'sfu:publisher');
    const subscriber = all.find((s) => s.peerId === 'sfu:subscriber');
    const videoSent =
      publisher?.pc
        .getTransceivers()
        .filter((t) => t.sender.track?.kind === 'video' && t.currentDirection === 'sendonly')
        .length ?? 0;
    const received = new Map<string, SfuReceived>();
    if (subscriber) {
      const peerOf = new Map((subscriber.streams ?? []).map((s) => [s.mid, s]));
      (await subscriber.pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        const stream = peerOf.get(String(s.mid));
        if (stream?.source !== 'camera') return;
        const entry = received.get(stream.peer) ?? {
          peerId: stream.peer,
          framesDecoded: 0,
          frameWidth: 0,
          videoBytesReceived: 0,
          audioBytesReceived: 0,
        };
        if (s.kind === 'video') {
          entry.framesDecoded += Number(s.framesDecoded ?? 0);
          entry.frameWidth = Number(s.frameWidth ?? 0);
          entry.videoBytesReceived += Number(s.bytesReceived ?? 0);
        } else {
          entry.audioBytesReceived += Number(s.bytesReceived ?? 0);
        }
        received.set(stream.peer, entry);
      });
    }
    const cameraMid = publisher?.pc
      .getTransceivers()
      .find((t) => t.sender.track?.kind === 'video')?.mid;
    const layers: { rid: string; width: number }[] = [];
    (await publisher?.pc.getStats())?.forEach((s: Record<string, unknown>) => {
      if (s.type !== 'outbound-rtp' || s.kind !== 'video' || s.mid !== cameraMid) return;
      if (Number(s.bytesSent ?? 0) > 0 && typeof s.rid === 'string')
        layers.push({ rid: s.rid, width: Number(s.frameWidth ?? 0) });
    });
    return {
      connections: all.length,
      videoSent,
      cameraLayers: layers.sort((a, b) => b.width - a.width).map((l) => l.rid),
      subscriberState: subscriber?.pc.connectionState ?? null,
      received: [...received.values()],
    };
  });
}

/**
 * Proves media arrives through the SFU from `expectedPeers` senders: decoded video frames and
 * video and audio bytes keep rising for each of them between two samples.
 */
export async function expectSfuMediaFlowing(
  p: Participant,
  expectedPeers: number,
  timeout = 30_000,
): Promise<void> {
  await expect
    .poll(async () => (await sfuStats(p.page)).received.filter((r) => r.framesDecoded > 0).length, {
      timeout,
      message: `${p.name}: senders with decoded video`,
    })
    .toBe(expectedPeers);
  const before = new Map((await sfuStats(p.page)).received.map((r) => [r.peerId, r]));
  await expect
    .poll(
      async () =>
        (await sfuStats(p.page)).received.filter((r) => {
          const b = before.get(r.peerId);
          return (
            b !== undefined &&
            r.framesDecoded > b.framesDecoded &&
            r.videoBytesReceived > b.videoBytesReceived &&
            r.audioBytesReceived > b.audioBytesReceived
          );
        }).length,
      { timeout, message: `${p.name}: media rising from every sender` },
    )
    .toBe(expectedPeers);
}

/** Frames decoded from each sender through the SFU, by PeerId. */
export const sfuFrames = async (p: Participant): Promise<Record<string, number>> =>
  Object.fromEntries((await sfuStats(p.page)).received.map((r) => [r.peerId, r.framesDecoded]));

/**
 * Waits until every one of `shown` has decoded 10 more frames, and returns how many more each
 * of `others` decoded meanwhile (counted from once the shown ones had started rising).
 */
export async function framesWhileShown(p: Participant, shown: string[], others: string[]) {
  const rose = async (from: Record<string, number>) => {
    const now = await sfuFrames(p);
    return shown.every((id) => (now[id] ?? 0) >= (from[id] ?? 0) + 10);
  };
  // First the change of page settles (a frame or two may still be under way)...
  const start = await sfuFrames(p);
  await expect.poll(() => rose(start), { timeout: 20_000 }).toBe(true);
  // ...then the others must not gain a single frame while the shown ones gain ten.
  const before = await sfuFrames(p);
  await expect.poll(() => rose(before), { timeout: 20_000 }).toBe(true);
  const after = await sfuFrames(p);
  return Object.fromEntries(others.map((id) => [id, (after[id] ?? 0) - (before[id] ?? 0)]));
}
