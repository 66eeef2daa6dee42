/**
 * What code splitting must not change: the right language from the first
 * paint, pre-join straight away on a room's URL, and a way out when the room's
 * code cannot be fetched.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

declare global {
  interface Window {
    __textsSeen?: string[];
  }
}

/** Records every text the page ever puts in the DOM, from before its first render. */
async function recordTexts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    window.__textsSeen = seen;
    new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) seen.push(node.textContent ?? '');
    }).observe(document, { childList: true, subtree: true });
  });
}
const textsSeen = (page: Page) => page.evaluate(() => window.__textsSeen?.join('\n') ?? '');

test('a Korean browser sees Korean from the first paint, and the language chosen is remembered', async ({
  app,
  participant,
}) => {
  const { page } = await participant('민지', { locale: 'ko-KR' });
  await recordTexts(page);
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: '방 이름으로 만나세요' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
  expect(await textsSeen(page)).not.toContain('Meet by room name');

  await page.getByRole('combobox', { name: '언어' }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Meet by room name' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Meet by room name' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await expect(page.getByRole('heading', { name: '방 이름으로 만나세요' })).toBeVisible();
  await page.goto(`${app.url}/r/${encodeURIComponent('스탠드업')}`);
  await expect(page.getByRole('button', { name: '통화 참여' })).toBeVisible();
});

test("a room's URL opened directly shows pre-join at once, with no loading step", async ({
  app,
  participant,
}) => {
  const { page } = await participant('Ana');
  await recordTexts(page);
  await page.goto(`${app.url}/r/direct`);
  await expect(page.getByRole('button', { name: 'Join call' })).toBeVisible();
  expect(await textsSeen(page)).not.toContain('Opening the room');

  // Back to the lobby and into another room: the room's code is already here.
  await page.getByRole('link', { name: 'room-call' }).click();
  await page.getByRole('textbox', { name: 'Your name' }).fill('Ana');
  await page.getByRole('textbox', { name: 'Room name' }).fill('second');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page).toHaveURL(/\/r\/second$/);
  await expect(page.getByRole('button', { name: 'Join call' })).toBeVisible();
  expect(await textsSeen(page)).not.toContain('Opening the room');
});

test("the lobby fetches the room's code once idle, so pre-join needs nothing more; the call's code and the signaling connection follow", async ({
  app,
  participant,
}) => {
  const { page } = await participant('Ana');
  const room = page.waitForRequest(/\/assets\/room-[^/]+\.js$/);
  await page.goto(app.url);
  await room;
  const fetchedAfter: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') fetchedAfter.push(new URL(r.url()).pathname);
  });
  const call = page.waitForRequest(/\/assets\/call-[^/]+\.js$/);
  await page.getByRole('textbox', { name: 'Your name' }).fill('Ana');
  await page.getByRole('textbox', { name: 'Room name' }).fill('prefetched');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Join call' })).toBeVisible();
  // Pre-join itself fetched nothing; the call's code (signaling, WebRTC, call views) is
  // fetched while it shows, and nothing else.
  await call;
  expect(fetchedAfter).toEqual([expect.stringMatching(/^\/assets\/call-[^/]+\.js$/)]);
  // The signaling connection opens while pre-join shows, so that Join call sends the join at
  // once; no one has clicked it.
  await expect
    .poll(() => page.evaluate(() => window.__roomCall?.signalingState()))
    .toBe('connected');
  await expect(page.getByRole('button', { name: 'Join call' })).toBeVisible();
});

test("if the room's code cannot be fetched, the page says so and offers a reload", async ({
  app,
  participant,
}) => {
  const { page } = await participant('Ana');
  await page.route(/\/assets\/room-[^/]+\.js$/, (route) => route.abort());
  await page.goto(app.url);
  await page.getByRole('textbox', { name: 'Your name' }).fill('Ana');
  await page.getByRole('textbox', { name: 'Room name' }).fill('offline');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('The room could not be loaded');

  await page.unroute(/\/assets\/room-[^/]+\.js$/);
  await page.getByRole('link', { name: 'Reload the page' }).click();
  await expect(page.getByRole('button', { name: 'Join call' })).toBeVisible();
});
