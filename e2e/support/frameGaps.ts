/**
 * Watches every remote tile's <video> on a page and records, per sender, the longest time
 * between two frames the element presented (requestVideoFrameCallback): a stall of the picture
 * as the person sees it, whichever connection the frames come from.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __frameGaps?: Record<string, { last: number; longest: number }>;
  }
}

/** Starts (or restarts) recording on this page. */
export function watchFrameGaps(page: Page): Promise<void> {
  return page.evaluate(() => {
    const gaps: Record<string, { last: number; longest: number }> = {};
    window.__frameGaps = gaps;
    const watched = new WeakSet<HTMLVideoElement>();
    const watch = () => {
      if (window.__frameGaps !== gaps) return;
      for (const tile of document.querySelectorAll<HTMLElement>('[data-testid="tile"]')) {
        const name = tile.dataset.peerName;
        const video = tile.querySelector('video');
        if (!name || !video || watched.has(video)) continue;
        watched.add(video);
        const onFrame = (now: number) => {
          if (window.__frameGaps !== gaps) return;
          const entry = gaps[name];
          if (entry) entry.longest = Math.max(entry.longest, now - entry.last);
          gaps[name] = { last: now, longest: entry?.longest ?? 0 };
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      }
      setTimeout(watch, 50);
    };
    watch();
  });
}

/** The longest stall so far per sender, in ms, counting the time since each one's last frame. */
export function frameGaps(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const now = performance.now();
    return Object.fromEntries(
      Object.entries(window.__frameGaps ?? {}).map(([name, { last, longest }]) => [
        name,
        Math.round(Math.max(longest, now - last)),
      ]),
    );
  });
}
