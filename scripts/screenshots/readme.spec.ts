import { test, expect } from '../../e2e/fixtures.ts';
import { expectMediaFlowing, goToRoom, joinCall, tileOf } from '../../e2e/support/participant.ts';

const out = (name: string) =>
  new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname;
const viewport = { width: 1280, height: 800 };
// The default look; the phone picture shows the light theme and the Korean interface.
const colorScheme = 'dark';

test('README screenshots: lobby, pre-join, a 3-person call, and the call on a phone in Korean', async ({
  app,
  participant,
}) => {
  test.setTimeout(120_000);
  const ana = await participant('Ana', { viewport, colorScheme });
  const ben = await participant('Ben', { viewport, colorScheme });
  const chloe = await participant('Chloé', { viewport, colorScheme });

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
  // No hover effects or join toasts in the picture.
  await ana.page.mouse.move(640, 0);
  await expect(ana.page.getByRole('list', { name: 'Announcements' })).toBeEmpty({
    timeout: 15_000,
  });
  await ana.page.screenshot({ path: out('call') });

  const minji = await participant('민지', {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    colorScheme: 'light',
    locale: 'ko-KR',
  });
  await minji.page.goto(app.url);
  await minji.page.getByRole('textbox', { name: '내 이름' }).fill('민지');
  await minji.page.getByRole('textbox', { name: '방 이름' }).fill('Design review');
  await minji.page.getByRole('button', { name: '입장', exact: true }).click();
  await minji.page.getByRole('button', { name: '통화 참여' }).click();
  await expectMediaFlowing(minji, 3);
  await expect(minji.page.getByRole('list', { name: '알림' })).toBeEmpty({ timeout: 15_000 });
  await minji.page.screenshot({ path: out('call-phone-ko') });
});
