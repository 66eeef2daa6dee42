/**
 * The SFU broker's dealings with Janus instances as such: which instance a new room goes to,
 * making and destroying a room's videoroom there, and whether any instance answers (/readyz).
 */
import { randomBytes } from 'node:crypto';
import type { RoomId } from 'janode/plugins/videoroom';
import type { Logger } from 'pino';
import { withTimeout } from './janusLink.ts';
import type { Instance, Orphan, SfuInstanceStats, SfuRoom, SfuStats } from './brokerState.ts';

/** Of the connected instances, the one with the fewest publishers, then rooms, then listed first. */
export function leastLoaded(
  instances: readonly Instance[],
  loads: readonly SfuInstanceStats[],
): Instance | null {
  let best: Instance | null = null;
  let bestLoad: SfuInstanceStats | null = null;
  for (const instance of instances) {
    const load = loads[instance.index];
    if (!load?.up) continue;
    if (
      bestLoad === null ||
      load.publishers < bestLoad.publishers ||
      (load.publishers === bestLoad.publishers && load.rooms < bestLoad.rooms)
    ) {
      best = instance;
      bestLoad = load;
    }
  }
  return best;
}

/** A private videoroom with a random secret, made as soon as the instance has a session. */
export function createJanusRoom(
  instance: Instance,
  opts: { adminKey: string | undefined; publishers: number; requestTimeoutMs: number },
): { secret: string; janus: Promise<RoomId> } {
  const secret = randomBytes(18).toString('base64url');
  const janus = instance.link.session().then(async ({ control }) => {
    const created = await withTimeout(
      control.create({
        secret,
        ...(opts.adminKey !== undefined && { admin_key: opts.adminKey }),
        is_private: true,
        max_publishers: opts.publishers,
        description: 'room-call',
      }),
      opts.requestTimeoutMs,
      'room create',
    );
    return created.room;
  });
  return { secret, janus };
}

/** Destroys a room's videoroom; `later` keeps it for when its instance is back. */
export async function destroyJanusRoom(
  room: Orphan & { instance: Instance },
  opts: { requestTimeoutMs: number; log: Logger; later: () => void },
): Promise<void> {
  // A room Janus never made has nothing to destroy.
  const id = await room.janus.catch(() => null);
  if (id === null) return;
  const { instance, secret } = room;
  const live = instance.link.current;
  if (!live) {
    opts.later();
    return;
  }
  try {
    await withTimeout(
      live.control.destroy({ room: id, secret }),
      opts.requestTimeoutMs,
      'room destroy',
    );
  } catch (err) {
    if (!instance.link.up) opts.later();
    // 426: no such room (the instance was restarted, and its rooms went with it).
    else if (!(err instanceof Error && err.message.startsWith('426 '))) {
      opts.log.warn({ err, server: instance.index }, 'could not destroy a janus room');
    }
  }
}

/**
 * Resolves while at least one instance answers; otherwise throws a short reason naming each
 * instance by position (with one instance, its own reason).
 */
export async function readiness(instances: readonly Instance[]): Promise<void> {
  const [only] = instances;
  if (instances.length === 1 && only) return only.link.check();
  try {
    await Promise.any(instances.map(({ link }) => link.check()));
  } catch (err) {
    const reasons = err instanceof AggregateError ? err.errors : [];
    const each = reasons.map((e: unknown, i) => {
      const message = e instanceof Error ? e.message : 'not ready';
      return `#${i} ${message.replace(/^janus is /, '')}`;
    });
    throw new Error(`no janus is answering (${each.join(', ')})`, { cause: err });
  }
}

/** Rooms and publishing members on this node, in all and per instance. */
export function loadOf(instances: readonly Instance[], rooms: Iterable<SfuRoom>): SfuStats {
  const loads = instances.map(({ index, link }): SfuInstanceStats => ({
    janus: index,
    up: link.up,
    rooms: 0,
    publishers: 0,
  }));
  for (const room of rooms) {
    const counts = loads[room.instance.index];
    if (!counts) continue;
    counts.rooms += 1;
    for (const member of room.members.values()) if (member.publishing) counts.publishers += 1;
  }
  const sum = (key: 'rooms' | 'publishers') => loads.reduce((n, i) => n + i[key], 0);
  return { rooms: sum('rooms'), publishers: sum('publishers'), instances: loads };
}
