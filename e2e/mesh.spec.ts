import { test, expect } from './fixtures.ts';
import type { Fixtures } from './fixtures.ts';
import type { Participant } from './support/participant.ts';
import {
  LEAVE_DEADLINE_MS,
  expectMediaFlowing,
  inParallel,
  tileOf,
} from './support/participant.ts';
import { PALETTE, colourPeopleInTurn, expectTileColour } from './support/colourCamera.ts';
import type { Rgb } from './support/colourCamera.ts';
import { expectTilesFillStage, tileBoxes } from './support/layout.ts';

interface Member {
  person: Participant;
  colour: Rgb;
}

/** People who each send a camera of their own colour, joined one after another. */
async function meet(
  participant: Fixtures['participant'],
  url: string,
  room: string,
  names: string[],
): Promise<Member[]> {
  const people = await colourPeopleInTurn(participant, url, room, names);
  return people.map((person, i) => ({ person, colour: PALETTE[i] ?? [0, 0, 0] }));
}

/** The bitrate cap of the camera encoding on each of this page's connections. */
function cameraBitrateCaps(p: Participant) {
  return p.page.evaluate(() =>
    (window.__roomCall?.sessions() ?? []).map(({ pc }) => {
      const camera = pc.getTransceivers().find((t) => t.sender.track?.kind === 'video');
      return camera?.sender.getParameters().encodings[0]?.maxBitrate ?? null;
    }),
  );
}

/** Everyone sees a tile for everyone else, and only them. */
async function expectFullMesh(members: Member[]): Promise<void> {
  await inParallel(
    members.map(async ({ person }) => {
      for (const other of members) {
        if (other.person !== person) await expect(tileOf(person, other.person.name)).toBeVisible();
      }
      await expect(person.page.getByTestId('tile')).toHaveCount(members.length - 1);
    }),
  );
}

/** Every remote tile shows its sender's colour: a swapped or duplicated stream fails. */
async function expectEveryoneSeesWhoIsWho(members: Member[]): Promise<void> {
  const colours = members.map((m) => m.colour);
  await inParallel(
    members.map(async (viewer) => {
      for (const sender of members) {
        if (sender === viewer) continue;
        await expectTileColour(viewer.person, sender.person.name, sender.colour, colours);
      }
    }),
  );
}

/** Each of `members` decodes rising media from `peers` others (expectMediaFlowing). */
const expectAllFlowing = (members: Member[], peers: number, timeout: number) =>
  inParallel(members.map(({ person }) => expectMediaFlowing(person, peers, { timeout })));

test(
  'three people: a full mesh where every tile shows its own sender, and one leaves',
  { tag: '@firefox' },
  async ({ app, participant }) => {
    test.setTimeout(120_000);
    const members = await meet(participant, app.url, 'trio', ['Ann', 'Ben', 'Cat']);
    await expectFullMesh(members);
    await expectAllFlowing(members, 2, 30_000);
    await expectEveryoneSeesWhoIsWho(members);

    const [ann, ben, cat] = members.map((m) => m.person);
    if (!ann || !ben || !cat) throw new Error('three people expected');
    // Two connections share the camera's upload; alone with one peer again, the cap goes.
    await expect.poll(() => cameraBitrateCaps(ann)).toEqual([1_500_000, 1_500_000]);
    await ben.page.getByRole('button', { name: 'Leave call' }).click();
    await inParallel(
      [ann, cat].map((p) =>
        expect(tileOf(p, 'Ben')).toHaveCount(0, { timeout: LEAVE_DEADLINE_MS }),
      ),
    );
    // Those who stay keep their own connection, with media still rising.
    const remaining = members.filter((m) => m.person !== ben);
    await expectAllFlowing(remaining, 1, 30_000);
    await expect.poll(() => cameraBitrateCaps(ann)).toEqual([null]);
    await expectEveryoneSeesWhoIsWho(remaining);
  },
);

test('four people: twelve inbound video streams decode, each from the right sender', async ({
  app,
  participant,
}) => {
  test.setTimeout(150_000);
  const members = await meet(participant, app.url, 'quartet', ['Ann', 'Ben', 'Cat', 'Dan']);
  await expectFullMesh(members);
  await expectAllFlowing(members, 3, 40_000);
  await expectEveryoneSeesWhoIsWho(members);

  // The grid follows the window: side by side when wide, stacked when tall.
  const viewer = members[0]?.person;
  if (!viewer) throw new Error('no viewer');
  const wide = await expectTilesFillStage(viewer, 3);
  expect(new Set(wide.map((b) => Math.round(b.y))).size).toBeLessThan(3);
  await viewer.page.setViewportSize({ width: 420, height: 860 });
  await expect
    .poll(async () => new Set((await tileBoxes(viewer)).map((b) => Math.round(b.x))).size, {
      timeout: 20_000,
    })
    .toBe(1);
  await expectTilesFillStage(viewer, 3);
});
