/**
 * The people features in an SFU room (MESH_MAX=0, every room goes through Janus): hands and
 * reactions travel by signaling as in a mesh room; blur replaces the publishing connection's
 * camera track without renegotiating; files go peer to peer, on a data-only link made for them
 * (web/src/rtc/files/fileLinks.ts), never through Janus or the signaling server.
 */
import { randomBytes } from 'node:crypto';
import { test, expect } from './sfuFixtures.ts';
import { joinCall, tileOf } from './support/participant.ts';
import { expectSfuMediaFlowing } from './support/sfu.ts';
import { localDescriptions, openDevices, sentTracks } from './support/effects.ts';
import { MB, acceptAndDownload, fileLinkTo, openChat, sha256 } from './support/files.ts';

test.use({ sfuEnv: { MESH_MAX: '0' } });

test('in an SFU room a hand and a reaction reach the others, blur swaps the sent camera without renegotiating, and files go peer to peer both ways on a link of their own', async ({
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

  // A file: Ann's offer makes a link to Ben (data only), and the bytes go over it after Accept.
  await openChat(ann);
  await openChat(ben);
  const annId = (await tileOf(ben, 'Ann').getAttribute('data-peer-id')) ?? '';
  const benId = (await tileOf(ann, 'Ben').getAttribute('data-peer-id')) ?? '';
  const bytes = randomBytes(2 * MB);
  await ann.page.getByLabel('Share a file').setInputFiles({
    name: 'minutes.bin',
    mimeType: 'application/octet-stream',
    buffer: bytes,
  });
  // While the link is made and the file read, Ann is told so; the line goes once it is offered.
  const preparing = ann.page
    .getByRole('status')
    .filter({ hasText: 'Getting “minutes.bin” ready to offer' });
  await expect(preparing).toBeVisible();
  expect(sha256(await acceptAndDownload(ben, 'minutes.bin'))).toBe(sha256(bytes));
  await expect(preparing).toHaveCount(0);
  const link = await fileLinkTo(ben.page, annId);
  expect(link.received).toBeGreaterThan(2 * MB);
  expect(link.pairSucceeded).toBe(true);
  expect(link.mediaSections).toBe(0);
  // And back on the same link, the side that answered it now sending.
  const reply = randomBytes(256 * 1024);
  await ben.page.getByLabel('Share a file').setInputFiles({
    name: 'reply.bin',
    mimeType: 'application/octet-stream',
    buffer: reply,
  });
  expect(sha256(await acceptAndDownload(ann, 'reply.bin'))).toBe(sha256(reply));
  expect((await fileLinkTo(ann.page, benId)).received).toBeGreaterThan(256 * 1024);
  const links = await ann.page.evaluate(
    (id) => (window.__roomCall?.sessions() ?? []).filter((s) => s.peerId === id).length,
    benId,
  );
  expect(links).toBe(1);
});
