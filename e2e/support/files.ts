/**
 * File sharing as the specs drive and check it: the chat panel's transfer entries, Accept and
 * the download, the bytes the pages' `files` data channels carried (getStats()), and the
 * signaling server's relay counter.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { Participant } from './participant.ts';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
export const MB = 1024 * 1024;

/** The signaling server's relay counters, summed over kinds (its /metrics endpoint). */
export async function relayedSignals(appUrl: string): Promise<number> {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  let total = 0;
  for (const [, n] of text.matchAll(/^room_call_relays_total\{[^}]*\} (\d+)$/gm))
    total += Number(n);
  return total;
}

/** Bytes carried by the page's `files` data channels, from getStats(). */
export function filesChannelBytes(page: Page): Promise<{ sent: number; received: number }> {
  return page.evaluate(async () => {
    let sent = 0;
    let received = 0;
    for (const { pc } of window.__roomCall?.sessions() ?? []) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'data-channel' || s.label !== 'files') return;
        sent += Number(s.bytesSent ?? 0);
        received += Number(s.bytesReceived ?? 0);
      });
    }
    return { sent, received };
  });
}

/** Waits until two readings half a second apart (expect.poll's interval) are equal. */
export async function expectSettled(read: () => Promise<number>): Promise<void> {
  let last: number | null = null;
  await expect
    .poll(
      async () => {
        const now = await read();
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [500], timeout: 20_000 },
    )
    .toBe(true);
}

export async function openChat(p: Participant): Promise<void> {
  await p.page.getByRole('button', { name: 'Chat' }).click();
  await expect(p.page.getByLabel('Share a file')).toBeEnabled();
}

/** The transfer entry in `p`'s chat panel whose text has `text` (a file name, "To Bob"…). */
export const transfer = (p: Participant, ...texts: string[]): Locator => {
  let entry = p.page.getByTestId('file-transfer');
  for (const text of texts) entry = entry.filter({ hasText: text });
  return entry;
};

/** Clicks Accept and reads the download link's bytes once the receiver checked them. */
export async function acceptAndDownload(p: Participant, name: string): Promise<Buffer> {
  const entry = transfer(p, name);
  await entry.getByRole('button', { name: 'Accept' }).click();
  const link = entry.getByRole('link', { name: 'Download' });
  await expect(link).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([p.page.waitForEvent('download'), link.click()]);
  // The browser makes the name safe for the disk ("<" and ">" become "_"), extension kept.
  expect(download.suggestedFilename().split('.').at(-1)).toBe(name.split('.').at(-1));
  const path = await download.path();
  return readFile(path);
}

/**
 * The page's connection to one person (by PeerId) as its files travel: what its `files` channel
 * carried, whether its selected candidate pair succeeded, and what else it carries (media
 * sections of its local description: none on an SFU room's file link).
 */
export function fileLinkTo(
  page: Page,
  peerId: string,
): Promise<{ received: number; sent: number; pairSucceeded: boolean; mediaSections: number }> {
  return page.evaluate(async (id) => {
    const link = (window.__roomCall?.sessions() ?? []).find((s) => s.peerId === id);
    const out = { received: 0, sent: 0, pairSucceeded: false, mediaSections: -1 };
    if (!link) return out;
    out.mediaSections = (link.pc.localDescription?.sdp.match(/^m=(audio|video) /gm) ?? []).length;
    const report = await link.pc.getStats();
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'data-channel' && s.label === 'files') {
        out.received += Number(s.bytesReceived ?? 0);
        out.sent += Number(s.bytesSent ?? 0);
      }
      if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
        const pair = report.get(s.selectedCandidatePairId) as Record<string, unknown> | undefined;
        out.pairSucceeded = pair?.state === 'succeeded';
      }
    });
    return out;
  }, peerId);
}
