import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import type { Participant } from './support/participant.ts';
import { expectMediaFlowing, inParallel, joinInTurn, tileOf } from './support/participant.ts';
import { OfferGate } from './support/offerGate.ts';
import { colourPerson } from './support/colourCamera.ts';

const RUNS = 20;

/** The one peer connection of a two-party call, as this page sees it. */
function negotiation(page: Page) {
  return page.evaluate(() => {
    const session = window.__roomCall?.sessions()[0];
    if (!session) return null;
    const live = session.pc.getTransceivers().filter((t) => t.currentDirection !== 'stopped');
    return {
      signalingState: session.pc.signalingState,
      offersIgnored: session.stats.offersIgnored,
      rollbacks: session.stats.rollbacks,
      sending: live.filter((t) => t.currentDirection === 'sendonly').length,
      receiving: live.filter((t) => t.currentDirection === 'recvonly').length,
    };
  });
}

/**
 * Starts or stops sharing the screen, which renegotiates (the screen has a transceiver of its
 * own); once both sides share, each sees the other's screen.
 */
async function setSharing(p: Participant, on: boolean): Promise<void> {
  const share = p.page.getByRole('button', { name: 'Share screen' });
  await expect(share).toHaveAttribute('aria-pressed', String(!on));
  await share.click();
  await expect(share).toHaveAttribute('aria-pressed', String(on));
}

/** Warnings the app logs for failed negotiation steps. */
function collectPeerWarnings(p: Participant): string[] {
  const warnings: string[] = [];
  p.page.on('console', (msg) => {
    if (msg.type() === 'warning' || msg.type() === 'error') warnings.push(msg.text());
  });
  return warnings;
}

test(`both sides start or stop sharing their screens at once with offers crossing, ${RUNS} times in a row`, async ({
  app,
  participant,
}) => {
  test.setTimeout(240_000);
  // Alice is there first (the polite peer); Bob joins and is the impolite one.
  // Small colour cameras: the screens are what renegotiate here, not the cameras.
  const alice = await colourPerson(participant, 'Alice', 0);
  const bob = await colourPerson(participant, 'Bob', 1);
  const gates = [await OfferGate.install(alice.page), await OfferGate.install(bob.page)] as const;
  const warnings = [collectPeerWarnings(alice), collectPeerWarnings(bob)];
  await joinInTurn([alice, bob], app.url, 'glare');
  await expect(tileOf(alice, 'Bob')).toBeVisible();
  await inParallel([alice, bob].map((p) => expectMediaFlowing(p, 1)));

  for (let run = 1; run <= RUNS; run++) {
    const adding = run % 2 === 1;
    const before = { alice: await negotiation(alice.page), bob: await negotiation(bob.page) };
    for (const gate of gates) gate.arm();
    await Promise.all([setSharing(alice, adding), setSharing(bob, adding)]);
    // Both offers are on their way and neither has arrived: they cross when let go.
    await expect
      .poll(() => gates.every((g) => g.holding), { message: `run ${run}: both offers held` })
      .toBe(true);
    for (const gate of gates) gate.release();

    const screens = adding ? 1 : 0;
    const settled = { signalingState: 'stable', sending: screens, receiving: screens };
    await inParallel([
      expect
        .poll(() => negotiation(alice.page), { timeout: 20_000, message: `run ${run}: Alice` })
        .toMatchObject({ ...settled, rollbacks: (before.alice?.rollbacks ?? 0) + 1 }),
      expect
        .poll(() => negotiation(bob.page), { timeout: 20_000, message: `run ${run}: Bob` })
        .toMatchObject({ ...settled, offersIgnored: (before.bob?.offersIgnored ?? 0) + 1 }),
    ]);
    await inParallel(
      (
        [
          [alice, 'Bob'],
          [bob, 'Alice'],
        ] as const
      ).map(async ([viewer, sharer]) => {
        const screen = viewer.page.locator(
          `[data-testid="screen-tile"][data-peer-name="${sharer}"]`,
        );
        await expect(screen, `run ${run}: ${viewer.name} sees ${sharer}'s screen`).toHaveCount(
          screens,
        );
        await expectMediaFlowing(viewer, 1);
      }),
    );
  }
  expect(warnings.flat()).toEqual([]);
});
