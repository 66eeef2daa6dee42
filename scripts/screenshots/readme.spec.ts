import { test, expect } from '../../e2e/fixtures.ts';
import { expectMediaFlowing, goToRoom, joinCall, tileOf } from '../../e2e/support/participant.ts';

const out = (name: string) =>
  new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname;
const viewport = { width: 1280, height: 800 };

test('README screenshots: lobby, pre-join and a 3-person call', async ({ app, participant }) => {
  test.setTimeout(120_000);
  const ana = await participant('Ana', { viewport });
  const ben = await participant('Ben', { viewport });
  const chloe = await participant('Chloé', { viewport });

  await ana.page.goto(app.url);
  await ana.page.getByRole('textbox', { name: 'Your name' }).fill('Ana');
  await ana.page.getByRole('textbox', { name: 'Room name' }).fill('Design review');
  await ana.page.screenshot({ path: out('lobby') });

  await goToRoom(ben, app.url, 'Design review');
  await expect(ben.page.locator('video')).toBeVisible();
  await ben.page.screenshot({ path: out('pre-join') });

  await joinCall(ana, app.url, 'Design review');
  await ben.page.getByRole('button', { name: 'Join call' }).click();
  await joinCall(chloe, app.url, 'Design review');
  await expect(tileOf(ana, 'Ben')).toBeVisible();
  await expect(tileOf(ana, 'Chloé')).toBeVisible();
  await expectMediaFlowing(ana, 2);
  await ana.page.screenshot({ path: out('call') });
});
