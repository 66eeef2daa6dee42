import type { BrowserContextOptions, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { expectMediaFlowing, joinCall, tileOf } from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import { expectTilesFillStage } from './support/layout.ts';
import { PALETTE, useColourCamera } from './support/colourCamera.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const phone: { label: string; options: BrowserContextOptions } = {
  label: 'phone in portrait (390×844, touch)',
  options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};
const desktop: { label: string; options: BrowserContextOptions } = {
  label: 'wide desktop (1440×900)',
  options: { viewport: { width: 1440, height: 900 } },
};

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.document).toBeLessThanOrEqual(widths.viewport);
  expect(widths.body).toBeLessThanOrEqual(widths.viewport);
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not rendered');
  return box;
}

const controlBar = (page: Page) => page.getByRole('navigation', { name: 'Call controls' });
/** A control of the call's control bar. */
const control = (page: Page, name: string) =>
  controlBar(page).getByRole('button', { name, exact: true });

/** A tap on a phone's touch screen, a click elsewhere. */
const press = (phone: boolean, locator: Locator) => (phone ? locator.tap() : locator.click());

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * `viewer`'s own screen, in a call with the two `others`: every control on screen and usable,
 * no horizontal scrolling. `receiver` (one of the others) is sent a chat message.
 */
async function checkScreen(
  viewer: Participant,
  others: [Participant, Participant],
  phone: boolean,
): Promise<void> {
  const [receiver, third] = others;
  await expectTilesFillStage(viewer, 2);
  await expectNoHorizontalScroll(viewer.page);

  const page = viewer.page;
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  const names = [
    'Microphone',
    'Camera',
    'Share screen',
    'Raise hand',
    'Reactions',
    'Chat',
    'Participants',
    'Devices',
  ];
  // Phones have no keyboard: the shortcuts list is left out there.
  if (!phone) names.push('Keyboard shortcuts');
  names.push('Leave call');
  const button = (name: string) => control(page, name);
  const buttons = names.map(button);
  await expect(controlBar(page).getByRole('button')).toHaveCount(names.length);

  // Every control is fully on screen, at least 44 px square, none covering another,
  // and on a phone all of them sit in the bottom fifth, within reach of a thumb.
  const boxes: Box[] = [];
  for (const button of buttons) {
    await expect(button).toBeInViewport({ ratio: 1 });
    const box = await boxOf(button);
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
    for (const other of boxes) expect(overlaps(box, other)).toBe(false);
    if (phone) expect(box.y).toBeGreaterThan(viewport.height * 0.8);
    boxes.push(box);
  }

  // Usable: each one does its job at this size.
  const click = (locator: Locator) => press(phone, locator);
  const [chat, people, devices] = [button('Chat'), button('Participants'), button('Devices')];
  for (const toggle of ['Microphone', 'Camera', 'Share screen', 'Raise hand'].map(button)) {
    const before = await toggle.getAttribute('aria-pressed');
    await click(toggle);
    await expect(toggle).not.toHaveAttribute('aria-pressed', before ?? '');
    await click(toggle);
    await expect(toggle).toHaveAttribute('aria-pressed', before ?? '');
  }
  await expect(tileOf(receiver, viewer.name).getByTestId('muted')).toHaveCount(0);

  await click(chat);
  const message = page.getByRole('textbox', { name: 'Message' });
  await expect(message).toBeInViewport({ ratio: 1 });
  await message.fill(`hello from ${viewer.name}'s screen`);
  await click(page.getByRole('button', { name: 'Send' }));
  await expect(receiver.page.getByTestId('unread-badge')).toContainText('1');
  await expectNoHorizontalScroll(page);
  await click(page.getByRole('button', { name: 'Close panel' }));
  await expect(message).toHaveCount(0);

  await click(people);
  await expect(page.getByTestId('participant')).toHaveCount(3);
  await expect(page.getByTestId('safety-code').first()).toBeInViewport();
  await click(people);
  await expect(page.getByTestId('participant')).toHaveCount(0);

  await click(devices);
  const dialog = page.getByRole('dialog', { name: 'Devices' });
  await expect(dialog.getByRole('combobox', { name: 'Camera device' })).toBeInViewport();
  await click(dialog.getByRole('button', { name: 'Close' }));
  await expect(dialog).toBeHidden();

  // Pinning a tile gives it the stage; the other one stays in view beside it.
  const pin = receiver.name;
  await click(tileOf(viewer, pin).getByRole('button', { name: `Pin ${pin}` }));
  const stage = await boxOf(page.getByRole('region', { name: 'Participants' }));
  const pinned = await boxOf(tileOf(viewer, pin));
  expect(pinned.width * pinned.height).toBeGreaterThan(0.45 * stage.width * stage.height);
  // The moved tiles are new elements: both play again.
  for (const name of [pin, third.name]) {
    await expect
      .poll(() =>
        tileOf(viewer, name)
          .locator('video')
          .evaluate((v: HTMLVideoElement) => !v.paused && v.readyState >= 2 && v.videoWidth > 0),
      )
      .toBe(true);
  }
  await expect(tileOf(viewer, third.name)).toBeInViewport();
  expect(overlaps(pinned, await boxOf(tileOf(viewer, third.name)))).toBe(false);
  await expectNoHorizontalScroll(page);
  await click(tileOf(viewer, pin).getByRole('button', { name: `Unpin ${pin}` }));
  await expectTilesFillStage(viewer, 2);
}

/** Leaves the call from `viewer`'s screen: the pre-join view comes back, still fitting it. */
async function leaveFrom(viewer: Participant, phone: boolean): Promise<void> {
  await press(phone, control(viewer.page, 'Leave call'));
  await expect(viewer.page.getByRole('button', { name: 'Join call' })).toBeInViewport();
  await expectNoHorizontalScroll(viewer.page);
}

test(`${phone.label} and ${desktop.label}, in one 3-person call: every control visible and usable, no horizontal scrolling`, async ({
  app,
  participant,
}) => {
  // Two screens checked in turn, control by control, while three pages keep a call going.
  test.slow();
  const ana = await participant('Ana', phone.options);
  const ben = await participant('Ben', desktop.options);
  const cy = await participant('Cy');
  // Small cameras: this is about the layout, and 720p calls left the pages little CPU here.
  for (const [i, p] of [ana, ben, cy].entries())
    await useColourCamera(p.context, PALETTE[i] ?? [0, 0, 0]);
  for (const p of [ana, ben, cy]) await joinCall(p, app.url, 'Viewport check');
  await expectMediaFlowing(ana, 2);
  await expectMediaFlowing(ben, 2);

  await checkScreen(ana, [ben, cy], true);
  await checkScreen(ben, [ana, cy], false);
  await leaveFrom(ana, true);
  await leaveFrom(ben, false);
});
