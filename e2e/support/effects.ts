import { expect } from './expect.ts';
import type { Locator, Page } from '@playwright/test';
import type { Participant } from './participant.ts';

/**
 * Detail in the background of a picture: the mean absolute difference between neighbouring
 * pixels (luma) in the top quarter, where the fake camera draws its frame counter and nothing a
 * person segmenter could take for a person. Drawn at a fixed 320x180 first, so pictures of
 * different sizes (the camera's 1280x720, blur's 640x360) compare fairly.
 */
export function edgeEnergy(video: Locator): Promise<number> {
  return video.evaluate((el) => {
    const v = el as HTMLVideoElement;
    if (v.videoWidth === 0 || v.videoHeight === 0) return -1;
    const width = 320;
    const height = 180;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return -1;
    ctx.drawImage(v, 0, 0, width, height);
    const data = ctx.getImageData(0, 0, width, height / 4 + 1).data;
    const luma = (i: number) =>
      0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
    let sum = 0;
    let n = 0;
    for (let y = 0; y < height / 4; y++)
      for (let x = 0; x < width - 1; x++) {
        const i = (y * width + x) * 4;
        const here = luma(i);
        sum += Math.abs(here - luma(i + 4)) + Math.abs(here - luma(i + width * 4));
        n++;
      }
    return sum / n;
  });
}

/** Frames decoded from `peerId` per second of stats time, over at least `spanMs`. */
export async function decodedRate(page: Page, peerId: string, spanMs = 4000): Promise<number> {
  const read = () =>
    page.evaluate(async (id) => {
      const session = window.__roomCall?.sessions().find((s) => s.peerId === id);
      if (!session) return null;
      // Their camera is the first video line (a screen share would be a later one).
      const videos: { mid: number; frames: number; time: number }[] = [];
      (await session.pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video')
          videos.push({
            mid: Number(s.mid),
            frames: Number(s.framesDecoded ?? 0),
            time: Number(s.timestamp ?? 0),
          });
      });
      return videos.sort((a, b) => a.mid - b.mid)[0] ?? null;
    }, peerId);
  const first = await read();
  if (!first) throw new Error(`no connection to ${peerId}`);
  let last = first;
  await expect
    .poll(
      async () => {
        last = (await read()) ?? last;
        return last.time - first.time;
      },
      { timeout: spanMs * 3, message: 'stats time passing' },
    )
    .toBeGreaterThanOrEqual(spanMs);
  return ((last.frames - first.frames) * 1000) / (last.time - first.time);
}

/** The tracks this page sends on every connection, by kind. */
export function sentTracks(
  page: Page,
): Promise<{ kind: string; id: string; device: boolean; noiseSuppression: boolean | null }[]> {
  return page.evaluate(() =>
    (window.__roomCall?.sessions() ?? []).flatMap(({ pc }) =>
      pc.getSenders().flatMap((s) => {
        const t = s.track;
        if (!t) return [];
        const settings = t.getSettings();
        return [
          {
            kind: t.kind,
            id: t.id,
            // A device's track (camera or microphone) belongs to a device group; ours do not.
            device: Boolean(settings.groupId),
            noiseSuppression: settings.noiseSuppression ?? null,
          },
        ];
      }),
    ),
  );
}

/** The SDP each connection of this page last set locally (unchanged: no renegotiation). */
export function localDescriptions(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window.__roomCall?.sessions() ?? []).map(({ pc }) => pc.localDescription?.sdp ?? ''),
  );
}

/** Opens the call's devices dialog, where the effects are. */
export async function openDevices(p: Participant): Promise<void> {
  await p.page.getByRole('button', { name: 'Devices' }).click();
  await expect(p.page.getByRole('dialog', { name: 'Devices' })).toBeVisible();
}
