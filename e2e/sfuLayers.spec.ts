/**
 * Simulcast in SFU rooms: each camera goes up in layers, and the server forwards each receiver
 * the layer its tile needs, small in a grid and full size once pinned (or alone).
 */
import { test, expect } from './sfuFixtures.ts';
import { joinCall, tileOf } from './support/participant.ts';
import { PALETTE, useColourCamera } from './support/colourCamera.ts';
import { expectSfuMediaFlowing, sfuStats } from './support/sfu.ts';
import { peerIdOf } from './support/controls.ts';

test.use({ sfuEnv: { MESH_MAX: '0' } });

test('the camera goes up in simulcast layers; a grid tile gets a small one and a pinned tile the full size', async ({
  app,
  participant,
}) => {
  test.setTimeout(150_000);
  const people = [];
  for (const [i, name] of ['Ann', 'Ben', 'Cat'].entries()) {
    const person = await participant(name);
    await useColourCamera(person.context, PALETTE[i] ?? [0, 0, 0], {
      width: 960,
      height: 540,
      fps: 15,
    });
    await joinCall(person, app.url, 'layers');
    people.push(person);
  }
  const [ann, ben] = people;
  if (!ann || !ben) throw new Error('three people expected');
  await expectSfuMediaFlowing(ann, 2, 60_000);

  // One camera upstream, in more than one layer.
  for (const person of people) {
    await expect
      .poll(async () => (await sfuStats(person.page)).cameraLayers.length, {
        message: `${person.name}: simulcast layers sent`,
        timeout: 20_000,
      })
      .toBeGreaterThan(1);
  }

  const ids = { Ben: await peerIdOf(ann, 'Ben'), Cat: await peerIdOf(ann, 'Cat') };
  const widthFrom = async (name: keyof typeof ids) => {
    const { received } = await sfuStats(ann.page);
    return received.find((r) => r.peerId === ids[name])?.frameWidth ?? 0;
  };
  // Two tiles in a grid: both come small.
  await expect.poll(() => widthFrom('Ben'), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => widthFrom('Ben'), { timeout: 20_000 }).toBeLessThan(960);
  const gridWidth = await widthFrom('Ben');

  await tileOf(ann, 'Ben').hover();
  await tileOf(ann, 'Ben').getByRole('button', { name: 'Pin Ben' }).click();
  await expect
    .poll(() => widthFrom('Ben'), { timeout: 20_000, message: 'Ben pinned: full size' })
    .toBeGreaterThan(gridWidth);
  expect(await widthFrom('Cat')).toBeLessThanOrEqual(gridWidth);

  await tileOf(ann, 'Ben').getByRole('button', { name: 'Unpin Ben' }).click();
  await expect
    .poll(() => widthFrom('Ben'), { timeout: 20_000, message: 'Ben back in the grid: small' })
    .toBe(gridWidth);
});
