/**
 * Figure 2: the second person's **Join call** click → a first decoded remote video frame on
 * both sides, for the built app and two baselines timed the same way (pageClock.ts):
 * - the minimal two-page call: a bare `ws` relay and a page of a few dozen lines, camera
 *   already open, the socket already connected (baselinePages.ts): the limit for two pages;
 * - the in-page floor: two connections in one page, signaled by direct calls.
 * Each system runs in a Chromium of its own with only its own pages open, so that none is
 * slowed by another's; the systems take turns over five rounds so that load drifts hit all.
 * Five, not three: the medians of nine moved by 15 to 20 % between runs of the same code (the
 * minimal call's read 167 to 216 ms), more than the target's margin.
 */
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/browsers.ts';
import { startApp } from '../../e2e/support/appServer.ts';
import { launch } from '../../signal/processLauncher.ts';
import { openApp } from './appJoin.ts';
import type { Timeline } from './pageClock.ts';
import type { CpuByGroup } from './browserCpu.ts';
import { openFloor, openMinimalCall } from './baselineJoin.ts';

export interface JoinFigures {
  appMs: number[];
  /** The app, joining again from the same page right after leaving it. */
  appAgainMs: number[];
  minimalMs: number[];
  /** The minimal call whose pages show their own camera and play the other (baselinePages.ts). */
  shownMs: number[];
  floorMs: number[];
  /** One per app run: milliseconds after the click of each step (see web/src/lib/joinTimeline.ts). */
  timelines: Timeline[];
  /** The same steps, marked by the minimal call's pages (baselinePages.ts). */
  minimalTimelines: Timeline[];
  /** Per run, the browser's CPU over the join by what its threads do (browserCpu.ts). */
  appCpu: CpuByGroup[];
  minimalCpu: CpuByGroup[];
  shownCpu: CpuByGroup[];
  browserVersion: string;
}

const ROUNDS = 5;
const root = new URL('../..', import.meta.url).pathname;

/** Launches a Chromium, opens one system's pages, warms it with one unmeasured run, runs it `runs` times, and closes it. */
export async function inOwnBrowser<T>(
  runs: number,
  open: (browser: Browser) => Promise<() => Promise<T>>,
): Promise<{ results: T[]; version: string }> {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const run = await open(browser);
    await run();
    const results: T[] = [];
    for (let i = 0; i < runs; i++) results.push(await run());
    return { results, version: browser.version() };
  } finally {
    await browser.close();
  }
}

export async function runJoinBench(
  runsPerRound: number,
  progress: (line: string) => void,
): Promise<JoinFigures> {
  const app = await startApp();
  const baselines = await launch({
    command: process.execPath,
    args: ['--import', 'tsx', 'bench/browser/minimalCallServer.ts'],
    cwd: root,
    readyFrom: (line) => /^listening (\d+)$/.exec(line)?.[1] ?? null,
    name: 'minimal call server',
  });
  const baseUrl = `http://127.0.0.1:${baselines.ready}`;
  const figures: JoinFigures = {
    appMs: [],
    appAgainMs: [],
    minimalMs: [],
    shownMs: [],
    floorMs: [],
    timelines: [],
    minimalTimelines: [],
    appCpu: [],
    minimalCpu: [],
    shownCpu: [],
    browserVersion: '',
  };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      progress(
        `join round ${round} of ${ROUNDS}: app, app again from the same page, minimal two-page call, the same showing and playing, in-page floor`,
      );
      const ours = await inOwnBrowser(runsPerRound, (b) => openApp(b, app.url));
      figures.appMs.push(...ours.results.map((r) => r.ms));
      figures.timelines.push(...ours.results.map((r) => r.timeline));
      figures.appCpu.push(...ours.results.map((r) => r.cpu));
      figures.browserVersion = ours.version;
      const again = await inOwnBrowser(runsPerRound, (b) => openApp(b, app.url, true));
      figures.appAgainMs.push(...again.results.map((r) => r.ms));
      const minimal = await inOwnBrowser(runsPerRound, (b) => openMinimalCall(b, baseUrl));
      figures.minimalMs.push(...minimal.results.map((r) => r.ms));
      figures.minimalTimelines.push(...minimal.results.map((r) => r.timeline));
      figures.minimalCpu.push(...minimal.results.map((r) => r.cpu));
      const shown = await inOwnBrowser(runsPerRound, (b) => openMinimalCall(b, baseUrl, true));
      figures.shownMs.push(...shown.results.map((r) => r.ms));
      figures.shownCpu.push(...shown.results.map((r) => r.cpu));
      const floor = await inOwnBrowser(runsPerRound, (b) => openFloor(b, baseUrl));
      figures.floorMs.push(...floor.results);
    }
    return figures;
  } finally {
    await baselines.stop();
    await app.stop();
  }
}
