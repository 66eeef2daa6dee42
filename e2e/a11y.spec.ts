import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { expectMediaFlowing, goToRoom, joinCall, tileOf } from './support/participant.ts';
import { colourPeople } from './support/colourCamera.ts';

async function expectNoViolations(page: Page, where: string): Promise<void> {
  // Legacy mode: one pass in the page itself. The app has no frames, and the default opens a
  // blank page per pass to merge frames' results, which cost seconds on a loaded machine.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    where,
  ).toEqual([]);
}

/**
 * The same page in both themes, switched in place: dark (the default) and light (the system's
 * setting followed).
 */
async function expectNoViolationsInEitherTheme(page: Page, where: string): Promise<void> {
  const backgrounds: string[] = [];
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    await expectNoViolations(page, `${where}, ${colorScheme} theme`);
  }
  expect(new Set(backgrounds).size, `${where}: the themes differ`).toBe(2);
}

test('lobby and pre-join have no axe violations, in either theme', async ({ app, participant }) => {
  const ana = await participant('Ana');
  await ana.page.goto(app.url);
  await expect(ana.page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  await expectNoViolationsInEitherTheme(ana.page, 'lobby');

  await goToRoom(ana, app.url, 'Accessible room');
  await expect(ana.page.locator('video')).toBeVisible();
  await expectNoViolationsInEitherTheme(ana.page, 'pre-join');
});

test('the call view, its panels and dialogs have no axe violations, in either theme', async ({
  app,
  participant,
}) => {
  // Three people in one browser and ten axe passes, each a few seconds while the calls
  // keep both cores busy: more than the default test time.
  test.slow();
  // Small colour cameras: this is about the markup, and 720p calls left axe little CPU.
  const [ana, ben, cy] = await colourPeople(participant, ['Ana', 'Ben', 'Cy']);
  if (!ana || !ben || !cy) throw new Error('three people expected');
  for (const p of [ana, ben, cy]) await joinCall(p, app.url, 'Accessible call');
  await expectMediaFlowing(ana, 2);
  // A muted microphone and a camera that is off put their own marks on the tiles.
  await ben.page.getByRole('button', { name: 'Microphone' }).click();
  await cy.page.getByRole('button', { name: 'Camera', exact: true }).click();
  await expect(tileOf(ana, 'Ben').getByTestId('muted')).toBeVisible();
  await expect(tileOf(ana, 'Cy').getByTestId('camera-off')).toBeVisible();
  // So do a raised hand, and the reactions picker open over the controls.
  await ben.page.getByRole('button', { name: 'Raise hand' }).click();
  await ana.page.getByRole('button', { name: 'Reactions', exact: true }).click();
  await expect(tileOf(ana, 'Ben')).toHaveAttribute('data-hand-raised', 'true');
  await expect(ana.page.getByRole('group', { name: 'Reactions' })).toBeVisible();
  await expectNoViolationsInEitherTheme(ana.page, 'call');

  await ana.page.getByRole('button', { name: 'Chat' }).click();
  await ana.page.getByRole('textbox', { name: 'Message' }).fill('hello');
  await ana.page.getByRole('button', { name: 'Send' }).click();
  await expect(ana.page.getByTestId('chat-text')).toHaveText(['hello']);
  await expectNoViolationsInEitherTheme(ana.page, 'call with chat');

  await ana.page.getByRole('button', { name: 'Participants' }).click();
  await expect(ana.page.getByTestId('safety-code')).toHaveCount(2);
  await expectNoViolationsInEitherTheme(ana.page, 'call with participants');

  await tileOf(ana, 'Ben').getByRole('button', { name: 'Pin Ben' }).click();
  await expectNoViolationsInEitherTheme(ana.page, 'call with a pinned tile');

  await ana.page.getByRole('button', { name: 'Devices' }).click();
  await expect(ana.page.getByRole('dialog', { name: 'Devices' })).toBeVisible();
  await expectNoViolationsInEitherTheme(ana.page, 'devices dialog');
});
