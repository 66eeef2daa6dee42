/**
 * The app's side of the join bench: Alice alone in a call, in a browser of their own with Bob;
 * each run opens the room's page for Bob, waits for his camera preview, times his **Join call**
 * to a first frame on both sides, and reads the app's join marks (web/src/lib/joinTimeline.ts)
 * as a timeline.
 */
import type { Browser } from '@playwright/test';
import { decodedSoFar, joinTimeline, timeJoin } from './pageClock.ts';
import type { Timeline } from './pageClock.ts';
import type { CpuByGroup } from './browserCpu.ts';

export interface AppRun {
  ms: number;
  timeline: Timeline;
  cpu: CpuByGroup;
}

/**
 * `again`: Bob joins again from the same page each run, right after leaving (as someone who
 * left by mistake does), instead of from a freshly opened one.
 */
export async function openApp(browser: Browser, url: string, again = false) {
  const [aliceCtx, bobCtx] = await Promise.all([
    browser.newContext({ locale: 'en-US' }),
    browser.newContext({ locale: 'en-US' }),
  ]);
  for (const ctx of [aliceCtx, bobCtx])
    await ctx.addInitScript(() => {
      window.__benchPcs = () =>
        (window.__roomCall?.sessions() ?? []).map((s) => ({ id: s.peerId, pc: s.pc }));
    });
  const [alice, bob] = await Promise.all([aliceCtx.newPage(), bobCtx.newPage()]);
  await alice.goto(`${url}/r/bench`);
  await alice.getByRole('textbox', { name: 'Your name' }).fill('Alice');
  await alice.getByRole('button', { name: 'Join call' }).click();
  await alice.getByRole('button', { name: 'Leave call' }).waitFor();

  return async function run(): Promise<AppRun> {
    // Each join from a freshly opened room page, as a person arriving by link has it; the
    // preview opens the camera before anyone clicks.
    if (!again || bob.url() === 'about:blank') {
      await bob.goto(`${url}/r/bench`);
      await bob.getByRole('textbox', { name: 'Your name' }).fill('Bob');
    }
    await bob
      .getByRole('img', { name: 'Your camera preview' })
      .or(bob.locator('video'))
      .first()
      .waitFor();
    // Like the minimal call's page, whose socket is open before the click: a person takes
    // longer than this to find the button.
    await bob.waitForFunction(() => window.__roomCall?.signalingState() === 'connected');
    // And so is its first connection, made ahead with its offer (rtc/mesh/spareOffer.ts).
    await bob.waitForFunction(() => window.__roomCall?.spare() === 'complete');
    const before = await decodedSoFar(alice);
    await alice.evaluate(() => performance.clearMarks());
    const { ms, clickedAt, frames, cpu } = await timeJoin(bob, [
      { page: alice, before },
      { page: bob },
    ]);
    const timeline = await joinTimeline(bob, alice, clickedAt, {
      present: frames[0],
      joiner: frames[1],
    });
    // Alice alone again for the next run.
    await bob.getByRole('button', { name: 'Leave call' }).click();
    await bob.getByRole('button', { name: 'Join call' }).waitFor();
    // (In an SFU room her own two connections stay: only those to Bob go.)
    await alice.waitForFunction(
      () =>
        (window.__roomCall?.sessions() ?? []).filter((s) => !s.peerId.startsWith('sfu:')).length ===
        0,
    );
    await alice.getByTestId('tile').first().waitFor({ state: 'detached' });
    return { ms, timeline, cpu };
  };
}
