/**
 * Hostile clients against a real server: 50 people in 25 password-protected
 * rooms talk while 10 attackers send 10,000 messages of every bad kind we know.
 * The per-connection message rate is lifted here so that every message reaches
 * the validators and handlers (the limits have their own tests in
 * limits.test.ts); join attempts stay limited per address, as in production,
 * which bounds password guessing (each guess costs an scrypt).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { PeerId } from './protocol.ts';
import { startTestServer } from './testing.ts';
import type { TestServer } from './testing.ts';
import {
  ATTACKERS,
  MESSAGES_PER_ATTACKER,
  hostileLimits,
  p95,
  runHostileAttack,
} from './hostileAttack.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ limits: hostileLimits });
});
afterAll(async () => {
  await server.close();
});

describe('hostile clients', () => {
  it(
    // How fast it answers meanwhile is a figure of the bench (npm run bench), not a test bound.
    'deliver nothing outside the sender’s room, and the server keeps answering everyone',
    { timeout: 180_000 },
    async () => {
      const { people, attackers, selves, sent, talkFailures, idlePings, pings, heapGrowth } =
        await runHostileAttack(server, gc);
      const peersOf = (room: number) =>
        new Set(people.filter((p) => p.room === room).map((p) => p.self.id));

      expect(sent).toBe(ATTACKERS * MESSAGES_PER_ATTACKER);
      expect(talkFailures).toEqual([]);
      // Zero deliveries outside the sender's room.
      for (const person of people) {
        const own = peersOf(person.room);
        for (const [event, payload] of person.received) {
          expect(['signal', 'peer:updated', 'room:peer-joined', 'room:peer-left']).toContain(event);
          const from =
            event === 'signal'
              ? (payload as { from: PeerId }).from
              : (payload as { id: PeerId }).id;
          expect(own.has(from), `${event} from outside room-${person.room}`).toBe(true);
        }
        // Everything the partner sent arrived.
        expect(person.received.filter(([e]) => e === 'signal')).toHaveLength(10);
      }
      for (const [index, attacker] of attackers.entries()) {
        const mate = index < 8 ? (selves[index ^ 1] ?? null) : null;
        for (const [event, payload] of attacker.received) {
          if (event !== 'signal') continue;
          expect((payload as { from: PeerId }).from).toBe(mate);
        }
      }
      console.info(
        `hostile: ${sent} messages, ${attackers.reduce((n, a) => n + a.connections, 0)} ` +
          `attacker connections; ping p95 ${p95(pings).toFixed(1)} ms under attack, ` +
          `${p95(idlePings).toFixed(1)} ms idle; heap growth ${(heapGrowth / 2 ** 20).toFixed(1)} MB`,
      );
      // The server kept answering the watcher throughout (each ping has a 5 s ack timeout).
      expect(pings.length).toBeGreaterThan(10);
      expect(heapGrowth).toBeLessThan(50 * 2 ** 20);
    },
  );
});
