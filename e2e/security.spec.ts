import { test, expect } from './fixtures.ts';
import type { Participant } from './support/participant.ts';
import { expectMediaFlowing, goToRoom, joinCall, tileOf } from './support/participant.ts';
import { colourPerson } from './support/colourCamera.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** Records CSP violations and dialogs: neither may happen. */
async function watchForTrouble(p: Participant) {
  const dialogs: string[] = [];
  p.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await p.page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return {
    dialogs,
    violations: () =>
      p.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

test('a password-protected room, a display name carrying markup shown as text, and the CSP', async ({
  app,
  participant,
}) => {
  const mallory = await colourPerson(participant, HOSTILE, 0);
  const bob = await colourPerson(participant, 'Bob', 1);
  const troubles = [await watchForTrouble(mallory), await watchForTrouble(bob)];

  const page = await mallory.page.goto(app.url);
  const csp = page?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');

  // The first one in sets the password.
  await goToRoom(mallory, app.url, 'locked');
  await mallory.page.getByRole('button', { name: 'Set a room password' }).click();
  await mallory.page.getByLabel('Room password').fill('open sesame');
  await mallory.page.getByRole('button', { name: 'Join call' }).click();
  await expect(mallory.page.getByRole('button', { name: 'Leave call' })).toBeVisible();

  // The next one is asked for it, told when it is wrong, and let in when it is right.
  await goToRoom(bob, app.url, 'locked');
  await bob.page.getByRole('button', { name: 'Join call' }).click();
  await expect(bob.page.getByRole('alert')).toContainText('protected by a password');
  const field = bob.page.getByLabel('Room password');
  await expect(field).toBeVisible();
  await field.fill('open sesam');
  await bob.page.getByRole('button', { name: 'Join call' }).click();
  await expect(bob.page.getByRole('alert')).toContainText('protected by a password');
  await expect(bob.page.getByRole('button', { name: 'Leave call' })).toHaveCount(0);
  await field.fill('open sesame');
  await bob.page.getByRole('button', { name: 'Join call' }).click();
  await expect(bob.page.getByRole('button', { name: 'Leave call' })).toBeVisible();

  // The markup is text in the tile and in the participants area, and runs nothing.
  const tile = tileOf(bob, HOSTILE);
  await expect(tile).toBeVisible();
  await expect(tile.locator('figcaption')).toContainText(HOSTILE);
  await expect(tile.locator('img')).toHaveCount(0);
  const participants = bob.page.getByRole('region', { name: 'Participants' });
  await expect(participants).toContainText(HOSTILE);
  await expect(participants.locator('img')).toHaveCount(0);
  await expect(mallory.page.getByTestId('self-view')).toContainText(HOSTILE);
  await expect(
    mallory.page.getByRole('region', { name: 'Participants' }).locator('img'),
  ).toHaveCount(0);
  await expectMediaFlowing(bob, 1);

  for (const t of troubles) {
    expect(t.dialogs).toEqual([]);
    expect(await t.violations()).toEqual([]);
  }
});

test('SIGTERM during a call ends the server within 5 s and the people see it reconnecting', async ({
  app,
  participant,
}) => {
  const alice = await colourPerson(participant, 'Alice', 0);
  const bob = await colourPerson(participant, 'Bob', 1);
  await joinCall(alice, app.url, 'shutdown');
  await joinCall(bob, app.url, 'shutdown');
  await expectMediaFlowing(alice, 1);

  const exited = new Promise<number | null>((resolve) =>
    app.process.once('exit', (code) => resolve(code)),
  );
  const started = Date.now();
  app.process.kill('SIGTERM');
  const code = await exited;
  const tookMs = Date.now() - started;
  console.info(`SIGTERM to exit: ${tookMs} ms`);
  expect(code).toBe(0);
  // The shutdown deadline operators rely on (docs/operations.md); tens of ms here.
  expect(tookMs).toBeLessThan(5000);
  expect(app.output.join('\n')).toContain('shutting down');

  for (const p of [alice, bob]) {
    await expect(
      p.page.getByRole('status').filter({ hasText: 'Reconnecting to server' }),
    ).toBeVisible();
    await expect(p.page.getByRole('button', { name: 'Leave call' })).toBeVisible();
    await expect(p.page.getByRole('alert')).toHaveCount(0);
  }
});
