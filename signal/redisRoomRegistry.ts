/**
 * Room membership shared by every node through Redis. Each room is one hash
 * (PeerId -> member JSON); every call that reads and writes runs as one Lua
 * script, so the capacity check of a join and the owner check of a leave are
 * atomic across nodes, exactly as the in-memory registry's are within one.
 * Relays look members up in a per-node cache (membershipCache.ts), which every
 * node's leaves and moves invalidate through a sharded pub/sub channel.
 */
import { createHash } from 'node:crypto';
import type { PeerId, PeerInfo } from './protocol.ts';
import { toPeerInfo } from './roomRegistry.ts';
import type { JoinOutcome, Member, MemberPatch, RoomLock, RoomRegistry } from './roomRegistry.ts';
import { MembershipCache } from './membershipCache.ts';

/** The few commands the registry needs; a `redis` (node-redis) client provides them. */
export interface RegistryRedis {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  scriptLoad(script: string): Promise<string>;
  hGet(key: string, field: string): Promise<string | null>;
  hVals(key: string): Promise<string[]>;
  sCard(key: string): Promise<number>;
  sMembers(key: string): Promise<string[]>;
  exists(key: string): Promise<number>;
  get(key: string): Promise<string | null>;
  sPublish(channel: string, message: string): Promise<number>;
}

/** Where the notices of members gone or moved arrive: a subscribed node-redis client. */
export interface NoticeSubscriber {
  sSubscribe(channel: string, listener: (message: string) => void): Promise<void>;
}

/** A member as stored: with its room and the node that holds its connection. */
export interface StoredMember extends Member {
  room: string;
  node?: string;
}

// KEYS: room hash, room set, room password key. ARGV: id, member JSON, capacity, room key,
// password hash ('' = open room). Returns {existed (0/1), members before the join},
// {-1} when full, {-2} when the room's password hash differs.
const JOIN = `
local room_exists = redis.call('EXISTS', KEYS[1]) == 1
if room_exists then
  if (redis.call('GET', KEYS[3]) or '') ~= ARGV[5] then return {-2} end
elseif ARGV[5] ~= '' then
  redis.call('SET', KEYS[3], ARGV[5])
else
  redis.call('DEL', KEYS[3])
end
local existed = redis.call('HEXISTS', KEYS[1], ARGV[1])
if existed == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return {-1}
end
local before = redis.call('HVALS', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[4])
return {existed, before}
`;

// KEYS: room hash, room set, room password key. ARGV: id, owner ('' = any), room key.
// Returns 1 when removed.
const LEAVE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
if ARGV[2] ~= '' and cjson.decode(raw).owner ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[2], ARGV[3])
  redis.call('DEL', KEYS[3])
end
return 1
`;

// KEYS: room hash. ARGV: id, patch JSON. Returns the updated member JSON, or nil.
// The hand as in the in-memory registry: JSON null lowers it, a time raises it unless it is up.
const UPDATE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return nil end
local member = cjson.decode(raw)
local patch = cjson.decode(ARGV[2])
for _, k in ipairs({'audio', 'video', 'screen'}) do
  if patch[k] ~= nil then member[k] = patch[k] end
end
if patch.hand == cjson.null then
  member.hand = nil
elseif patch.hand ~= nil and (member.hand == nil or member.hand == cjson.null) then
  member.hand = patch.hand
end
local out = cjson.encode(member)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out
`;

class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, loading the script once when this Redis has not seen it (or was flushed). */
  async run(redis: RegistryRedis, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await redis.evalSha(this.sha, { keys, arguments: args });
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      await redis.scriptLoad(this.source);
      return redis.evalSha(this.sha, { keys, arguments: args });
    }
  }
}

const scripts = { join: new Script(JOIN), leave: new Script(LEAVE), update: new Script(UPDATE) };

const parseMember = (raw: string): Member => JSON.parse(raw) as Member;

export class RedisRoomRegistry implements RoomRegistry {
  private readonly cache = new MembershipCache();
  /** True while this node hears the notices (see `listen`); without them nothing is cached. */
  private caching = false;
  private listening = false;

  /**
   * @param nodeId stamped on the members this node holds, so that another node can
   *   tell when they were left behind by a node that stopped (see redisNodeReaper.ts).
   */
  constructor(
    private readonly redis: RegistryRedis,
    private readonly prefix = 'room-call:',
    private readonly nodeId?: string,
  ) {}

  private roomKey(room: string): string {
    return `${this.prefix}room:${room}`;
  }

  private passwordKey(room: string): string {
    return `${this.prefix}password:${room}`;
  }

  private get roomsKey(): string {
    return `${this.prefix}rooms`;
  }

  private get noticeChannel(): string {
    return `${this.prefix}members-gone`;
  }

  /**
   * Hears every node's notices of members that left or moved, and starts caching lookups.
   * Call `noticesLost` whenever the subscriber's connection drops (notices may be missed
   * until it is back) and `noticesBack` when it is ready again.
   */
  async listen(subscriber: NoticeSubscriber): Promise<void> {
    await subscriber.sSubscribe(this.noticeChannel, (message) => {
      const [room, id] = JSON.parse(message) as [string, PeerId];
      this.cache.forget(room, id);
    });
    this.listening = true;
    this.caching = true;
  }

  noticesLost(): void {
    this.caching = false;
    this.cache.clear();
  }

  noticesBack(): void {
    this.cache.clear();
    this.caching = this.listening;
  }

  /** Members this node's cache holds (for tests). */
  get cachedMembers(): number {
    return this.cache.size;
  }

  /** This node forgets at once; the others when the notice reaches them. */
  private async gone(room: string, id: PeerId): Promise<void> {
    this.cache.forget(room, id);
    // A lost notice is bounded by the cache's expiry; the change itself has happened.
    await this.redis.sPublish(this.noticeChannel, JSON.stringify([room, id])).catch(() => 0);
  }

  async join(
    room: string,
    member: Member,
    maxPeers: number,
    passwordHash: string | null = null,
  ): Promise<JoinOutcome> {
    const reply = (await scripts.join.run(
      this.redis,
      [this.roomKey(room), this.roomsKey, this.passwordKey(room)],
      [
        member.id,
        JSON.stringify({ ...member, node: this.nodeId }),
        String(maxPeers),
        room,
        passwordHash ?? '',
      ],
    )) as [number, string[]?];
    const [existed, before = []] = reply;
    if (existed === -1) return { ok: false, reason: 'room-full' };
    if (existed === -2) return { ok: false, reason: 'wrong-password' };
    // A member resuming on a new connection: whoever cached its old one must look again.
    if (existed === 1) await this.gone(room, member.id);
    const peers = before
      .map(parseMember)
      .filter((m) => m.id !== member.id)
      .map(toPeerInfo);
    return { ok: true, peers, added: existed === 0 };
  }

  async leave(room: string, id: PeerId, owner?: string): Promise<boolean> {
    const removed = await scripts.leave.run(
      this.redis,
      [this.roomKey(room), this.roomsKey, this.passwordKey(room)],
      [id, owner ?? '', room],
    );
    if (removed !== 1) return false;
    await this.gone(room, id);
    return true;
  }

  async update(room: string, id: PeerId, patch: MemberPatch): Promise<PeerInfo | null> {
    const raw = await scripts.update.run(
      this.redis,
      [this.roomKey(room)],
      [id, JSON.stringify(patch)],
    );
    return typeof raw === 'string' ? toPeerInfo(parseMember(raw)) : null;
  }

  async lock(room: string): Promise<RoomLock> {
    if ((await this.redis.exists(this.roomKey(room))) === 0) return { exists: false };
    const hash = await this.redis.get(this.passwordKey(room));
    return { exists: true, passwordHash: hash === null || hash === '' ? null : hash };
  }

  async get(room: string, id: PeerId): Promise<Member | null> {
    const raw = await this.redis.hGet(this.roomKey(room), id);
    return raw === null ? null : parseMember(raw);
  }

  lookup(room: string, id: PeerId): Readonly<Member> | null | Promise<Readonly<Member> | null> {
    const now = Date.now();
    const cached = this.caching ? this.cache.get(room, id, now) : undefined;
    if (cached) return cached;
    const version = this.cache.version;
    return this.get(room, id).then((member) => {
      if (member && this.caching) this.cache.remember(room, member, version, Date.now());
      return member;
    });
  }

  /** Every member of every room, for the liveness check; O(members), so for a periodic sweep only. */
  async allMembers(): Promise<StoredMember[]> {
    const rooms = await this.redis.sMembers(this.roomsKey);
    const lists = await Promise.all(rooms.map((room) => this.redis.hVals(this.roomKey(room))));
    return lists.flatMap((raws, i) =>
      raws.map((raw) => ({ ...(JSON.parse(raw) as StoredMember), room: rooms[i] ?? '' })),
    );
  }

  roomCount(): Promise<number> {
    return this.redis.sCard(this.roomsKey);
  }
}
