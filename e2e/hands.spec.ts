import { test, expect } from './fixtures.ts';
import type { Participant } from './support/participant.ts';
import { joinCall, tileOf } from './support/participant.ts';
import { restartServerMidCall, serverStatus } from './support/resilience.ts';
import { colourPerson, inColourCall } from './support/colourCamera.ts';

/**
 * Everything put in the app's live region (joins, leaves, hands, reactions) from now on: each
 * stays there 5 s only, less than a few steps take on a loaded machine, so the page keeps a log.
 */
async function recordAnnouncements(...people: Participant[]): Promise<void> {
  for (const p of people) {
    await p.page.getByTestId('notices').evaluate((region) => {
      const log: string[] = [];
      (window as unknown as { __announced: string[] }).__announced = log;
      new MutationObserver((changes) => {
        for (const change of changes)
          for (const node of change.addedNodes) log.push(node.textContent ?? '');
      }).observe(region, { childList: true, subtree: true });
    });
  }
}

const announced = (p: Participant) =>
  p.page.evaluate(() => (window as unknown as { __announced?: string[] }).__announced ?? []);
const handToggle = (p: Participant) =>
  p.page.getByRole('button', { name: 'Raise hand', exact: true });
const selfView = (p: Participant) => p.page.getByTestId('self-view');

/** The participants panel, top to bottom, by name. */
const panelOrder = (p: Participant) =>
  p.page
    .getByTestId('participant')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-peer-name')));

/** Reactions this page received from `name`'s PeerId (what the server let through). */
async function reactionsFrom(p: Participant, from: Participant): Promise<string[]> {
  const id = await tileOf(p, from.name).getAttribute('data-peer-id');
  const all = await p.page.evaluate(() => window.__roomCall?.reactions() ?? []);
  return all.filter((r) => r.id === id).map((r) => r.emoji);
}

/** Joins the signaling server counted, resumes included (its /metrics endpoint). */
async function joinsCounted(appUrl: string): Promise<number> {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  return Number(/^room_call_joins_total (\d+)$/m.exec(text)?.[1] ?? NaN);
}

test('raised hands: seen on tiles, queued in the panel, announced, kept across a resume, lowered', async ({
  app,
  participant,
}) => {
  // Three, then four people in a full mesh, a resume, and every step checked on several pages:
  // on a loaded 2-core machine this took up to 2 minutes (with 720p cameras).
  test.setTimeout(240_000);
  const [alice, bob, carol] = await inColourCall(participant, app.url, 'hands', [
    'Alice',
    'Bob',
    'Carol',
  ]);
  if (!alice || !bob || !carol) throw new Error('three people expected');
  await recordAnnouncements(alice, bob, carol);
  // Muted first: the fake microphones beep, and 3 s of speaking lowers one's own hand.
  for (const p of [alice, bob]) {
    const microphone = p.page.getByRole('button', { name: 'Microphone' });
    await microphone.click();
    await expect(microphone).toHaveAttribute('aria-pressed', 'false');
  }
  for (const p of [bob, carol]) await p.page.getByRole('button', { name: 'Participants' }).click();

  await handToggle(alice).click();
  await expect(handToggle(alice)).toHaveAttribute('aria-pressed', 'true');
  await expect(selfView(alice)).toHaveAttribute('data-hand-raised', 'true');
  await expect(selfView(alice).getByRole('img', { name: 'Hand raised' })).toBeVisible();
  await expect.poll(() => announced(alice)).toContain('Your hand is raised');
  for (const p of [bob, carol]) {
    await expect(tileOf(p, 'Alice')).toHaveAttribute('data-hand-raised', 'true');
    await expect(tileOf(p, 'Alice').getByRole('img', { name: 'Hand raised' })).toBeVisible();
    await expect(tileOf(p, 'Bob').or(tileOf(p, 'Carol')).first()).toHaveAttribute(
      'data-hand-raised',
      'false',
    );
    await expect.poll(() => announced(p)).toContain('Alice raised their hand');
  }
  // Raised hands head the list; the rest keep their order (ourselves first, then by name).
  await expect.poll(() => panelOrder(carol)).toEqual(['Alice', 'Carol', 'Bob']);
  await expect.poll(() => panelOrder(bob)).toEqual(['Alice', 'Bob', 'Carol']);

  // Bob raises his with the H shortcut (focus is on a button, not in a text box): he is second.
  await bob.page.keyboard.press('h');
  await expect(handToggle(bob)).toHaveAttribute('aria-pressed', 'true');
  await expect(tileOf(carol, 'Bob')).toHaveAttribute('data-hand-raised', 'true');
  await expect(tileOf(alice, 'Bob')).toHaveAttribute('data-hand-raised', 'true');
  await expect.poll(() => announced(carol)).toContain('Bob raised their hand');
  await expect.poll(() => panelOrder(carol)).toEqual(['Alice', 'Bob', 'Carol']);
  await expect.poll(() => panelOrder(bob)).toEqual(['Alice', 'Bob', 'Carol']);
  await expect(
    carol.page.getByTestId('participant').filter({ hasText: 'Alice' }).getByRole('img', {
      name: 'Hand raised',
    }),
  ).toBeVisible();

  // Alice's signaling drops and she resumes: her join ack replaces her own state, so her hand
  // is still up only because the server kept it, and with its time (she stays first).
  const joinsBefore = await joinsCounted(app.url);
  await alice.page.evaluate(() => window.__roomCall?.dropSignaling());
  // The server counted her resume (a join) before her status went away.
  await expect.poll(() => joinsCounted(app.url)).toBe(joinsBefore + 1);
  await expect(serverStatus(alice)).toBeHidden();
  await expect(handToggle(alice)).toHaveAttribute('aria-pressed', 'true');
  await expect(tileOf(carol, 'Alice')).toHaveAttribute('data-hand-raised', 'true');
  await expect.poll(() => panelOrder(carol)).toEqual(['Alice', 'Bob', 'Carol']);
  // A newcomer learns both hands, in their order, from its join ack.
  const dan = await colourPerson(participant, 'Dan', 3);
  await joinCall(dan, app.url, 'hands');
  await expect(tileOf(dan, 'Alice')).toHaveAttribute('data-hand-raised', 'true');
  await expect(tileOf(dan, 'Bob')).toHaveAttribute('data-hand-raised', 'true');
  await expect(tileOf(dan, 'Carol')).toHaveAttribute('data-hand-raised', 'false');
  await dan.page.getByRole('button', { name: 'Participants' }).click();
  await expect.poll(() => panelOrder(dan)).toEqual(['Alice', 'Bob', 'Dan', 'Carol']);

  await handToggle(alice).click();
  await expect(handToggle(alice)).toHaveAttribute('aria-pressed', 'false');
  await expect(selfView(alice)).toHaveAttribute('data-hand-raised', 'false');
  for (const p of [bob, carol]) {
    await expect(tileOf(p, 'Alice')).toHaveAttribute('data-hand-raised', 'false');
    await expect(tileOf(p, 'Alice').getByRole('img', { name: 'Hand raised' })).toHaveCount(0);
    await expect.poll(() => announced(p)).toContain('Alice lowered their hand');
  }
  await expect.poll(() => panelOrder(carol)).toEqual(['Bob', 'Carol', 'Alice', 'Dan']);

  // Carol's microphone stayed on (the fake one beeps with no pause the speaking indicator
  // counts): she raises her hand and, after 3 s of speaking, it comes down by itself.
  await handToggle(carol).click();
  await expect(handToggle(carol)).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => announced(alice)).toContain('Carol raised their hand');
  await expect(handToggle(carol)).toHaveAttribute('aria-pressed', 'false', { timeout: 20_000 });
  await expect.poll(() => announced(carol)).toContain('You have the floor: your hand was lowered');
  await expect.poll(() => announced(alice)).toContain('Carol lowered their hand');
  await expect(tileOf(alice, 'Carol')).toHaveAttribute('data-hand-raised', 'false');
  // Bob, muted, keeps his hand up all the while.
  await expect(handToggle(bob)).toHaveAttribute('aria-pressed', 'true');
});

test('reactions show over the sender’s tile for everyone and are announced; past 5 in 10 s they reach nobody', async ({
  app,
  participant,
}) => {
  const [alice, bob, carol] = await inColourCall(participant, app.url, 'reactions', [
    'Alice',
    'Bob',
    'Carol',
  ]);
  if (!alice || !bob || !carol) throw new Error('three people expected');
  await recordAnnouncements(alice, bob, carol);
  const menu = (p: Participant) => p.page.getByRole('button', { name: 'Reactions', exact: true });
  const picker = (p: Participant) => p.page.getByRole('group', { name: 'Reactions' });

  await menu(alice).click();
  await expect(menu(alice)).toHaveAttribute('aria-expanded', 'true');
  await picker(alice).getByRole('button', { name: 'React with party popper' }).click();
  // Looked for on all three at once: it shows about 4 s, less than a few steps take on a loaded
  // machine one page after the other.
  await Promise.all([
    ...[bob, carol].map(async (p) => {
      await expect(tileOf(p, 'Alice').getByTestId('reaction')).toHaveText('🎉');
      await expect(tileOf(p, 'Bob').or(tileOf(p, 'Carol')).getByTestId('reaction')).toHaveCount(0);
    }),
    expect(selfView(alice).getByTestId('reaction')).toHaveText('🎉'),
  ]);
  for (const p of [bob, carol]) {
    await expect.poll(() => announced(p)).toContain('Alice reacted with 🎉');
    await expect.poll(() => reactionsFrom(p, alice)).toEqual(['🎉']);
  }
  await expect.poll(() => announced(alice)).toContain('You reacted with 🎉');
  // It goes after about 4 s.
  await expect(tileOf(bob, 'Alice').getByTestId('reaction')).toHaveCount(0, { timeout: 10_000 });
  await picker(alice).press('Escape');
  await expect(picker(alice)).toHaveCount(0);
  await expect(menu(alice)).toBeFocused();

  // Carol sends 8 at once (clicks in one go, so all fall inside the 10 s window): 5 go through.
  await menu(carol).click();
  await picker(carol)
    .getByRole('button', { name: 'React with clapping hands' })
    .evaluate((button: HTMLButtonElement) => {
      for (let i = 0; i < 8; i += 1) button.click();
    });
  await expect.poll(() => announced(carol)).toContain('Too many reactions. Wait a few seconds.');
  // Bob's own reaction comes back after everything Carol's burst delivered (the refusals above
  // were answered after it): from then on, no more of Carol's can be on the way.
  await menu(bob).click();
  await picker(bob).getByRole('button', { name: 'React with thumbs up' }).click();
  await expect(selfView(bob).getByTestId('reaction')).toHaveText('👍');
  const five = Array<string>(5).fill('👏');
  await expect.poll(() => reactionsFrom(bob, carol)).toEqual(five);
  await expect.poll(() => reactionsFrom(alice, carol)).toEqual(five);
  const ownAtCarol = await carol.page.evaluate(() => window.__roomCall?.reactions() ?? []);
  expect(ownAtCarol.filter((r) => r.emoji === '👏')).toHaveLength(5);
});

test.describe('the signaling server restarts', () => {
  const env = { RESUME_SECRET: 'hands-test-secret-0123456789abcdef' };
  test.use({ serverEnv: env });

  test('a raised hand is raised again on the restarted server, which forgot it', async ({
    app,
    participant,
  }) => {
    const [alice, bob] = await inColourCall(participant, app.url, 'restart', ['Alice', 'Bob']);
    if (!alice || !bob) throw new Error('two people expected');
    const microphone = alice.page.getByRole('button', { name: 'Microphone' });
    await microphone.click();
    await expect(microphone).toHaveAttribute('aria-pressed', 'false');
    await handToggle(alice).click();
    await expect(tileOf(bob, 'Alice')).toHaveAttribute('data-hand-raised', 'true');

    await restartServerMidCall(app, env, {
      watching: [alice],
      whileUp: async () => {
        await expect(serverStatus(alice)).toBeHidden({ timeout: 10_000 });
        await expect(serverStatus(bob)).toBeHidden({ timeout: 10_000 });
        await expect(handToggle(alice)).toHaveAttribute('aria-pressed', 'true');
        // Bob met Alice again on the new server (her hand down there at first), then her raise.
        await expect(tileOf(bob, 'Alice')).toHaveAttribute('data-hand-raised', 'true');
      },
    });
  });
});
