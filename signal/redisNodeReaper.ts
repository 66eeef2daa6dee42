/**
 * Grace timers live in the node that saw a connection drop, so they die with
 * that node. To cover for a dead node, every node keeps a short-lived liveness
 * key in Redis, and every node looks over the rooms now and then: a member
 * whose node's key has expired is given the grace period (counted from when
 * it was noticed) to resume elsewhere, then removed with the owner-checked
 * leave and announced as left. Several nodes may notice the same member; the
 * owner check lets exactly one of them remove it.
 */
import type { Logger } from 'pino';
import { ServerEvent } from './protocol.ts';
import { ioRoom } from './context.ts';
import type { SignalIo } from './context.ts';
import type { RedisRoomRegistry } from './redisRoomRegistry.ts';

export interface LivenessRedis {
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
  mGet(keys: string[]): Promise<(string | null)[]>;
}

export interface ReaperOptions {
  redis: LivenessRedis;
  registry: RedisRoomRegistry;
  io: SignalIo;
  log: Logger;
  nodeId: string;
  prefix: string;
  graceMs: number;
  /** How often the liveness key is renewed and the rooms looked over. */
  intervalMs: number;
}

export function startNodeReaper(o: ReaperOptions): () => void {
  const aliveKey = (node: string) => `${o.prefix}node:${node}`;
  // A node is dead once it missed three renewals.
  const ttlMs = o.intervalMs * 3;
  const deadSince = new Map<string, number>();
  let busy = false;

  const tick = async () => {
    await o.redis.set(aliveKey(o.nodeId), '1', { PX: ttlMs });
    const members = await o.registry.allMembers();
    const nodes = [...new Set(members.flatMap((m) => (m.node ? [m.node] : [])))];
    const alive = nodes.length ? await o.redis.mGet(nodes.map(aliveKey)) : [];
    const dead = new Set(nodes.filter((_, i) => alive[i] === null));
    const now = Date.now();
    const seen = new Set<string>();
    for (const m of members) {
      if (!m.node || !dead.has(m.node)) continue;
      const key = `${m.room}\n${m.id}\n${m.owner}`;
      seen.add(key);
      const since = deadSince.get(key) ?? now;
      deadSince.set(key, since);
      if (now - since < o.graceMs) continue;
      if (await o.registry.leave(m.room, m.id, m.owner)) {
        o.io.to(ioRoom.room(m.room)).emit(ServerEvent.PeerLeft, { id: m.id });
        o.log.info('removed a participant of a node that stopped');
      }
    }
    for (const key of deadSince.keys()) if (!seen.has(key)) deadSince.delete(key);
  };

  const run = () => {
    if (busy) return;
    busy = true;
    tick()
      .catch((err: unknown) => o.log.warn({ err }, 'node liveness check failed'))
      .finally(() => {
        busy = false;
      });
  };
  run(); // at once: this node's members must not look orphaned to the others
  const timer = setInterval(run, o.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
