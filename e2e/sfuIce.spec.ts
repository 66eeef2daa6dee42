/**
 * ICE restarts in SFU rooms: the media path to Janus is cut (UDP only, on the link to its
 * namespace, so the signaling server keeps its hold on Janus and the room) and restored. Each
 * browser restarts ICE on both its connections, and media comes back without a new call.
 */
import { test, expect } from './sfuFixtures.ts';
import { joinCall, tileOf } from './support/participant.ts';
import type { Participant } from './support/participant.ts';
import { PALETTE, useColourCamera } from './support/colourCamera.ts';
import { expectSfuMediaFlowing, sfuStats } from './support/sfu.ts';
import { cutUdp } from './support/udpCut.ts';

test.use({ sfuEnv: { MESH_MAX: '0' } });

const CUT_MS = 10_000;

/** Marks the page's SFU connections, or reads which still carry the mark. */
const marked = (p: Participant, mark: boolean) =>
  p.page.evaluate((set) => {
    const pcs = (window.__roomCall?.sessions() ?? []).map((s) => ({ id: s.peerId, pc: s.pc }));
    return pcs
      .filter(({ pc }) => {
        const tagged = pc as RTCPeerConnection & { cutMark?: true };
        if (set) tagged.cutMark = true;
        return tagged.cutMark === true;
      })
      .map(({ id }) => id)
      .sort();
  }, mark);

/** ICE restarts each of the page's connections made so far, and how many it has. */
const restarts = (p: Participant) =>
  p.page.evaluate(() =>
    (window.__roomCall?.sessions() ?? []).map((s) => `${s.peerId}:${s.stats.iceRestarts}`),
  );

test('a 10 s cut of the media path to the SFU: tiles say reconnecting, ICE restarts, media is back within 15 s', async ({
  app,
  participant,
  sfu,
}) => {
  test.setTimeout(120_000);
  const link = sfu.janus[0]?.link;
  test.skip(link === undefined, 'needs Janus in a network namespace of its own');
  if (!link) return;
  const people: Participant[] = [];
  for (const [i, name] of ['Ann', 'Ben'].entries()) {
    const person = await participant(name);
    await useColourCamera(person.context, PALETTE[i] ?? [0, 0, 0]);
    await joinCall(person, app.url, 'cut');
    people.push(person);
  }
  const [ann, ben] = people as [Participant, Participant];
  await expectSfuMediaFlowing(ann, 1, 30_000);
  await expectSfuMediaFlowing(ben, 1, 30_000);
  const framesFromBen = async () => (await sfuStats(ann.page)).received[0]?.framesDecoded ?? 0;

  expect(await marked(ann, true)).toEqual(['sfu:publisher', 'sfu:subscriber']);
  const restore = cutUdp(link);
  const cutAt = Date.now();
  let restored = false;
  try {
    await expect(tileOf(ann, 'Ben').getByRole('status')).toHaveText(/Reconnecting/, {
      timeout: CUT_MS,
    });
    await expect
      .poll(() => restarts(ann), { timeout: CUT_MS, message: 'ICE restarted during the cut' })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^sfu:subscriber:[1-9]/)]));
    const frozen = await framesFromBen();
    await expect
      .poll(
        async () => {
          expect(await framesFromBen()).toBeLessThan(frozen + 5);
          return Date.now() - cutAt;
        },
        { timeout: CUT_MS + 5000, intervals: [500], message: 'cut held' },
      )
      .toBeGreaterThanOrEqual(CUT_MS);
    restore();
    restored = true;
  } finally {
    if (!restored) restore();
  }
  const restoredAt = Date.now();
  await expectSfuMediaFlowing(ann, 1, 15_000);
  await expectSfuMediaFlowing(ben, 1, 15_000);
  const recoveredMs = Date.now() - restoredAt;
  await expect(tileOf(ann, 'Ben').getByRole('status')).toHaveCount(0);
  // Restarted, not replaced: the connections from before the cut carry the media again.
  expect(await marked(ann, false)).toEqual(['sfu:publisher', 'sfu:subscriber']);
  console.log(
    `media back through the SFU ${recoveredMs} ms after the restore`,
    await restarts(ann),
  );
  test
    .info()
    .annotations.push({ type: 'media back after restore', description: `${recoveredMs} ms` });
});
