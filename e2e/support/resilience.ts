import { expect } from './expect.ts';
import type { Page } from '@playwright/test';
import { startApp } from './appServer.ts';
import type { AppServer, ServerEnv } from './appServer.ts';
import type { Participant } from './participant.ts';
import { mediaStats } from './stats.ts';

/** Video frames decoded so far from every remote peer together. */
export async function framesDecoded(p: Participant): Promise<number> {
  const list = await mediaStats(p.page);
  return list.reduce((sum, s) => sum + s.framesDecoded, 0);
}

/**
 * Over `durationMs`, proves again and again that decoded frames keep rising:
 * each round waits (on the condition, not a timer) for the count to pass the
 * last one seen, on every participant. Bounded by the duration.
 */
export async function expectFramesRisingFor(
  people: Participant[],
  durationMs: number,
  message: string,
): Promise<number> {
  const until = Date.now() + durationMs;
  const last = new Map<Participant, number>();
  for (const p of people) last.set(p, await framesDecoded(p));
  let rounds = 0;
  while (Date.now() < until) {
    for (const p of people) {
      const before = last.get(p) ?? 0;
      await expect
        .poll(() => framesDecoded(p), { timeout: 3000, message: `${p.name}: ${message}` })
        .toBeGreaterThan(before + 10);
      last.set(p, await framesDecoded(p));
    }
    rounds += 1;
  }
  return rounds;
}

/** The PeerIds this page holds peer connections with. */
export async function sessionPeerIds(page: Page): Promise<string[]> {
  return page.evaluate(() => (window.__roomCall?.sessions() ?? []).map((s) => s.peerId).sort());
}

/** ICE username fragment of the remote description of each peer connection. */
export async function remoteUfrags(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window.__roomCall?.sessions() ?? []).map(
      ({ pc }) => /a=ice-ufrag:(\S+)/.exec(pc.remoteDescription?.sdp ?? '')?.[1] ?? '',
    ),
  );
}

export const serverStatus = (p: Participant) =>
  p.page.getByRole('status').filter({ hasText: 'Reconnecting to server' });

/**
 * The signaling server dies mid-call (SIGKILL: no goodbye to anyone) and `watching` show it; after
 * `whileDown`, a new one that remembers nothing starts on the same port with `env`, `whileUp`
 * runs against it, and it is stopped whatever happens.
 */
export async function restartServerMidCall(
  app: AppServer,
  env: ServerEnv,
  steps: {
    watching: Participant[];
    whileDown?: () => Promise<void>;
    whileUp: (restarted: AppServer) => Promise<void>;
  },
): Promise<void> {
  const exited = new Promise((resolve) => app.process.once('exit', resolve));
  app.process.kill('SIGKILL');
  await exited;
  for (const p of steps.watching) await expect(serverStatus(p)).toBeVisible();
  await steps.whileDown?.();
  let restarted: AppServer | undefined;
  try {
    restarted = await startApp(env, app.port);
    await steps.whileUp(restarted);
  } finally {
    await restarted?.stop();
  }
}
