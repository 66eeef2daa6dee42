import { test, expect } from './fixtures.ts';
import { offersSent, fromPeer, expectRising, peerIdOf } from './support/controls.ts';
import {
  decodedRate,
  edgeEnergy,
  localDescriptions,
  openDevices,
  sentTracks,
} from './support/effects.ts';
import { goToRoom, tileOf } from './support/participant.ts';

/*
 * "The call keeps >= 15 fps": Chromium's test camera delivers 15 frames a second, so 15 is all
 * there is to keep. Measured as frames decoded on Bob's side per second of getStats() time over
 * 4 s windows, a sender that keeps every frame reads 14-15 (a window boundary falls between
 * frames), so with blur the decoded rate must stay within 10 % of the camera's 15 fps and of
 * the rate without blur (up to those 15), measured the same way in the same call. Firefox's test
 * camera runs at 15 too (`media.navigator.video.default_fps`, e2e/support/browsers.ts).
 */
const CAMERA_FPS = 15;

test(
  'background blur reaches the other side at the camera rate, and off restores the raw picture, without renegotiating',
  { tag: '@firefox' },
  async ({ inCall }) => {
    const [alice, bob] = await inCall('effects blur', 'Alice', 'Bob');
    if (!alice || !bob) throw new Error('two people expected');
    const aliceId = await peerIdOf(bob, 'Alice');
    const aliceVideo = tileOf(bob, 'Alice').locator('video');
    const sdp = await localDescriptions(alice.page);
    const offers = [await offersSent(alice.page), await offersSent(bob.page)];
    const cameraTrack = (await sentTracks(alice.page)).find((t) => t.kind === 'video');
    expect(cameraTrack?.device).toBe(true);

    const rawEdges = await edgeEnergy(aliceVideo);
    expect(rawEdges).toBeGreaterThan(0);
    const rawRate = await decodedRate(bob.page, aliceId);

    await openDevices(alice);
    const blur = alice.page.getByRole('button', { name: 'Background blur' });
    await expect(blur).toHaveAttribute('aria-pressed', 'false');
    await blur.click();
    await expect(blur).toHaveAttribute('aria-pressed', 'true');
    // What Alice sends is the processed track (a canvas capture, no camera's device group).
    await expect
      .poll(async () => (await sentTracks(alice.page)).find((t) => t.kind === 'video')?.device)
      .toBe(false);
    await expect
      .poll(() => edgeEnergy(aliceVideo), { timeout: 20_000, message: 'blurred picture at Bob' })
      .toBeLessThan(rawEdges * 0.5);
    // The best of up to four windows: on a busy 2-core machine one window can fall short (two
    // Chromiums, their encoders and the segmentation share the cores), while blur that cannot keep
    // up falls short in every one.
    const blurRates: number[] = [];
    const wanted = Math.min(rawRate, CAMERA_FPS) * 0.9;
    // Until a window meets both bounds below (the camera's is the higher one).
    const enough = Math.max(wanted, CAMERA_FPS * 0.9);
    // Alice's own count of blurred frames in the last second, after each window.
    const outputs: string[] = [];
    for (let i = 0; i < 4 && Math.max(0, ...blurRates) < enough; i++) {
      blurRates.push(await decodedRate(bob.page, aliceId));
      outputs.push(
        await alice.page.evaluate(() => {
          const rates = window.__roomCall?.blurRates();
          return rates ? `${rates.output} (${rates.masks} masks)` : 'off';
        }),
      );
    }
    const blurRate = Math.max(...blurRates);
    const seen = `without blur ${rawRate.toFixed(1)}, with blur ${blurRates.map((r) => r.toFixed(1)).join(', ')}; blurred at Alice ${outputs.join(', ')}`;
    test.info().annotations.push({ type: 'decoded fps', description: seen });
    expect(blurRate).toBeGreaterThanOrEqual(CAMERA_FPS * 0.9);
    expect(blurRate).toBeGreaterThanOrEqual(wanted);
    // Still on: the machine kept up (it turns blur off when it does not).
    await expect(blur, `blur still on (${seen})`).toHaveAttribute('aria-pressed', 'true');

    await blur.click();
    await expect(blur).toHaveAttribute('aria-pressed', 'false');
    await expect
      .poll(async () => (await sentTracks(alice.page)).find((t) => t.kind === 'video')?.id)
      .toBe(cameraTrack?.id);
    await expect
      .poll(() => edgeEnergy(aliceVideo), { timeout: 20_000, message: 'raw picture again at Bob' })
      .toBeGreaterThan(rawEdges * 0.8);

    // replaceTrack only: no offer either way, and Alice's description is the one from the start.
    expect([await offersSent(alice.page), await offersSent(bob.page)]).toEqual(offers);
    expect(await localDescriptions(alice.page)).toEqual(sdp);
  },
);

test('noise suppression: the browser setting follows the toggle, strong sends the processed track, and audio keeps flowing', async ({
  inCall,
}) => {
  const [alice, bob] = await inCall('effects noise', 'Alice', 'Bob');
  if (!alice || !bob) throw new Error('two people expected');
  const aliceId = await peerIdOf(bob, 'Alice');
  const offers = await offersSent(alice.page);
  const sentAudio = async () => (await sentTracks(alice.page)).find((t) => t.kind === 'audio');
  // Energy, not bytes: a track of silence (a suspended audio graph) still sends packets.
  const audioEnergy = async () => {
    const { audio } = await fromPeer(bob, aliceId);
    return { value: audio.totalAudioEnergy, clock: audio.packetsReceived };
  };
  const microphone = await sentAudio();
  expect(microphone?.noiseSuppression).toBe(true);

  await openDevices(alice);
  const noise = alice.page.getByRole('button', { name: 'Noise suppression' });
  await expect(noise).toHaveAttribute('aria-pressed', 'true');
  await noise.click();
  await expect(noise).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await sentAudio())?.noiseSuppression).toBe(false);
  await expectRising(audioEnergy, 'audio from Alice without noise suppression');

  await noise.click();
  await expect.poll(async () => (await sentAudio())?.noiseSuppression).toBe(true);
  // Chromium cannot change it on a live track, so the microphone may have been opened anew.
  const suppressed = await sentAudio();
  expect(suppressed?.device).toBe(true);
  await alice.page.getByRole('checkbox', { name: /^Strong/ }).check();
  // RNNoise's output is a track of its own (an audio graph's, no device group).
  await expect.poll(async () => (await sentAudio())?.id).not.toBe(suppressed?.id);
  expect((await sentAudio())?.device).toBe(false);
  await expectRising(audioEnergy, 'audio from Alice with strong noise suppression');

  await alice.page.getByRole('checkbox', { name: /^Strong/ }).uncheck();
  await expect.poll(async () => (await sentAudio())?.id).toBe(suppressed?.id);
  await expectRising(audioEnergy, 'audio from Alice after strong noise suppression');
  expect(await offersSent(alice.page)).toBe(offers);
});

test('the pre-join preview shows the blurred track, and blur is remembered on the next visit', async ({
  app,
  participant,
}) => {
  const alice = await participant('Alice');
  await goToRoom(alice, app.url, 'effects preview');
  const preview = alice.page.getByLabel('Your camera preview');
  const previewTrack = () =>
    preview.evaluate((el) => {
      const track = ((el as HTMLVideoElement).srcObject as MediaStream | null)?.getVideoTracks()[0];
      // A camera's track belongs to a device group; a canvas capture (the blurred one) does not.
      return { id: track?.id ?? '', camera: Boolean(track?.getSettings().groupId) };
    });
  await expect.poll(async () => (await previewTrack()).camera).toBe(true);
  const rawEdges = await edgeEnergy(preview);

  const blur = alice.page.getByRole('button', { name: 'Background blur' });
  await blur.click();
  await expect(blur).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await previewTrack()).camera).toBe(false);
  await expect
    .poll(() => edgeEnergy(preview), { timeout: 20_000, message: 'blurred preview' })
    .toBeLessThan(rawEdges * 0.5);

  await alice.page.reload();
  await expect(alice.page.getByRole('button', { name: 'Background blur' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect.poll(async () => (await previewTrack()).camera, { timeout: 20_000 }).toBe(false);
});

test('a machine that cannot keep up: blur turns itself off and says so', async ({
  app,
  participant,
}) => {
  const alice = await participant('Alice');
  await goToRoom(alice, app.url, 'effects slow');
  const blur = alice.page.getByRole('button', { name: 'Background blur' });
  await blur.click();
  await expect
    .poll(() => alice.page.evaluate(() => window.__roomCall?.blurRates()?.output ?? 0))
    .toBeGreaterThan(0);
  // Keep the page's main thread (where frames are composited) busy 90 % of the time.
  await alice.page.evaluate(() => {
    setInterval(() => {
      const until = performance.now() + 90;
      while (performance.now() < until);
    }, 100);
  });
  await expect(blur).toHaveAttribute('aria-pressed', 'false', { timeout: 20_000 });
  await expect(
    alice.page.getByRole('status').filter({ hasText: 'Background blur is off' }),
  ).toBeVisible();
  // And it is not remembered as on for the next visit.
  expect(await alice.page.evaluate(() => localStorage.getItem('room-call:effects'))).toContain(
    '"blur":false',
  );
});
