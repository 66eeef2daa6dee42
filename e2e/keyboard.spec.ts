import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { expectMediaFlowing, joinCall, tileOf } from './support/participant.ts';
import { colourPerson } from './support/colourCamera.ts';

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/**
 * Presses Tab (at most `limit` times) until `target` has the focus, then checks
 * that the focus can be seen: an outline or a focus ring is drawn around it.
 */
async function tabTo(page: Page, target: Locator, limit = 30): Promise<void> {
  for (let presses = 0; presses <= limit; presses++) {
    if (await isFocused(target)) {
      const drawn = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        return (
          (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
          style.boxShadow !== 'none'
        );
      });
      expect(drawn, 'visible focus').toBe(true);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`focus did not reach the target in ${limit} presses of Tab`);
}

test('keyboard only: from the lobby into a connected call, through its controls and back out', async ({
  app,
  participant,
}) => {
  const ben = await colourPerson(participant, 'Ben', 1);
  await joinCall(ben, app.url, 'Keyboard room');

  const ana = await colourPerson(participant, 'Ana', 0);
  const page = ana.page;
  await page.goto(app.url);

  // Lobby: type both names, Enter submits.
  await tabTo(page, page.getByRole('textbox', { name: 'Your name' }));
  await page.keyboard.type('Ana');
  await tabTo(page, page.getByRole('textbox', { name: 'Room name' }));
  await page.keyboard.type('Keyboard room');
  await page.keyboard.press('Enter');

  // Pre-join: the focus starts at the room's heading, then on to Join call.
  await expect(page.getByRole('heading', { name: 'Keyboard room' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Join call' }));
  await page.keyboard.press('Enter');

  // In the call: the focus is on the call's heading, and media flows both ways.
  await expect(page.getByRole('heading', { name: 'Keyboard room' })).toBeFocused();
  await expectMediaFlowing(ana, 1);
  await expectMediaFlowing(ben, 1);

  // Space toggles the microphone; the other side sees it.
  const microphone = page.getByRole('button', { name: 'Microphone' });
  await tabTo(page, microphone);
  await page.keyboard.press('Space');
  await expect(microphone).toHaveAttribute('aria-pressed', 'false');
  await expect(tileOf(ben, 'Ana').getByTestId('muted')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(microphone).toHaveAttribute('aria-pressed', 'true');

  // A tile's own controls are reachable too: pin Ben, then unpin.
  const pin = tileOf(ana, 'Ben').getByRole('button', { name: 'Pin Ben' });
  await page.keyboard.press('Shift+Tab');
  await tabTo(page, pin, 40);
  await page.keyboard.press('Enter');
  await expect(tileOf(ana, 'Ben').getByRole('button', { name: 'Unpin Ben' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // Chat opens with the focus in the message box; Enter sends; Escape closes and
  // gives the focus back to the Chat button.
  const chat = page.getByRole('button', { name: 'Chat' });
  await tabTo(page, chat, 40);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await page.keyboard.type('typed, not clicked');
  await page.keyboard.press('Enter');
  await expect(ben.page.getByTestId('unread-badge')).toContainText('1');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
  await expect(chat).toBeFocused();

  // The devices dialog traps the focus and Escape closes it.
  await tabTo(page, page.getByRole('button', { name: 'Devices' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Devices' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Out of the call, and back to the lobby.
  await tabTo(page, page.getByRole('button', { name: 'Leave call' }));
  await page.keyboard.press('Enter');
  await expect(tileOf(ben, 'Ana')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Keyboard room' })).toBeFocused();
  await tabTo(page, page.getByRole('link', { name: 'Back to the lobby' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  await expect(page).toHaveURL(app.url.endsWith('/') ? app.url : `${app.url}/`);
});
