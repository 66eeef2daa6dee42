/**
 * Room membership. The in-memory registry is the embedded default; the
 * interface is async so a shared store (Redis) can implement it with the
 * same semantics: capacity, ownership and password checks are atomic per call.
 */
import type { PeerId, PeerInfo } from './protocol.ts';

export interface Member extends PeerInfo {
  /** The connection currently speaking for this peer (a socket id). */
  owner: string;
  /** The node holding that connection (the shared registry only; see redisRoomRegistry.ts). */
  node?: string | undefined;
}

/**
 * What `update` changes: the media flags, and the hand as the server time it went up (null:
 * lowered). A hand raised again while up keeps its first time, so a repeated raise cannot
 * jump the queue of raised hands, nor lose its place in it.
 */
export interface MemberPatch {
  audio?: boolean;
  video?: boolean;
  screen?: boolean;
  hand?: number | null;
}

export type JoinOutcome =
  | {
      ok: true;
      peers: PeerInfo[];
      /** false when the peer was already a member (resume). */ added: boolean;
    }
  | { ok: false; reason: 'room-full' | 'wrong-password' };

/** Whether a room exists and, if so, the hash of its password (null: open room). */
export type RoomLock = { exists: false } | { exists: true; passwordHash: string | null };

export interface RoomRegistry {
  /**
   * Adds the member, or re-binds it to a new owner if its id is already in the room.
   * `passwordHash` (see roomPassword.ts) is stored with the room when this join creates
   * it; an existing room is joined only when it equals the stored hash (null for an open
   * room), else the outcome is `wrong-password`. Callers verify the password against
   * `lock()` first; comparing hashes here makes that check atomic with the join.
   */
  join(
    room: string,
    member: Member,
    maxPeers: number,
    passwordHash?: string | null,
  ): Promise<JoinOutcome>;
  /** The room's lock; the stored hash never leaves the server. */
  lock(room: string): Promise<RoomLock>;
  /** Removes the member; with `owner`, only while that owner still holds it. */
  leave(room: string, id: PeerId, owner?: string): Promise<boolean>;
  update(room: string, id: PeerId, patch: MemberPatch): Promise<PeerInfo | null>;
  get(room: string, id: PeerId): Promise<Member | null>;
  /**
   * The member, to relay a message to it: like `get`, but answered at once where that is
   * possible (the in-memory registry; a node's cache of the shared one, which forgets a member
   * when it leaves or moves to another connection). For relaying: its owner is current, its
   * other fields may be older. Not a copy: callers only read it.
   */
  lookup(room: string, id: PeerId): Readonly<Member> | null | Promise<Readonly<Member> | null>;
  roomCount(): Promise<number>;
}

export const toPeerInfo = ({ id, name, audio, video, screen, hand }: PeerInfo): PeerInfo => ({
  id,
  name,
  audio,
  video,
  screen,
  hand: hand ?? null,
});

export class MemoryRoomRegistry implements RoomRegistry {
  private readonly rooms = new Map<string, Map<PeerId, Member>>();
  private readonly passwords = new Map<string, string>();

  join(
    room: string,
    member: Member,
    maxPeers: number,
    passwordHash: string | null = null,
  ): Promise<JoinOutcome> {
    const members = this.rooms.get(room) ?? new Map<PeerId, Member>();
    if (this.rooms.has(room) && (this.passwords.get(room) ?? null) !== passwordHash) {
      return Promise.resolve({ ok: false, reason: 'wrong-password' });
    }
    if (!this.rooms.has(room) && passwordHash !== null) this.passwords.set(room, passwordHash);
    const existing = members.has(member.id);
    if (!existing && members.size >= maxPeers) {
      return Promise.resolve({ ok: false, reason: 'room-full' });
    }
    const peers = [...members.values()].filter((m) => m.id !== member.id).map(toPeerInfo);
    members.set(member.id, { ...member });
    this.rooms.set(room, members);
    return Promise.resolve({ ok: true, peers, added: !existing });
  }

  leave(room: string, id: PeerId, owner?: string): Promise<boolean> {
    const members = this.rooms.get(room);
    const member = members?.get(id);
    if (!members || !member || (owner !== undefined && member.owner !== owner)) {
      return Promise.resolve(false);
    }
    members.delete(id);
    if (members.size === 0) {
      this.rooms.delete(room);
      this.passwords.delete(room);
    }
    return Promise.resolve(true);
  }

  lock(room: string): Promise<RoomLock> {
    if (!this.rooms.has(room)) return Promise.resolve({ exists: false });
    return Promise.resolve({ exists: true, passwordHash: this.passwords.get(room) ?? null });
  }

  update(room: string, id: PeerId, patch: MemberPatch): Promise<PeerInfo | null> {
    const member = this.rooms.get(room)?.get(id);
    if (!member) return Promise.resolve(null);
    if (patch.audio !== undefined) member.audio = patch.audio;
    if (patch.video !== undefined) member.video = patch.video;
    if (patch.screen !== undefined) member.screen = patch.screen;
    if (patch.hand === null) member.hand = null;
    else if (patch.hand !== undefined) member.hand ??= patch.hand;
    return Promise.resolve(toPeerInfo(member));
  }

  get(room: string, id: PeerId): Promise<Member | null> {
    const member = this.rooms.get(room)?.get(id);
    return Promise.resolve(member ? { ...member } : null);
  }

  lookup(room: string, id: PeerId): Readonly<Member> | null {
    return this.rooms.get(room)?.get(id) ?? null;
  }

  roomCount(): Promise<number> {
    return Promise.resolve(this.rooms.size);
  }
}
