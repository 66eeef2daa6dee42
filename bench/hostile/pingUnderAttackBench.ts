/**
 * Figure 5: how much slower the server answers an ordinary request while hostile clients
 * attack it. The scenario is the hostile-clients test's (signal/hostileAttack.ts): a watcher
 * pings with an acknowledged `peer:update`, 100 times on the idle server (the baseline: the
 * same server, the same request, timed the same way, before any attacker sends), then
 * throughout the attack. Both are p95 of the watcher's round trips.
 *
 * Three processes: the server alone in its own (as figure 1's), the people and attackers in
 * another (attackProcess.ts), the watcher here; so the pings pay for the attack only through
 * the server, not for the attack's client-side work on the same event loop.
 */
import { fileURLToPath } from 'node:url';
import { idlePings, joinWatcher, keepPinging, p95, targetAt } from '../../signal/hostileAttack.ts';
import { forkTs, ofType } from '../processes.ts';
import type { Child } from '../processes.ts';
import { startServer } from '../relay/relayProcesses.ts';
import type { AttackCommand, AttackMessage } from './messages.ts';

export interface HostileFigures {
  idleP95Ms: number;
  attackP95Ms: number;
  attackMaxMs: number;
  pings: number;
  messages: number;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export async function runHostileBench(): Promise<HostileFigures> {
  const server = await startServer('hostile');
  const attackers: Child<AttackCommand, AttackMessage> = forkTs(here('./attackProcess.ts'), [
    server.url,
  ]);
  const target = targetAt(server.url);
  try {
    await attackers.next(ofType<AttackMessage, 'ready'>('ready'), 120_000);
    const watcher = await joinWatcher(target);
    const idle = await idlePings(watcher);
    const watching = keepPinging(watcher);
    const done = attackers.next(ofType<AttackMessage, 'done'>('done'), 180_000);
    attackers.send({ type: 'attack' });
    let outcome: Extract<AttackMessage, { type: 'done' }>;
    let pings: number[];
    try {
      outcome = await done;
    } finally {
      // Stop pinging whether the attack ends or its process fails.
      pings = await watching.stop();
    }
    if (outcome.talkFailures.length > 0) {
      console.warn(`hostile: people's own candidates refused: ${outcome.talkFailures.join(', ')}`);
    }
    return {
      idleP95Ms: p95(idle),
      attackP95Ms: p95(pings),
      attackMaxMs: Math.max(...pings),
      pings: pings.length,
      messages: outcome.sent,
    };
  } finally {
    target.close();
    await attackers.stop();
    await server.stop();
  }
}
