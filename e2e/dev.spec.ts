import { test, expect } from './fixtures.ts';
import { startDevServer } from './support/appServer.ts';
import type { AppServer } from './support/appServer.ts';
import { LEAVE_DEADLINE_MS, expectMediaFlowing, joinCall, tileOf } from './support/participant.ts';

let dev: AppServer;
test.beforeAll(async () => {
  dev = await startDevServer();
});
test.afterAll(async () => {
  await dev.stop();
});

test('the two-party call works against `vite dev` (UI and signaling on one origin)', async ({
  participant,
}) => {
  const alice = await participant('Alice');
  const bob = await participant('Bob');
  await joinCall(alice, dev.url, 'dev room');
  await joinCall(bob, dev.url, 'dev room');
  await expect(tileOf(alice, 'Bob')).toBeVisible();
  await expect(tileOf(bob, 'Alice')).toBeVisible();
  await expectMediaFlowing(alice, 1);
  await expectMediaFlowing(bob, 1);
  await bob.page.getByRole('button', { name: 'Leave call' }).click();
  // The product's leave deadline (LEAVE_DEADLINE_MS).
  await expect(tileOf(alice, 'Bob')).toHaveCount(0, { timeout: LEAVE_DEADLINE_MS });
});
