/**
 * Several signaling nodes (REDIS_URL) sharing SFU rooms: each SFU room has one home node, whose
 * broker holds the room's Janus videoroom and every member's handles; the other nodes forward
 * their members' requests there (sfuRouter.ts). The homes live in Redis, one key per room,
 * claimed with SET NX, so every node agrees on them; a home gives its rooms up when they empty,
 * and a live node takes over the rooms of a home that stopped (its liveness key expired).
 */

/** The few commands this needs; a `redis` (node-redis) client provides them. */
export interface HomesRedis {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { NX: true }): Promise<string | null>;
  exists(key: string): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface SfuHomes {
  /** This node's id. */
  readonly self: string;
  /** The room's home node, if it has one. */
  home(room: string): Promise<string | null>;
  /** Makes this node the room's home unless it has one; returns the home. */
  claim(room: string): Promise<string>;
  /** The room emptied here: it has no home any more (if this node still was it). */
  release(room: string): Promise<void>;
  /** `from` stopped: this node becomes the room's home if `from` still was; returns the home. */
  takeOver(room: string, from: string): Promise<string>;
  /** Is that node's liveness key there? */
  alive(node: string): Promise<boolean>;
}

// KEYS: home key. ARGV: expected home, new home ('' = none). Returns the home after.
const SWAP = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2]) end
end
return redis.call('GET', KEYS[1])
`;

export class RedisSfuHomes implements SfuHomes {
  constructor(
    private readonly redis: HomesRedis,
    /** The scale-out prefix, with its colon (as RedisRoomRegistry's). */
    private readonly prefix: string,
    readonly self: string,
  ) {}

  home(room: string): Promise<string | null> {
    return this.redis.get(this.key(room));
  }

  async claim(room: string): Promise<string> {
    await this.redis.set(this.key(room), this.self, { NX: true });
    return (await this.home(room)) ?? (await this.claim(room));
  }

  async release(room: string): Promise<void> {
    await this.swap(room, this.self, '');
  }

  async takeOver(room: string, from: string): Promise<string> {
    return (await this.swap(room, from, this.self)) ?? this.claim(room);
  }

  async alive(node: string): Promise<boolean> {
    // The liveness key redisNodeReaper.ts keeps for each node.
    return (await this.redis.exists(`${this.prefix}node:${node}`)) === 1;
  }

  private async swap(room: string, expected: string, next: string): Promise<string | null> {
    const after = await this.redis.eval(SWAP, {
      keys: [this.key(room)],
      arguments: [expected, next],
    });
    return typeof after === 'string' ? after : null;
  }

  private key(room: string): string {
    return `${this.prefix}sfu-home:${room}`;
  }
}
