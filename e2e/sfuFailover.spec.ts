/**
 * Two Janus instances behind one signaling server: killing the one that hosts a call moves the
 * call to the other. The server notices the lost connection, disconnects that room's members,
 * they resume and publish anew, and the room is placed on the instance still up.
 */
import { test, expect } from './sfuFixtures.ts';
import { joinCall, tileOf } from './support/participant.ts';
import { expectSfuMediaFlowing } from './support/sfu.ts';
import { inspect } from '../signal/sfu/sfuTesting.ts';

test.use({ janusCount: 2, sfuEnv: { MESH_MAX: '0' } });

test('killing the Janus that hosts a call brings the call back on the other within 10 s', async ({
  app,
  participant,
  sfu,
}) => {
  const { janus } = sfu;
  test.setTimeout(120_000);
  const alice = await participant('Alice');
  const bob = await participant('Bob');
  await joinCall(alice, app.url, 'failover');
  await joinCall(bob, app.url, 'failover');
  await expectSfuMediaFlowing(alice, 1, 60_000);
  await expectSfuMediaFlowing(bob, 1, 60_000);

  const inspectors = await Promise.all(janus.map((j) => inspect(j)));
  try {
    const counts = await Promise.all(inspectors.map((i) => i.rooms()));
    const hosting = counts.findIndex((rooms) => rooms.length === 1);
    const host = janus[hosting];
    const other = inspectors[1 - hosting];
    expect(hosting, 'one instance hosts the call').toBeGreaterThanOrEqual(0);
    if (!host || !other) throw new Error('two instances expected');

    const killed = Date.now();
    host.process.kill('SIGKILL');
    // Media proven again through the other instance, both ways.
    await expect.poll(() => other.rooms(), { timeout: 10_000 }).toHaveLength(1);
    await expectSfuMediaFlowing(alice, 1, Math.max(1, 10_000 - (Date.now() - killed)));
    await expectSfuMediaFlowing(bob, 1, Math.max(1, 10_000 - (Date.now() - killed)));
    const back = Date.now() - killed;
    test.info().annotations.push({ type: 'media back after (ms)', description: String(back) });
    console.log(`media back through the other Janus ${back} ms after the kill`);
    // The product's failover deadline (issue: back within 10 s), not a speed figure.
    expect(back).toBeLessThan(10_000);
    await expect(tileOf(alice, 'Bob')).toHaveCount(1);
    await expect(tileOf(bob, 'Alice')).toHaveCount(1);
  } finally {
    await Promise.all(inspectors.map((i) => i.close()));
  }
});
