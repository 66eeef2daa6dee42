/**
 * One node's memory of who is in which room, for relaying: with several nodes the membership
 * lives in Redis, and looking the recipient up there on every relay was the largest cost of a
 * relay between nodes (a round trip, and Redis' own work). Only members found are kept, and only
 * while the shared registry tells this node when they go: each leave and each move to another
 * connection is published to every node (see redisRoomRegistry.ts), which forgets the member. A
 * lookup that was under way when something was forgotten keeps nothing, so that an answer read
 * before a leave cannot outlive it; and every entry is read again after `ttlMs` anyway, which
 * bounds what a missed notice can leave behind.
 *
 * A stale entry could never carry a message out of the sender's room: a PeerId belongs to one
 * room for its whole life (a resumed peer keeps its id only in the same room), and messages go
 * to the peer's own Socket.IO room, which only that peer's connections join.
 */
import type { PeerId } from './protocol.ts';
import type { Member } from './roomRegistry.ts';

interface Entry {
  member: Readonly<Member>;
  until: number;
}

export class MembershipCache {
  private readonly rooms = new Map<string, Map<PeerId, Entry>>();
  private entries = 0;
  /** Counts what was forgotten: a lookup started before a change keeps nothing. */
  private changes = 0;

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 100_000,
  ) {}

  /** To pass to `remember` with the lookup's answer. */
  get version(): number {
    return this.changes;
  }

  get(room: string, id: PeerId, now: number): Readonly<Member> | undefined {
    const entry = this.rooms.get(room)?.get(id);
    if (!entry) return undefined;
    if (now < entry.until) return entry.member;
    this.forget(room, id);
    return undefined;
  }

  /** Keeps a member a lookup found, unless anything was forgotten since it started. */
  remember(room: string, member: Readonly<Member>, version: number, now: number): void {
    if (version !== this.changes) return;
    // A bound, not an eviction policy: a node relays for its own members' rooms only.
    if (this.entries >= this.maxEntries) this.clear();
    let members = this.rooms.get(room);
    if (!members) {
      members = new Map();
      this.rooms.set(room, members);
    }
    if (!members.has(member.id)) this.entries += 1;
    members.set(member.id, { member, until: now + this.ttlMs });
  }

  forget(room: string, id: PeerId): void {
    this.changes += 1;
    const members = this.rooms.get(room);
    if (!members?.delete(id)) return;
    this.entries -= 1;
    if (members.size === 0) this.rooms.delete(room);
  }

  clear(): void {
    this.changes += 1;
    this.rooms.clear();
    this.entries = 0;
  }

  get size(): number {
    return this.entries;
  }
}
