/**
 * The join bench's baselines, timed exactly like the app (pageClock.ts): the minimal two-page
 * call (one page present, one clicking **Join call**) and the in-page floor (one page, two
 * connections). Pages come from minimalCallServer.ts.
 */
import type { Browser, Page } from '@playwright/test';
import { joinTimeline, timeJoin } from './pageClock.ts';
import type { Timeline } from './pageClock.ts';
import type { CpuByGroup } from './browserCpu.ts';

/** `shown`: the variant whose pages show their own camera and play the other person. */
export async function openMinimalCall(browser: Browser, url: string, shown = false) {
  const present = await (await browser.newContext()).newPage();
  const joiner = await (await browser.newContext()).newPage();
  const open = async (page: Page) => {
    await page.goto(`${url}/${shown ? 'call-shown' : 'call'}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'yes');
  };
  await open(present);
  return async function run(): Promise<{ ms: number; timeline: Timeline; cpu: CpuByGroup }> {
    // A fresh page each run, like the app's joiner: camera and socket open before the click.
    await open(joiner);
    await present.evaluate(() => performance.clearMarks());
    const { ms, clickedAt, frames, cpu } = await timeJoin(joiner, [
      { page: present },
      { page: joiner },
    ]);
    const timeline = await joinTimeline(joiner, present, clickedAt, {
      present: frames[0],
      joiner: frames[1],
    });
    await joiner.getByRole('button', { name: 'Leave call' }).click();
    await present.waitForFunction(() => (window.__benchPcs?.() ?? []).length === 0);
    return { ms, timeline, cpu };
  };
}

export async function openFloor(browser: Browser, url: string) {
  const page = await (await browser.newContext()).newPage();
  return async function run(): Promise<number> {
    await page.goto(`${url}/floor`);
    await page.waitForFunction(() => document.body.dataset.ready === 'yes');
    const { ms } = await timeJoin(page, [{ page, need: 2 }]);
    await page.getByRole('button', { name: 'Leave call' }).click();
    return ms;
  };
}
