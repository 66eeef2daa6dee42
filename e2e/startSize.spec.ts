import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { peerCounters } from './support/callFigures.ts';
import { expectMediaFlowing, goToRoom, joinCall } from './support/participant.ts';

/**
 * In the page, from before the call: the height of the first video frame decoded on any of its
 * connections (getStats() every 5 ms, so a frame is seen well inside the first size's span).
 */
function firstDecodedHeight(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline) {
      for (const { pc } of window.__roomCall?.sessions() ?? []) {
        let height = 0;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && Number(s.framesDecoded) > 0)
            height = Number(s.frameHeight ?? 0);
        });
        if (height > 0) return height;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('no video frame decoded within 30 s');
  });
}

/** Full size, or smaller only because the browser itself adapts (to CPU or bandwidth). */
async function notHeldSmall(page: Page): Promise<boolean> {
  const [sent] = await peerCounters(page);
  return (sent?.sentHeight ?? 0) > 360 || (sent?.qualityLimitationReason ?? 'none') !== 'none';
}

const scaleSent = (page: Page): Promise<number | null> =>
  page.evaluate(() => {
    const [session] = window.__roomCall?.sessions() ?? [];
    const camera = session?.pc.getSenders().find((s) => s.track?.kind === 'video');
    return camera?.getParameters().encodings[0]?.scaleResolutionDownBy ?? null;
  });

// Chromium alone: the suite's Firefox caps what it receives (its max_fs test pref) below 360.
test("a call's first frames are at most 360 lines tall, and the camera's full size follows", async ({
  app,
  participant,
}) => {
  const alice = await participant('Alice');
  const bob = await participant('Bob');
  await joinCall(alice, app.url, 'sizes');
  await goToRoom(bob, app.url, 'sizes');
  const preview = bob.page.getByLabel('Your camera preview');
  await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoHeight)).toBe(720);

  const firstAtAlice = firstDecodedHeight(alice.page);
  const firstAtBob = firstDecodedHeight(bob.page);
  await bob.page.getByRole('button', { name: 'Join call' }).click();
  // Sent at most 360 lines tall first (startSize.ts). On an idle machine the first frames are
  // exactly 360 lines (180 when sent full size from the start: Chromium's encoder then drops
  // its first frames and shrinks); on a slow, busy one the encoder may shrink even these to 180
  // (seen in a fresh-clone CI run at 14:40 UTC, 2026-12-02), so only the bound is checked here.
  for (const first of [await firstAtAlice, await firstAtBob]) {
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(360);
  }
  // A second after the encoders put out their first frames, both are given the full size: 720
  // lines for a call of two (videoBudget.ts).
  await expect.poll(() => scaleSent(alice.page)).toBe(1);
  await expect.poll(() => scaleSent(bob.page)).toBe(1);
  // Past that, only the browser's own adaptation (to CPU or bandwidth) may keep it smaller: on
  // the busy 2-core machine of a whole test run, one side stayed at 360 lines for 20 s.
  for (const p of [alice, bob])
    await expect
      .poll(() => notHeldSmall(p.page), {
        timeout: 20_000,
        message: `${p.name}'s camera held under full size with nothing limiting it`,
      })
      .toBe(true);
  await expectMediaFlowing(alice, 1);
  await expectMediaFlowing(bob, 1);
});
