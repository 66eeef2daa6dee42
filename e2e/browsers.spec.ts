/**
 * Chromium and Firefox in one call: each browser once the offerer (the newcomer) and once the
 * answerer (first in the room), and Firefox with Firefox. Firefox first and Chromium second is
 * call.spec.ts in the firefox project, which checks the same and more. The mixed three-person
 * mesh, and Firefox's side of mute, camera, chat, screen share, restarts and TURN, run in the
 * firefox project too: every spec tagged @firefox, with people in Firefox and Chromium by turns
 * (playwright.config.ts).
 */
import { test, expect } from './fixtures.ts';
import type { Engine } from './support/browsers.ts';
import { expectMediaFlowing, joinCall, tileOf } from './support/participant.ts';
import { mediaStats } from './support/stats.ts';

const pairs: [Engine, Engine][] = [
  ['chromium', 'firefox'],
  ['firefox', 'firefox'],
];

for (const [first, second] of pairs) {
  test(`${first} first in the room, ${second} second: media decoded both ways`, async ({
    app,
    participant,
  }) => {
    const a = await participant('Ada', { engine: first });
    const b = await participant('Ben', { engine: second });
    await joinCall(a, app.url, 'pair');
    await joinCall(b, app.url, 'pair');
    await expect(tileOf(a, 'Ben')).toBeVisible();
    await expect(tileOf(b, 'Ada')).toBeVisible();
    await expectMediaFlowing(a, 1);
    await expectMediaFlowing(b, 1);
    // The newcomer offers: each browser has been offerer and answerer across these tests.
    expect((await mediaStats(b.page))[0]?.offersSent).toBeGreaterThan(0);
    expect((await mediaStats(a.page))[0]?.offersSent).toBe(0);
  });
}

test('a Firefox person whose browser has no screen to share is told so, and the call goes on', async ({
  app,
  participant,
}) => {
  const fox = await participant('Fox', { engine: 'firefox' });
  const ann = await participant('Ann', { engine: 'chromium' });
  await joinCall(fox, app.url, 'no screen');
  await joinCall(ann, app.url, 'no screen');
  await expectMediaFlowing(ann, 1);

  const share = fox.page.getByRole('button', { name: 'Share screen' });
  await share.click();
  await expect(fox.page.getByTestId('notices')).toContainText(
    'Your browser found no screen or window to share.',
  );
  await expect(share).toHaveAttribute('aria-pressed', 'false');
  await expect(ann.page.getByTestId('screen-tile')).toHaveCount(0);
  await expectMediaFlowing(ann, 1);
  await expectMediaFlowing(fox, 1);
});
