/**
 * Watches every remote tile's <video> elements on a page and records, per sender, the longest
 * time between two frames the tile presented (requestVideoFrameCallback): a stall of the picture
 * as the person sees it, whichever connection the frames come from. A tile moving to another
 * connection has two elements for a moment (the old stream's stays on top until the new one has a
 * frame: web/src/components/VideoSurface.tsx); frames of either count. The gap across a change of
 * stream (the tile moving to another connection) is recorded apart too, so a failure says
 * whether the handover or the load around it froze the picture.
 */
import type { Page } from '@playwright/test';

interface GapRecord {
  last: number;
  longest: number;
  /** The stream the last frame came from. */
  stream: MediaProvider | null;
  /** The longest gap ending in the first frame of another stream. */
  handover: number;
  /** When the longest gap ended, ms after recording started. */
  longestAt: number;
}

declare global {
  interface Window {
    __frameGaps?: { start: number; gaps: Record<string, GapRecord> };
  }
}

/** Starts (or restarts) recording on this page. */
export function watchFrameGaps(page: Page): Promise<void> {
  return page.evaluate(() => {
    const state = { start: performance.now(), gaps: {} as Record<string, GapRecord> };
    window.__frameGaps = state;
    const watched = new WeakSet<HTMLVideoElement>();
    const watch = () => {
      if (window.__frameGaps !== state) return;
      for (const tile of document.querySelectorAll<HTMLElement>('[data-testid="tile"]')) {
        const name = tile.dataset.peerName;
        for (const video of tile.querySelectorAll('video')) {
          if (!name || watched.has(video)) continue;
          watched.add(video);
          const onFrame = (now: number) => {
            if (window.__frameGaps !== state) return;
            const entry = state.gaps[name];
            if (!entry) {
              state.gaps[name] = {
                last: now,
                stream: video.srcObject,
                longest: 0,
                longestAt: 0,
                handover: 0,
              };
            } else {
              const gap = now - entry.last;
              if (entry.stream !== video.srcObject) entry.handover = Math.max(entry.handover, gap);
              if (gap > entry.longest) {
                entry.longest = gap;
                entry.longestAt = now - state.start;
              }
              entry.last = now;
              entry.stream = video.srcObject;
            }
            video.requestVideoFrameCallback(onFrame);
          };
          video.requestVideoFrameCallback(onFrame);
        }
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
      Object.entries(window.__frameGaps?.gaps ?? {}).map(([name, { last, longest }]) => [
        name,
        Math.round(Math.max(longest, now - last)),
      ]),
    );
  });
}

/**
 * Per sender: the gap across the change of stream, and when the longest gap ended (ms after
 * recording started), for the report beside `frameGaps`.
 */
export function frameGapDetails(
  page: Page,
): Promise<Record<string, { handover: number; longestAt: number }>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.entries(window.__frameGaps?.gaps ?? {}).map(([name, g]) => [
        name,
        { handover: Math.round(g.handover), longestAt: Math.round(g.longestAt) },
      ]),
    ),
  );
}
