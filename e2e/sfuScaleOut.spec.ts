/**
 * An SFU room across two signaling nodes (REDIS_URL with SFU_URL): people connected to either
 * node are in one Janus room, held by the room's home node (signal/sfu/sfuRouter.ts).
 */
import { test as sfuTest, expect } from './sfuFixtures.ts';
import { LEAVE_DEADLINE_MS, joinCall, tileOf } from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import { PALETTE, expectTileColour, useColourCamera } from './support/colourCamera.ts';
import { expectSfuMediaFlowing } from './support/sfu.ts';
import { withCluster } from './support/cluster.ts';
import type { Cluster } from './support/cluster.ts';

const test = sfuTest.extend<{ cluster: Cluster }>({
  cluster: async ({ serverEnv }, use) => withCluster(serverEnv, use),
});

test.use({ sfuEnv: { MESH_MAX: '0' } });

test('three people on two signaling nodes in one SFU room: each decodes the other two, and a leave crosses over', async ({
  cluster,
  participant,
}) => {
  test.setTimeout(120_000);
  const { nodeA, nodeB } = cluster;
  const people: Participant[] = [];
  for (const [i, [name, node]] of (
    [
      ['Ann', nodeA],
      ['Ben', nodeB],
      ['Cat', nodeA],
    ] as const
  ).entries()) {
    const person = await participant(name);
    await useColourCamera(person.context, PALETTE[i] ?? [0, 0, 0]);
    await joinCall(person, node.url, 'two nodes');
    people.push(person);
  }
  const colours = PALETTE.slice(0, 3);
  for (const viewer of people) {
    await expectSfuMediaFlowing(viewer, 2, 30_000);
    for (const [i, sender] of people.entries()) {
      const colour = colours[i];
      if (sender !== viewer && colour) await expectTileColour(viewer, sender.name, colour, colours);
    }
  }
  const [ann, ben, cat] = people as [Participant, Participant, Participant];
  await ben.page.getByRole('button', { name: 'Leave call' }).click();
  for (const person of [ann, cat]) {
    await expect(tileOf(person, 'Ben')).toHaveCount(0, { timeout: LEAVE_DEADLINE_MS });
    await expectSfuMediaFlowing(person, 1, 30_000);
  }
});
