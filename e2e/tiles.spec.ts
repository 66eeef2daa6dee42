import { test, expect } from './fixtures.ts';
import { expectMediaFlowing, tileOf } from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import { inColourCall } from './support/colourCamera.ts';

test('a remote tile goes full screen and Picture-in-Picture and comes back, media still flowing', async ({
  app,
  participant,
}) => {
  const [ana] = (await inColourCall(participant, app.url, 'Tile tools', ['Ana', 'Ben'])) as [
    Participant,
    Participant,
  ];
  const page = ana.page;
  const tile = tileOf(ana, 'Ben');

  // Hovering the tile brings up its own buttons, not the quality badge's explanation;
  // hovering the badge does.
  const pin = tile.getByRole('button', { name: 'Pin Ben' });
  const explanation = tile.getByRole('tooltip');
  await page.mouse.move(0, 0);
  await expect(pin.locator('..')).toHaveCSS('opacity', '0');
  await tile.locator('figcaption').hover();
  await expect(pin.locator('..')).toHaveCSS('opacity', '1');
  await expect(explanation).toBeHidden();
  await tile.getByRole('img', { name: 'Connection quality' }).hover();
  await expect(explanation).toBeVisible();

  const fullScreen = tile.getByRole('button', { name: 'Full screen: Ben' });
  await fullScreen.click();
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('data-peer-name')))
    .toBe('Ben');
  const viewport = page.viewportSize();
  const box = await tile.boundingBox();
  expect(box?.width).toBe(viewport?.width);
  await fullScreen.click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

  const float = tile.getByRole('button', { name: 'Picture-in-picture: Ben' });
  await expect(float).toHaveAttribute('aria-pressed', 'false');
  await float.click();
  await expect
    .poll(() =>
      page.evaluate(() => document.pictureInPictureElement?.closest('figure')?.dataset.peerName),
    )
    .toBe('Ben');
  await expect(float).toHaveAttribute('aria-pressed', 'true');
  await expectMediaFlowing(ana, 1);
  await float.click();
  await expect.poll(() => page.evaluate(() => document.pictureInPictureElement)).toBeNull();
  await expect(float).toHaveAttribute('aria-pressed', 'false');
});

test('mute changes are announced: to the others by name, and to the person who muted', async ({
  app,
  participant,
}) => {
  const [ana, ben] = (await inColourCall(participant, app.url, 'Announcements', [
    'Ana',
    'Ben',
  ])) as [Participant, Participant];
  const anaHears = ana.page.getByRole('list', { name: 'Announcements' });
  const benHears = ben.page.getByRole('list', { name: 'Announcements' });
  await expect(anaHears).toHaveAttribute('aria-live', 'polite');

  await ana.page.keyboard.press('m');
  await expect(anaHears).toContainText('Your microphone is off');
  await expect(benHears).toContainText('Ana turned their microphone off');
  await ana.page.keyboard.press('m');
  await expect(anaHears).toContainText('Your microphone is on');
  await expect(benHears).toContainText('Ana turned their microphone on');
  // Ana's own changes are read out, not shown: the button already shows them.
  await expect(anaHears.getByText('Your microphone is on')).toHaveClass(/sr-only/);
  await ana.page.keyboard.press('v');
  await expect(anaHears).toContainText('Your camera is off');
  await expect(tileOf(ben, 'Ana').getByTestId('camera-off')).toBeVisible();
});
