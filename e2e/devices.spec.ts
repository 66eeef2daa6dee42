import { test, expect } from './fixtures.ts';
import { expectMediaFlowing, goToRoom, joinCall, tileOf } from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import { framesDecoded } from './support/resilience.ts';
import { mediaStats } from './support/stats.ts';

test('without camera permission: a clear message, and the call can still be joined to receive', async ({
  app,
  participant,
  playwright,
  launchOptions,
}) => {
  const alice = await participant('Alice');
  await joinCall(alice, app.url, 'permissions');

  // A browser that asks the user (nobody answers, so access is refused), as a real one does.
  const browser = await playwright.chromium.launch({
    ...launchOptions,
    args: (launchOptions.args ?? []).filter((a) => a !== '--use-fake-ui-for-media-stream'),
  });
  try {
    const context = await browser.newContext({ locale: 'en-US' });
    const bob: Participant = {
      name: 'Bob',
      engine: 'chromium',
      context,
      page: await context.newPage(),
      errors: [],
    };
    bob.page.on('pageerror', (err) => bob.errors.push(err));
    await goToRoom(bob, app.url, 'permissions');
    await expect(bob.page.getByRole('status')).toContainText(
      'Camera and microphone access is blocked. You can still join',
    );
    await expect(
      bob.page.getByRole('button', { name: 'Try camera and microphone again' }),
    ).toBeVisible();

    await bob.page.getByRole('button', { name: 'Join call' }).click();
    await expect(bob.page.getByRole('button', { name: 'Leave call' })).toBeVisible();
    await expect(bob.page.getByTestId('self-view')).toContainText('Camera off');
    // Bob receives Alice, with proof from getStats.
    await expect(tileOf(bob, 'Alice')).toBeVisible();
    await expectMediaFlowing(bob, 1);
    // Alice sees that Bob sends no video rather than a black or frozen picture.
    await expect(tileOf(alice, 'Bob')).toContainText('Camera off');
    await expect
      .poll(async () => (await mediaStats(alice.page))[0]?.connectionState)
      .toBe('connected');
    expect(bob.errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('a camera that goes away mid-call shows as off here and for the others', async ({
  app,
  participant,
}) => {
  const alice = await participant('Alice');
  const bob = await participant('Bob');
  await joinCall(alice, app.url, 'unplug');
  await joinCall(bob, app.url, 'unplug');
  await expectMediaFlowing(bob, 1);
  await expect(tileOf(bob, 'Alice')).not.toContainText('Camera off');

  // What the browser does when the device is unplugged: the track ends on its own.
  await alice.page.evaluate(() => {
    const track = window.__roomCall?.local().getVideoTracks()[0];
    track?.dispatchEvent(new Event('ended'));
  });

  await expect(alice.page.getByTestId('self-view')).toContainText('Camera off');
  await expect(tileOf(bob, 'Alice')).toContainText('Camera off');
  // No more video from Alice (no frozen frame being refreshed), while her audio goes on.
  const audioBytes = async () => (await mediaStats(bob.page))[0]?.audioBytesReceived ?? 0;
  await expect
    .poll(
      async () => {
        const frames = await framesDecoded(bob);
        const audio = await audioBytes();
        await expect.poll(audioBytes).toBeGreaterThan(audio + 1000);
        return (await framesDecoded(bob)) - frames;
      },
      { timeout: 15_000, message: 'video from Alice stopped, audio still flowing' },
    )
    .toBe(0);
});

test('leaving the pre-join view while the camera is still starting turns it off when it arrives', async ({
  app,
  participant,
}) => {
  const ana = await participant('Ana');
  // getUserMedia answers only when the test says so; every stream it gave is kept for inspection.
  await ana.page.addInitScript(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    const given: MediaStream[] = [];
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    Object.assign(window, { __givenStreams: given, __openMedia: () => open() });
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      given.push(stream);
      await gate;
      return stream;
    };
  });
  await goToRoom(ana, app.url, 'Changed my mind');
  await expect(ana.page.getByText('Starting camera…')).toBeVisible();
  await ana.page.getByRole('link', { name: 'Back to the lobby' }).click();
  await expect(ana.page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();

  await ana.page.evaluate(() => (window as unknown as { __openMedia: () => void }).__openMedia());
  const liveTracks = () =>
    ana.page.evaluate(
      () =>
        (window as unknown as { __givenStreams: MediaStream[] }).__givenStreams
          .flatMap((s) => s.getTracks())
          .filter((t) => t.readyState === 'live').length,
    );
  await expect
    .poll(
      async () =>
        await ana.page.evaluate(
          () => (window as unknown as { __givenStreams: MediaStream[] }).__givenStreams.length,
        ),
    )
    .toBeGreaterThan(0);
  await expect.poll(liveTracks).toBe(0);

  // Coming back opens the camera again, and it stays on.
  await ana.page.goBack();
  await expect(ana.page.locator('video')).toBeVisible();
  await expect.poll(liveTracks).toBeGreaterThan(0);
});
