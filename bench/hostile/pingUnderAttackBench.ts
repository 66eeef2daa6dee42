/**
 * Figure 5: how much slower the server answers an ordinary request while hostile clients
 * attack it. The scenario is the hostile-clients test's (signal/hostileAttack.ts): a watcher
 * pings with an acknowledged `peer:update`, 100 times on the idle server (the baseline: the
 * same server, the same request, timed the same way, before any attacker sends), then
 * throughout the attack. Both are p95 of the watcher's round trips.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { hostileLimits, p95, runHostileAttack } from '../../signal/hostileAttack.ts';
import { startTestServer } from '../../signal/testing.ts';

export interface HostileFigures {
  idleP95Ms: number;
  attackP95Ms: number;
  attackMaxMs: number;
  pings: number;
  messages: number;
}

export async function runHostileBench(): Promise<HostileFigures> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const server = await startTestServer({ limits: hostileLimits });
  try {
    const outcome = await runHostileAttack(server, gc);
    for (const person of outcome.people) person.socket.close();
    return {
      idleP95Ms: p95(outcome.idlePings),
      attackP95Ms: p95(outcome.pings),
      attackMaxMs: Math.max(...outcome.pings),
      pings: outcome.pings.length,
      messages: outcome.sent,
    };
  } finally {
    await server.close();
  }
}
