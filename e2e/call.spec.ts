import { test, expect } from './fixtures.ts';
import {
  LEAVE_DEADLINE_MS,
  expectMediaFlowing,
  goToRoom,
  joinCall,
  tileOf,
} from './support/participant.ts';
import { mediaStats } from './support/stats.ts';

test(
  'two people meet by room name, see and hear each other, and one leaves',
  { tag: '@firefox' },
  async ({ app, participant }) => {
    const alice = await participant('Alice');
    const bob = await participant('Bob');

    await joinCall(alice, app.url, 'standup');
    await joinCall(bob, app.url, 'standup');

    await expect(tileOf(alice, 'Bob')).toBeVisible();
    await expect(tileOf(bob, 'Alice')).toBeVisible();
    await expect(tileOf(alice, 'Bob').locator('video')).toHaveCount(1);
    await expectMediaFlowing(alice, 1);
    await expectMediaFlowing(bob, 1);
    // The newcomer offers (in the firefox project: Chromium to Firefox, see browsers.spec.ts).
    expect((await mediaStats(bob.page))[0]?.offersSent).toBeGreaterThan(0);
    expect((await mediaStats(alice.page))[0]?.offersSent).toBe(0);

    await bob.page.getByRole('button', { name: 'Leave call' }).click();
    // The product's leave deadline, well inside the grace a dropped connection gets.
    await expect(tileOf(alice, 'Bob')).toHaveCount(0, { timeout: LEAVE_DEADLINE_MS });
    await expect(bob.page.getByRole('button', { name: 'Join call' })).toBeVisible();
    expect(await mediaStats(alice.page)).toEqual([]);

    // Back from the same page: the preview's <video> itself becomes the self view (moved, not
    // made anew, so the camera is never left without a consumer: LocalCamera.tsx), and media
    // flows on the new connection.
    await bob.page.getByLabel('Your camera preview').evaluate((v) => (v.id = 'kept-camera'));
    await bob.page.getByRole('button', { name: 'Join call' }).click();
    await expect(bob.page.getByTestId('self-view').locator('video#kept-camera')).toHaveCount(1);
    await expectMediaFlowing(alice, 1);
    await expectMediaFlowing(bob, 1);
  },
);

test('a room name in Hangul works and is shared through the URL', async ({ app, participant }) => {
  const minji = await participant('민지');
  const joon = await participant('Joon');

  await joinCall(minji, app.url, '회의실');
  expect(decodeURIComponent(new URL(minji.page.url()).pathname)).toBe('/r/회의실');

  // The second person opens the shared link directly.
  await joon.page.goto(minji.page.url());
  await joon.page.getByRole('textbox', { name: 'Your name' }).fill('Joon');
  await joon.page.getByRole('button', { name: 'Join call' }).click();

  await expect(tileOf(joon, '민지')).toBeVisible();
  await expect(tileOf(minji, 'Joon')).toBeVisible();
  await expectMediaFlowing(minji, 1);
  await expectMediaFlowing(joon, 1);
});

test.describe('with MAX_PEERS=2', () => {
  test.use({ serverEnv: { MAX_PEERS: '2' } });

  test('a third person is told the room is full and receives nothing', async ({
    app,
    participant,
  }) => {
    const [a, b, c] = [
      await participant('Ann'),
      await participant('Ben'),
      await participant('Cat'),
    ];
    await joinCall(a, app.url, 'pair');
    await joinCall(b, app.url, 'pair');
    await expectMediaFlowing(a, 1);

    await goToRoom(c, app.url, 'pair');
    await c.page.getByRole('button', { name: 'Join call' }).click();
    await expect(c.page.getByRole('alert')).toContainText('This room is full');
    await expect(c.page.getByRole('button', { name: 'Leave call' })).toHaveCount(0);
    expect(await mediaStats(c.page)).toEqual([]);
    await expect(tileOf(a, 'Cat')).toHaveCount(0);
    await expect(a.page.locator('[data-testid="tile"]')).toHaveCount(1);
  });
});

test('the name is remembered and back/forward move between lobby and room', async ({
  app,
  participant,
}) => {
  const dana = await participant('Dana');
  await goToRoom(dana, app.url, 'Design Review');
  await expect(dana.page).toHaveURL(/\/r\/Design%20Review$/);

  await dana.page.goBack();
  await expect(dana.page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  await dana.page.goForward();
  await expect(dana.page.getByRole('button', { name: 'Join call' })).toBeVisible();

  await dana.page.reload();
  await expect(dana.page.getByRole('textbox', { name: 'Your name' })).toHaveValue('Dana');
});
