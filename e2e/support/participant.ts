import { expect } from './expect.ts';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import type { Engine } from './browsers.ts';
import { mediaStats } from './stats.ts';
import type { PeerMediaStats } from './stats.ts';
import { DEFAULT_GRACE_MS } from '../../signal/createSignalServer.ts';

export interface Participant {
  name: string;
  engine: Engine;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors seen so far. */
  errors: Error[];
}

/**
 * Replaces a text box's value. In Firefox it is typed key by key, as a person would: `fill()`
 * sets the value in one step, which React's controlled inputs missed there under WebDriver
 * BiDi. Chromium takes `fill()`: typing key by key into a page busy with a call cost a second
 * a key on a loaded machine.
 */
export async function typeInto(box: Locator, text: string): Promise<void> {
  if (box.page().context().browser()?.browserType().name() === 'firefox') {
    await box.clear();
    await box.pressSequentially(text);
  } else {
    await box.fill(text);
  }
  await expect(box).toHaveValue(text);
}

/**
 * How long a leave may take to remove the person's tile for the others: a product deadline, not
 * a speed figure. A leave reaches the room at once (one relayed event, one render: tens of ms on
 * an idle machine, seconds on a loaded one); a connection that drops instead is kept for the
 * server's grace period, so a tile gone within this (well inside the grace) went because of the
 * leave itself.
 */
export const leaveDeadline = (graceMs: number): number => graceMs * 0.6;
export const LEAVE_DEADLINE_MS = leaveDeadline(DEFAULT_GRACE_MS);

/** Lobby → pre-join view of `room` (through the UI, as a person would). */
export async function goToRoom(p: Participant, baseUrl: string, room: string): Promise<void> {
  await p.page.goto(baseUrl);
  await typeInto(p.page.getByRole('textbox', { name: 'Your name' }), p.name);
  await typeInto(p.page.getByRole('textbox', { name: 'Room name' }), room);
  await p.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(p.page.getByRole('button', { name: 'Join call' })).toBeVisible();
}

const clickJoin = (p: Participant) => p.page.getByRole('button', { name: 'Join call' }).click();
const callViewShown = (p: Participant) =>
  expect(p.page.getByRole('button', { name: 'Leave call' })).toBeVisible();

/** Pre-join → call. */
export async function enterCall(p: Participant): Promise<void> {
  await clickJoin(p);
  await callViewShown(p);
}

/** Lobby → pre-join → call. */
export async function joinCall(p: Participant, baseUrl: string, room: string): Promise<void> {
  await goToRoom(p, baseUrl, room);
  await enterCall(p);
}

/**
 * Runs `tasks` side by side (checks of several pages: on a loaded machine each page answers
 * slowly, and one after another their waits add up) and fails with the first failure, once
 * every task has ended, so that no check outlives the test.
 */
export async function inParallel(tasks: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(tasks)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * `people` reach the pre-join of `room` side by side (nobody is in the call yet, so the lobby
 * pages are quick), then enter the call one after another, in their order: the join order
 * (who is polite, who offers, how tiles are sorted) stays the one the test gave. Resolves once
 * everyone's call view shows.
 */
export async function joinInTurn(
  people: readonly Participant[],
  baseUrl: string,
  room: string,
): Promise<void> {
  await inParallel(people.map((person) => goToRoom(person, baseUrl, room)));
  // Each waits for the server's answer to the one before (the order is then fixed), not for
  // that one's call view, which shows only once its connections are up.
  for (const person of people) {
    await clickJoin(person);
    await expect
      .poll(() => person.page.evaluate(() => window.__roomCall?.phase()), {
        intervals: [20, 50],
        message: `${person.name} in the call`,
      })
      .toBe('in-call');
  }
  await inParallel(people.map(callViewShown));
}

/**
 * `people` join `room` one after another (joinInTurn); resolves once each decodes media,
 * rising, from every other (the `inCall` fixture and `inColourCall`).
 */
export async function joinAll(
  people: readonly Participant[],
  baseUrl: string,
  room: string,
): Promise<void> {
  await joinInTurn(people, baseUrl, room);
  await inParallel(
    people.map((person) => expectMediaFlowing(person, people.length - 1, { timeout: 30_000 })),
  );
}

export const tileOf = (p: Participant, peerName: string) =>
  p.page.locator(`[data-testid="tile"][data-peer-name="${peerName}"]`);

const byPeer = (list: PeerMediaStats[]) => new Map(list.map((s) => [s.peerId, s]));

/**
 * Proves media arrives from `expectedPeers` remote peers: on every connection the
 * selected candidate pair succeeded, and decoded video frames and received audio
 * bytes keep rising between two samples.
 */
export async function expectMediaFlowing(
  p: Participant,
  expectedPeers: number,
  options: { audio?: boolean; timeout?: number } = {},
): Promise<void> {
  const timeout = options.timeout ?? 20_000;
  const checkAudio = options.audio ?? true;
  await expect
    .poll(
      async () => {
        const list = await mediaStats(p.page);
        return list.filter((s) => s.pairSucceeded && s.framesDecoded > 0).length;
      },
      { timeout, message: `${p.name}: connections with decoded video` },
    )
    .toBe(expectedPeers);
  const before = byPeer(await mediaStats(p.page));
  await expect
    .poll(
      async () => {
        const after = await mediaStats(p.page);
        return after.filter((s) => {
          const b = before.get(s.peerId);
          return (
            b !== undefined &&
            s.pairSucceeded &&
            s.framesDecoded > b.framesDecoded &&
            s.videoBytesReceived > b.videoBytesReceived &&
            (!checkAudio || s.audioBytesReceived > b.audioBytesReceived)
          );
        }).length;
      },
      { timeout, message: `${p.name}: media rising on every connection` },
    )
    .toBe(expectedPeers);
}
