import { test, expect } from './fixtures.ts';
import {
  expectMediaFlowing,
  inParallel,
  joinCall,
  joinInTurn,
  tileOf,
} from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import {
  expectFramesRisingFor,
  remoteUfrags,
  restartServerMidCall,
  serverStatus,
  sessionPeerIds,
} from './support/resilience.ts';
import { mediaStats } from './support/stats.ts';
import { PALETTE, colourPerson, useColourCamera } from './support/colourCamera.ts';

const tiles = (p: Participant) => p.page.locator('[data-testid="tile"]');

test.describe('the signaling server dies mid-call', () => {
  const env = { RESUME_SECRET: 'resilience-test-secret-0123456789' };
  test.use({ serverEnv: env });

  test(
    'media flows throughout a 20 s outage; both resume with the same PeerIds and renegotiate',
    { tag: '@firefox' },
    async ({ app, participant }) => {
      test.setTimeout(150_000);
      // About signaling: small colour cameras from the Chromium people (colourCamera.ts).
      const alice = await colourPerson(participant, 'Alice', 0);
      const bob = await colourPerson(participant, 'Bob', 1);
      await joinInTurn([alice, bob], app.url, 'outage');
      await inParallel([alice, bob].map((p) => expectMediaFlowing(p, 1)));
      const aliceSees = await sessionPeerIds(alice.page);
      const bobSees = await sessionPeerIds(bob.page);
      expect(aliceSees).toHaveLength(1);
      expect(bobSees).toHaveLength(1);

      await restartServerMidCall(app, env, {
        watching: [alice, bob],
        whileDown: async () => {
          // Down for 20 s: frames keep rising on both sides, the call view stays.
          const rounds = await expectFramesRisingFor(
            [alice, bob],
            20_000,
            'frames during the outage',
          );
          expect(rounds).toBeGreaterThan(3);
          await expect(alice.page.getByRole('button', { name: 'Leave call' })).toBeVisible();
          await expect(tileOf(alice, 'Bob')).toHaveCount(1);
          await expect(tileOf(bob, 'Alice')).toHaveCount(1);
        },
        whileUp: async (restarted) => {
          const back = Date.now();
          await expect(serverStatus(alice)).toBeHidden({ timeout: 10_000 });
          await expect(serverStatus(bob)).toBeHidden({
            timeout: Math.max(1, 10_000 - (Date.now() - back)),
          });

          // Same PeerIds, the same single tile each, connections kept.
          expect(await sessionPeerIds(alice.page)).toEqual(aliceSees);
          expect(await sessionPeerIds(bob.page)).toEqual(bobSees);
          await expect(tiles(alice)).toHaveCount(1);
          await expect(tiles(bob)).toHaveCount(1);
          await expect(tileOf(alice, 'Bob')).toHaveAttribute('data-peer-id', aliceSees[0] ?? '');
          await expect(tileOf(bob, 'Alice')).toHaveAttribute('data-peer-id', bobSees[0] ?? '');

          // A renegotiation through the restarted server: Alice (the polite side) restarts ICE,
          // which is a full offer/answer round; both ends end up with the new credentials.
          const [aliceUfragBefore] = await remoteUfrags(alice.page);
          const [bobUfragBefore] = await remoteUfrags(bob.page);
          await alice.page.evaluate(() => window.__roomCall?.sessions()[0]?.pc.restartIce());
          await expect
            .poll(async () => (await remoteUfrags(alice.page))[0], { message: 'answer applied' })
            .not.toBe(aliceUfragBefore);
          await expect
            .poll(async () => (await remoteUfrags(bob.page))[0], { message: 'offer applied' })
            .not.toBe(bobUfragBefore);
          await inParallel([alice, bob].map((p) => expectMediaFlowing(p, 1)));
          const [aliceStats] = await mediaStats(alice.page);
          expect(aliceStats?.connectionState).toBe('connected');

          // Both are members again: someone new meets both of them.
          const carol = await colourPerson(participant, 'Carol', 2);
          await joinCall(carol, restarted.url, 'outage');
          await expect(tileOf(carol, 'Alice')).toBeVisible();
          await expect(tileOf(carol, 'Bob')).toBeVisible();
          await expect(tiles(alice)).toHaveCount(2);
          await expect(tiles(bob)).toHaveCount(2);
        },
      });
    },
  );
});

// The tests below are about signaling and membership too: small colour cameras carry their
// media, which getStats() still proves flowing.
test('a brief socket drop recovers with the same connection, no duplicate and no error', async ({
  app,
  participant,
}) => {
  const alice = await colourPerson(participant, 'Alice', 0);
  const bob = await colourPerson(participant, 'Bob', 1);
  await joinCall(alice, app.url, 'blip');
  await joinCall(bob, app.url, 'blip');
  await expectMediaFlowing(alice, 1);
  const aliceSees = await sessionPeerIds(alice.page);
  await alice.page.evaluate(() => {
    (window as unknown as { __pcBefore?: unknown }).__pcBefore =
      window.__roomCall?.sessions()[0]?.pc;
  });

  await bob.page.evaluate(() => window.__roomCall?.dropSignaling());

  // Bob is back on the server (its status goes away) and nobody noticed anything else.
  await expect(serverStatus(bob)).toBeHidden();
  await expect(tiles(alice)).toHaveCount(1);
  await expect(tiles(bob)).toHaveCount(1);
  expect(await sessionPeerIds(alice.page)).toEqual(aliceSees);
  expect(
    await alice.page.evaluate(
      () =>
        (window as unknown as { __pcBefore?: unknown }).__pcBefore ===
        window.__roomCall?.sessions()[0]?.pc,
    ),
  ).toBe(true);
  await expect(alice.page.getByRole('alert')).toHaveCount(0);
  await expect(bob.page.getByRole('alert')).toHaveCount(0);
  await expectMediaFlowing(alice, 1);
  await expectMediaFlowing(bob, 1);

  // Still a member on the server under the same PeerId: Bob's renegotiation reaches Alice.
  const [ufragBefore] = await remoteUfrags(alice.page);
  await bob.page.evaluate(() => window.__roomCall?.sessions()[0]?.pc.restartIce());
  await expect.poll(async () => (await remoteUfrags(alice.page))[0]).not.toBe(ufragBefore);
  await expect
    .poll(async () => (await mediaStats(alice.page))[0]?.connectionState)
    .toBe('connected');
  expect(app.output.join('\n')).not.toContain('"level":50');
});

test('closing a page removes its tile elsewhere within 2 s', async ({ app, participant }) => {
  const alice = await colourPerson(participant, 'Alice', 0);
  const bob = await colourPerson(participant, 'Bob', 1);
  await joinCall(alice, app.url, 'closing');
  await joinCall(bob, app.url, 'closing');
  await expect(tileOf(alice, 'Bob')).toBeVisible();
  await expectMediaFlowing(alice, 1);

  await bob.page.close();
  await expect(tileOf(alice, 'Bob')).toHaveCount(0, { timeout: 2000 });
  expect(await mediaStats(alice.page)).toEqual([]);
});

test('a participant whose browser process is killed is removed after the grace period', async ({
  app,
  participant,
  playwright,
  launchOptions,
}) => {
  test.setTimeout(90_000);
  const GRACE_MS = 10_000; // the documented default (docs/resilience.md)
  const alice = await colourPerson(participant, 'Alice', 0);
  await joinCall(alice, app.url, 'vanish');

  const server = await playwright.chromium.launchServer(launchOptions);
  try {
    const browser = await playwright.chromium.connect(server.wsEndpoint());
    const context = await browser.newContext({ locale: 'en-US' });
    await useColourCamera(context, PALETTE[1] ?? [0, 0, 0]);
    const dave: Participant = {
      name: 'Dave',
      engine: 'chromium',
      context,
      page: await context.newPage(),
      errors: [],
    };
    await joinCall(dave, app.url, 'vanish');
    await expect(tileOf(alice, 'Dave')).toBeVisible();
    await expectMediaFlowing(alice, 1);

    const killedAt = Date.now();
    server.process().kill('SIGKILL');
    // Dave may come back within the grace period, so his tile stays until it ends...
    await expect(tileOf(alice, 'Dave')).toHaveCount(0, { timeout: GRACE_MS + 3000 });
    const gone = Date.now() - killedAt;
    // ...and not longer than the grace period (plus the time to notice the dead socket).
    expect(gone).toBeGreaterThan(GRACE_MS - 1000);
    expect(gone).toBeLessThan(GRACE_MS + 3000);
    expect(await mediaStats(alice.page)).toEqual([]);
  } finally {
    await server.close();
  }
});
