/**
 * Two signaling nodes (the built app, twice) sharing rooms through a real
 * redis-server: people connected to different nodes are in one call, and a
 * person whose node dies carries on through the other node. People send small colour
 * cameras (colourCamera.ts): this is about signaling across nodes, not the picture.
 */
import { test as base, expect } from './fixtures.ts';
import { startFrontProxy } from './support/frontProxy.ts';
import { expectMediaFlowing, joinCall, tileOf } from './support/participant.ts';
import { mediaStats } from './support/stats.ts';
import { withCluster } from './support/cluster.ts';
import type { Cluster } from './support/cluster.ts';
import { colourPerson } from './support/colourCamera.ts';

const test = base.extend<{ cluster: Cluster }>({
  // Built on serverEnv, so `test.use({ serverEnv })` reaches both nodes.
  cluster: async ({ serverEnv }, use) => withCluster(serverEnv, use),
});

test('two people connected to different nodes see and hear each other, and a leave crosses over', async ({
  cluster,
  participant,
}) => {
  const alice = await colourPerson(participant, 'Alice', 0);
  const bob = await colourPerson(participant, 'Bob', 1);

  await joinCall(alice, cluster.nodeA.url, 'across');
  await joinCall(bob, cluster.nodeB.url, 'across');

  await expect(tileOf(alice, 'Bob')).toBeVisible();
  await expect(tileOf(bob, 'Alice')).toBeVisible();
  await expectMediaFlowing(alice, 1);
  await expectMediaFlowing(bob, 1);

  await bob.page.getByRole('button', { name: 'Leave call' }).click();
  await expect(tileOf(alice, 'Bob')).toHaveCount(0);
  expect(await mediaStats(alice.page)).toEqual([]);
});

test('a person whose node is killed resumes on the other node and keeps the call', async ({
  cluster,
  participant,
}) => {
  const { nodeA, nodeB } = cluster;
  const front = await startFrontProxy(nodeA.url);
  try {
    const alice = await colourPerson(participant, 'Alice', 0);
    const bob = await colourPerson(participant, 'Bob', 1);
    await joinCall(alice, front.url, 'failover');
    await joinCall(bob, nodeB.url, 'failover');
    await expectMediaFlowing(alice, 1);
    await expectMediaFlowing(bob, 1);
    const aliceId = await tileOf(bob, 'Alice').getAttribute('data-peer-id');
    const bobId = await tileOf(alice, 'Bob').getAttribute('data-peer-id');
    expect(aliceId).toBeTruthy();

    // Node A dies without a word; the balancer sends new connections to node B.
    await nodeA.stop('SIGKILL');
    front.pointTo(nodeB.url);

    await expect
      .poll(() => nodeB.output.some((l) => l.includes('"resumed":true')), {
        message: 'Alice resumed on node B',
        timeout: 20_000,
      })
      .toBe(true);
    await expect(alice.page.getByText('Reconnecting to server…')).toHaveCount(0);

    // Same identities, same peer connections, media still rising both ways.
    await expect(tileOf(bob, 'Alice')).toHaveAttribute('data-peer-id', aliceId ?? '');
    await expect(tileOf(alice, 'Bob')).toHaveAttribute('data-peer-id', bobId ?? '');
    await expectMediaFlowing(alice, 1);
    await expectMediaFlowing(bob, 1);
    const [bobView] = await mediaStats(bob.page);
    expect(bobView?.peerId).toBe(aliceId);

    // Alice's signaling now runs through node B: her leave reaches Bob at once.
    await alice.page.getByRole('button', { name: 'Leave call' }).click();
    await expect(tileOf(bob, 'Alice')).toHaveCount(0);
  } finally {
    await front.close();
  }
});
