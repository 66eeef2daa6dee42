/**
 * What every join bench reads from its pages, the same way for the app and its baselines: when
 * the person clicked **Join call**, when a page first decoded remote video (`getStats()`
 * polled every 5 ms), and the steps it marked on the way (`room-call:<step>` User Timing marks:
 * the app's web/src/lib/joinTimeline.ts, the same names in the minimal call's page). Each page
 * lists its connections as `window.__benchPcs()`.
 */
import type { Page } from '@playwright/test';
import { cpuBetween, cpuNow } from './browserCpu.ts';
import type { CpuByGroup } from './browserCpu.ts';

declare global {
  interface Window {
    __benchPcs?: () => { id: string; pc: RTCPeerConnection }[];
    __joinClickedAt?: number;
  }
}

/**
 * Epoch milliseconds (comparable across pages) when `need` connections have each decoded a video
 * frame more than `before` (decodedSoFar) says each of their remote videos had.
 */
export function firstFramesAt(
  page: Page,
  before: Record<string, number> = {},
  need = 1,
): Promise<number> {
  return page.evaluate(
    async ({ before: known, need: wanted }) => {
      // Plain loops, no local function declarations: the page must not depend on bundler helpers.
      const seen = new Map<string, number>();
      const deadline = performance.now() + 30_000;
      while (performance.now() < deadline) {
        for (const { id, pc } of window.__benchPcs?.() ?? []) {
          if (seen.has(id)) continue;
          let frames = 0;
          (await pc.getStats()).forEach((s: Record<string, unknown>) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video')
              frames += Number(s.framesDecoded ?? 0) - (known[`${id}/${String(s.id)}`] ?? 0);
          });
          if (frames > 0) {
            seen.set(id, performance.timeOrigin + performance.now());
            (window as unknown as { __seen: number }).__seen = frames;
          }
        }
        if (seen.size >= wanted) return Math.max(...seen.values());
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('no remote frame within 30 s');
    },
    { before, need },
  );
}

/**
 * The frames each remote video of a page's connections has decoded so far, by
 * `<connection>/<stats id>`: a join's first frame is one more than these (an SFU room's
 * subscribing connection outlives the people it carries).
 */
export const decodedSoFar = (page: Page): Promise<Record<string, number>> =>
  page.evaluate(async () => {
    const frames: Record<string, number> = {};
    for (const { id, pc } of window.__benchPcs?.() ?? [])
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video')
          frames[`${id}/${String(s.id)}`] = Number(s.framesDecoded ?? 0);
      });
    return frames;
  });

/** Records the epoch time of the next click on the page's **Join call** button, before any handler of the page runs. */
export function armJoinClick(page: Page): Promise<void> {
  return page.evaluate(() => {
    delete window.__joinClickedAt;
    const button = [...document.querySelectorAll('button')].find(
      (b) => b.textContent === 'Join call',
    );
    if (!button) throw new Error('no Join call button');
    button.addEventListener(
      'click',
      () => {
        window.__joinClickedAt = performance.timeOrigin + performance.now();
      },
      { capture: true, once: true },
    );
  });
}

export const joinClickedAt = (page: Page): Promise<number> =>
  page.evaluate(() => window.__joinClickedAt ?? Number.NaN);

/**
 * One timed join: arms the click, starts watching for first frames on every page, clicks, and
 * returns milliseconds from the click to the last page's first frame, and the browser's CPU
 * time over the join by what its threads do (browserCpu.ts).
 */
export async function timeJoin(
  clicker: Page,
  watchers: { page: Page; before?: Record<string, number>; need?: number }[],
): Promise<{ ms: number; clickedAt: number; frames: number[]; cpu: CpuByGroup }> {
  await armJoinClick(clicker);
  const cpuBefore = cpuNow();
  const seen = watchers.map((w) => firstFramesAt(w.page, w.before, w.need));
  await clicker.getByRole('button', { name: 'Join call' }).click();
  const frames = await Promise.all(seen);
  const cpu = cpuBetween(cpuBefore, cpuNow());
  const clickedAt = await joinClickedAt(clicker);
  return { ms: Math.max(...frames) - clickedAt, clickedAt, frames, cpu };
}

/** Milliseconds after the click at which each step happened, on the joiner's and the present person's side. */
export type Timeline = Record<string, number>;

const marksOf = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('room-call:'))
      .map((m) => ({
        step: m.name.slice('room-call:'.length),
        at: performance.timeOrigin + m.startTime,
      })),
  );

/** One side's marks since the click, and its first frame, as a timeline. */
export async function timelineOf(page: Page, side: string, clickedAt: number, frameAt: number) {
  const timeline: Timeline = {};
  for (const { step, at } of await marksOf(page))
    if (at >= clickedAt) timeline[`${side} ${step}`] ??= at - clickedAt;
  timeline[`${side} first frame`] = frameAt - clickedAt;
  return timeline;
}

/** A timed join's timeline: the clicking page is the joiner, the other the one present. */
export async function joinTimeline(
  joiner: Page,
  present: Page,
  clickedAt: number,
  frames: { joiner?: number | undefined; present?: number | undefined },
): Promise<Timeline> {
  return {
    ...(await timelineOf(joiner, 'joiner', clickedAt, frames.joiner ?? Number.NaN)),
    ...(await timelineOf(present, 'present', clickedAt, frames.present ?? Number.NaN)),
  };
}
