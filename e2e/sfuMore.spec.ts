/**
 * SFU rooms (MESH_MAX=0): a Firefox participant among Chromium ones, and a signaling server that
 * restarts mid-call (it forgets the room's place on Janus; everyone resumes and publishes anew).
 */
import { test, expect } from './sfuFixtures.ts';
import { inParallel, joinCall, joinInTurn, tileOf } from './support/participant.ts';
import { colourPerson } from './support/colourCamera.ts';
import { restartServerMidCall, serverStatus } from './support/resilience.ts';
import { expectSfuMediaFlowing, sfuStats } from './support/sfu.ts';

const RESUME_SECRET = 'sfu-resume-test-secret-0123456789';

test.use({ sfuEnv: { MESH_MAX: '0', MAX_PEERS: '8', RESUME_SECRET } });

test('a Firefox participant in an SFU room sends to and receives from two Chromium ones', async ({
  app,
  participant,
}) => {
  test.setTimeout(180_000);
  const fox = await participant('Fox', { engine: 'firefox' });
  // Small colour cameras for the Chromium people (colourCamera.ts): what this proves is that
  // Firefox publishes and subscribes through the SFU, which their picture size does not change.
  const ann = await colourPerson(participant, 'Ann', 1, { engine: 'chromium' });
  const ben = await colourPerson(participant, 'Ben', 2, { engine: 'chromium' });
  await joinInTurn([fox, ann, ben], app.url, 'mixed sfu');
  await inParallel(
    [fox, ann, ben].map(async (person) => {
      await expect(person.page.getByTestId('tile')).toHaveCount(2);
      await expectSfuMediaFlowing(person, 2, 60_000);
    }),
  );
  expect((await sfuStats(fox.page)).connections).toBe(2);
});

test('the signaling server restarts mid-call: everyone resumes and media comes back through the SFU', async ({
  app,
  participant,
  serverEnv,
}) => {
  test.setTimeout(180_000);
  const alice = await participant('Alice');
  const bob = await participant('Bob');
  await joinCall(alice, app.url, 'sfu outage');
  await joinCall(bob, app.url, 'sfu outage');
  await expectSfuMediaFlowing(alice, 1, 60_000);
  await expectSfuMediaFlowing(bob, 1, 60_000);

  await restartServerMidCall(app, serverEnv, {
    watching: [alice],
    whileUp: async () => {
      for (const person of [alice, bob]) {
        await expect(serverStatus(person)).toBeHidden({ timeout: 15_000 });
        // The media server's connections start over: the call is back within seconds.
        await expectSfuMediaFlowing(person, 1, 30_000);
      }
      await expect(tileOf(alice, 'Bob')).toHaveCount(1);
      await expect(tileOf(bob, 'Alice')).toHaveCount(1);
    },
  });
});
