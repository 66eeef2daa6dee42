/**
 * A large SFU room on a small screen: the stage pages its tiles, and video of the people on
 * another page is not sent to this person; turning the page brings theirs and stops the rest.
 */
import { test, expect } from './sfuFixtures.ts';
import { enterCall, goToRoom, inParallel } from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import { PALETTE, useColourCamera } from './support/colourCamera.ts';
import { sfuStats } from './support/sfu.ts';

test.use({ sfuEnv: { MESH_MAX: '0', MAX_PEERS: '12' } });

/** The PeerIds of the camera tiles the page shows now. */
const onStage = (p: Participant) =>
  p.page
    .locator('[data-testid="tile"]:visible')
    .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-peer-id') ?? '').sort());

/** Frames decoded from each sender, by PeerId. */
const frames = async (p: Participant): Promise<Record<string, number>> =>
  Object.fromEntries((await sfuStats(p.page)).received.map((r) => [r.peerId, r.framesDecoded]));

/**
 * Waits until every one of `shown` has decoded 10 more frames, and returns how many more each
 * of `others` decoded meanwhile (counted from once the shown ones had started rising).
 */
async function framesWhileShown(p: Participant, shown: string[], others: string[]) {
  const rose = async (from: Record<string, number>) => {
    const now = await frames(p);
    return shown.every((id) => (now[id] ?? 0) >= (from[id] ?? 0) + 10);
  };
  // First the change of page settles (a frame or two may still be under way)...
  const start = await frames(p);
  await expect.poll(() => rose(start), { timeout: 20_000 }).toBe(true);
  // ...then the others must not gain a single frame while the shown ones gain ten.
  const before = await frames(p);
  await expect.poll(() => rose(before), { timeout: 20_000 }).toBe(true);
  const after = await frames(p);
  return Object.fromEntries(others.map((id) => [id, (after[id] ?? 0) - (before[id] ?? 0)]));
}

test('six people, four tiles to a page: video comes only for the page shown, and turns with it', async ({
  app,
  participant,
}) => {
  test.setTimeout(180_000);
  const people: Participant[] = [];
  for (const [i, name] of ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'].entries()) {
    // Ann's window holds a grid of four tiles.
    const options = i === 0 ? { viewport: { width: 360, height: 480 } } : {};
    const person = await participant(name, options);
    await useColourCamera(person.context, PALETTE[i] ?? [0, 0, 0], {
      width: 160,
      height: 90,
      fps: 10,
    });
    people.push(person);
  }
  await inParallel(people.map((person) => goToRoom(person, app.url, 'pages')));
  for (const person of people) {
    await enterCall(person);
    // Nobody speaks, so the stage keeps the joining order (recent speakers would come first).
    await person.page.getByRole('button', { name: 'Microphone', exact: true }).click();
  }
  const [ann] = people as [Participant];
  await expect(ann.page.getByText('Page 1 of 2')).toBeVisible();
  await expect.poll(async () => Object.keys(await frames(ann)).length).toBe(5);
  const everyone = Object.keys(await frames(ann)).sort();
  const firstPage = await onStage(ann);
  expect(firstPage).toHaveLength(4);
  const secondPage = everyone.filter((id) => !firstPage.includes(id));
  expect(secondPage).toHaveLength(1);

  const zero = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 0]));
  expect(await framesWhileShown(ann, firstPage, secondPage)).toEqual(zero(secondPage));

  await ann.page.getByRole('button', { name: 'Next page of participants' }).click();
  await expect(ann.page.getByText('Page 2 of 2')).toBeVisible();
  expect(await onStage(ann)).toEqual(secondPage);
  expect(await framesWhileShown(ann, secondPage, firstPage)).toEqual(zero(firstPage));

  await ann.page.getByRole('button', { name: 'Previous page of participants' }).click();
  await expect(ann.page.getByText('Page 1 of 2')).toBeVisible();
  expect(await framesWhileShown(ann, firstPage, secondPage)).toEqual(zero(secondPage));
});
