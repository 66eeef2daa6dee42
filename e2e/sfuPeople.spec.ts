/**
 * The people features in an SFU room (MESH_MAX=0, every room goes through Janus): hands and
 * reactions travel by signaling as in a mesh room; blur replaces the publishing connection's
 * camera track without renegotiating; file sharing is off (there is no peer-to-peer link) and
 * the chat panel says why.
 */
import { test, expect } from './sfuFixtures.ts';
import { joinCall, tileOf } from './support/participant.ts';
import { expectSfuMediaFlowing } from './support/sfu.ts';
import { localDescriptions, openDevices, sentTracks } from './support/effects.ts';

test.use({ sfuEnv: { MESH_MAX: '0' } });

test('in an SFU room a hand and a reaction reach the others, blur swaps the sent camera without renegotiating, and file sharing is off with its reason', async ({
  app,
  participant,
}) => {
  const ann = await participant('Ann');
  const ben = await participant('Ben');
  await joinCall(ann, app.url, 'sfu people');
  await joinCall(ben, app.url, 'sfu people');
  for (const p of [ann, ben]) await expectSfuMediaFlowing(p, 1, 60_000);

  await ann.page.getByRole('button', { name: 'Raise hand', exact: true }).click();
  await expect(tileOf(ben, 'Ann')).toHaveAttribute('data-hand-raised', 'true');
  await ann.page.getByRole('button', { name: 'Reactions', exact: true }).click();
  await ann.page
    .getByRole('group', { name: 'Reactions' })
    .getByRole('button', { name: 'React with heart' })
    .click();
  await expect(tileOf(ben, 'Ann').getByTestId('reaction')).toHaveText('❤️');
  await ann.page.getByRole('group', { name: 'Reactions' }).press('Escape');

  const sentCamera = async () => (await sentTracks(ann.page)).find((t) => t.kind === 'video');
  expect((await sentCamera())?.device).toBe(true);
  const sdp = await localDescriptions(ann.page);
  await openDevices(ann);
  const blur = ann.page.getByRole('button', { name: 'Background blur' });
  await blur.click();
  await expect(blur).toHaveAttribute('aria-pressed', 'true');
  // The publisher sends the processed track (a canvas capture, no camera's device group) ...
  await expect.poll(async () => (await sentCamera())?.device).toBe(false);
  // ... which Ben keeps decoding through Janus, with no new offer or answer on either side.
  await expectSfuMediaFlowing(ben, 1);
  expect(await localDescriptions(ann.page)).toEqual(sdp);
  await ann.page.keyboard.press('Escape');
  await expect(ann.page.getByRole('dialog', { name: 'Devices' })).toHaveCount(0);

  await ben.page.getByRole('button', { name: 'Chat' }).click();
  await expect(ben.page.getByLabel('Share a file')).toBeDisabled();
  await expect(
    ben.page.getByText('Files can only be shared on direct connections.', { exact: false }),
  ).toBeVisible();
});
