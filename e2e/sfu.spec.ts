/**
 * Rooms through the SFU (Janus, brokered by the signaling server): with MESH_MAX=0 every room
 * is an SFU room. Janus runs in a network namespace of its own (signal/sfu/janusNamespace.ts).
 */
import { test, expect } from './sfuFixtures.ts';
import type { Participant } from './support/participant.ts';
import { leaveDeadline, inParallel, tileOf, typeInto } from './support/participant.ts';
import type { Fixtures } from './fixtures.ts';
import { PALETTE, colourPeopleInTurn, expectTileColour } from './support/colourCamera.ts';
import { expectSfuMediaFlowing, framesWhileShown, sfuFrames, sfuStats } from './support/sfu.ts';
import { expectFlat, expectRising } from './support/controls.ts';

/*
 * Six people's pages on two cores can take seconds to show a leave: a grace period of 30 s lets
 * the leave deadline (0.6 of it) tolerate that while still telling a leave from a dropped
 * connection, which would be kept for the whole grace.
 */
const GRACE_MS = 30_000;
const SMALL_CAMERA = { width: 160, height: 90, fps: 10 };
test.use({ sfuEnv: { MESH_MAX: '0', MAX_PEERS: '12', GRACE_MS: String(GRACE_MS) } });

/** People who each send a small camera of their own colour, joined one after another. */
const meet = (participant: Fixtures['participant'], url: string, room: string, names: string[]) =>
  colourPeopleInTurn(participant, url, room, names, SMALL_CAMERA);

test('six people in an SFU room: everyone decodes each of the five others and sends one camera upstream; four tiles to a page bring video only for the page shown', async ({
  app,
  participant,
}) => {
  test.setTimeout(300_000);
  const names = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'];
  const people = await meet(participant, app.url, 'all hands', names);
  await inParallel(
    people.map(async (person) => {
      await expect(person.page.getByTestId('tile')).toHaveCount(5);
      await expectSfuMediaFlowing(person, 5, 60_000);
      const stats = await sfuStats(person.page);
      // One publishing and one subscribing connection, one camera sent, whatever the room size.
      expect({ connections: stats.connections, videoSent: stats.videoSent }).toEqual({
        connections: 2,
        videoSent: 1,
      });
    }),
  );
  const colours = PALETTE.slice(0, names.length);
  await inParallel(
    people.map(async (viewer) => {
      for (const [i, sender] of people.entries()) {
        const colour = colours[i];
        if (sender === viewer || !colour) continue;
        await expectTileColour(viewer, sender.name, colour, colours);
      }
    }),
  );

  const [ann, ben] = people;
  if (!ann || !ben) throw new Error('six people expected');
  // Ann's window shrinks to a grid of four tiles. Nobody speaks from now on, so the stage keeps
  // its order (someone who starts speaking would come on stage).
  await inParallel(
    people.map((person) =>
      person.page.getByRole('button', { name: 'Microphone', exact: true }).click(),
    ),
  );
  await expect(ann.page.locator('[data-testid="tile"][data-speaking="true"]')).toHaveCount(0);
  await ann.page.setViewportSize({ width: 360, height: 480 });
  await expect(ann.page.getByText('Page 1 of 2')).toBeVisible();
  const everyone = Object.keys(await sfuFrames(ann)).sort();
  expect(everyone).toHaveLength(5);
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

  // A leave: the four left fit Ann's one page, and she receives from each of them again.
  await ben.page.getByRole('button', { name: 'Leave call' }).click();
  // The product's leave deadline for this server's grace period (participant.ts).
  await inParallel(
    people
      .filter((person) => person !== ben)
      .map((person) =>
        expect(tileOf(person, 'Ben')).toHaveCount(0, { timeout: leaveDeadline(GRACE_MS) }),
      ),
  );
  await expectSfuMediaFlowing(ann, 4, 60_000);
});

test('in an SFU room: mute is seen, a screen share arrives, and chat passes the server', async ({
  app,
  participant,
}) => {
  test.setTimeout(180_000);
  const [alice, bob, cy] = await meet(participant, app.url, 'sfu tools', ['Alice', 'Bob', 'Cy']);
  if (!alice || !bob || !cy) throw new Error('three people expected');
  await inParallel([alice, bob, cy].map((person) => expectSfuMediaFlowing(person, 2, 60_000)));

  await alice.page.getByRole('button', { name: 'Microphone' }).click();
  for (const viewer of [bob, cy])
    await expect(tileOf(viewer, 'Alice').getByTestId('muted')).toBeVisible();

  const share = alice.page.getByRole('button', { name: 'Share screen' });
  await share.click();
  await expect(share).toHaveAttribute('aria-pressed', 'true');
  for (const viewer of [bob, cy]) {
    const screen = viewer.page.locator('[data-testid="screen-tile"][data-peer-name="Alice"]');
    await expect(screen).toBeVisible({ timeout: 30_000 });
  }
  expect((await sfuStats(alice.page)).videoSent).toBe(2);
  await share.click();
  for (const viewer of [bob, cy])
    await expect(viewer.page.getByTestId('screen-tile')).toHaveCount(0, { timeout: 30_000 });

  await alice.page.getByRole('button', { name: 'Chat' }).click();
  await expect(alice.page.getByText('messages pass through the call’s server')).toBeVisible();
  const input = alice.page.getByRole('textbox', { name: 'Message' });
  await typeInto(input, 'hello through the server');
  await input.press('Enter');
  for (const reader of [bob, cy]) {
    await reader.page.getByRole('button', { name: 'Chat' }).click();
    await expect(reader.page.getByTestId('chat-text')).toHaveText(['hello through the server']);
    await expect(reader.page.getByTestId('chat-author')).toHaveText(['Alice']);
  }
  // The people panel says media passes the server, and shows no safety codes.
  await bob.page.getByRole('button', { name: 'Participants' }).click();
  await expect(bob.page.getByText('pass through the call’s media server')).toBeVisible();
  await expect(bob.page.getByTestId('safety-code')).toHaveCount(0);
});

/** The PeerIds of the camera tiles the page shows now. */
const onStage = (p: Participant) =>
  p.page
    .locator('[data-testid="tile"]:visible')
    .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-peer-id') ?? '').sort());

/** Says the page is hidden (or shown again), as a browser does when its tab goes to the back. */
function setPageHidden(p: Participant, hidden: boolean) {
  return p.page.evaluate((isHidden) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (isHidden ? 'hidden' : 'visible'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('a hidden page stops receiving video through the SFU, audio going on, and gets it back when shown', async ({
  app,
  participant,
}) => {
  test.setTimeout(120_000);
  const [alice, bob] = await meet(participant, app.url, 'hidden tab', ['Alice', 'Bob']);
  if (!alice || !bob) throw new Error('two people expected');
  await expectSfuMediaFlowing(alice, 1, 60_000);
  const fromBob = async () => {
    const { received } = await sfuStats(alice.page);
    const bobs = received[0];
    return { value: bobs?.framesDecoded ?? 0, clock: bobs?.audioBytesReceived ?? 0 };
  };
  await setPageHidden(alice, true);
  // Bob's audio keeps arriving (about 2 s of it) while not one more video frame does.
  await expectFlat(fromBob, 8000, 'frames from Bob while the page is hidden');
  await setPageHidden(alice, false);
  await expectRising(fromBob, 'frames from Bob once the page is shown again');
});
