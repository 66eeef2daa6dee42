/**
 * The SFU broker: browsers speak only our Socket.IO protocol, and this is what turns it into
 * Janus videoroom requests. One Janus videoroom per SFU room (random id and secret, destroyed when
 * the room empties for good), one publisher handle and one subscription per member. Everything is
 * keyed by the room and PeerId the server gave the socket, never by anything a client sends, so a
 * member publishes and subscribes only in its own room.
 *
 * With several Janus instances (SFU_URL lists them) there is a link to each, and a new room is
 * placed on the least loaded of those connected now: fewest publishers, then fewest rooms, then
 * the first listed. A room stays on its instance for its life. When an instance is lost, so are
 * its rooms: they are forgotten here and reported through `lost` (their members' clients resume,
 * and the first one back places the room anew on a live instance).
 */
import { randomBytes } from 'node:crypto';
import type { Jsep, TrickleCandidate } from 'janode';
import type { RoomId } from 'janode/plugins/videoroom';
import type { Logger } from 'pino';
import { ErrorCode } from '../protocol.ts';
import type { PeerId, SessionDescription, SfuOffer } from '../protocol.ts';
import { SignalError } from '../errors.ts';
import { JanusLink, JanusUnavailable, withTimeout } from './janusLink.ts';
import { SfuMember } from './sfuMember.ts';
import { NoSubscription } from './subscription.ts';
import { feedKey, offerStreams } from './streams.ts';

export interface SfuOptions {
  /** Janus websockets API URLs, one per instance; rooms are spread across those reachable. */
  urls: readonly string[];
  /** Janus' `api_secret` (the same on every instance). */
  apiSecret?: string | undefined;
  /** The videoroom plugin's `admin_key`, when Janus requires one to create rooms. */
  adminKey?: string | undefined;
  /** Longest wait for an answer of Janus (default 10 s). */
  requestTimeoutMs?: number;
  /** How long a subscriber offer may stay unanswered before the next change goes (default 10 s). */
  offerTimeoutMs?: number;
}

export interface SfuBrokerDeps {
  log: Logger;
  /** Participants per room: every one of them may publish. */
  publishers: number;
  /** Sends an `sfu:offer` to a member. */
  deliver: (peer: PeerId, offer: SfuOffer) => void;
  /** A Janus instance was lost, and with it the media of every member of these rooms. */
  lost: (rooms: string[]) => void;
}

/** One Janus instance, and how loaded it is (for metrics). */
export interface SfuInstanceStats {
  /** Its position in SFU_URL (never its URL). */
  janus: number;
  /** Connected now. */
  up: boolean;
  rooms: number;
  publishers: number;
}

export interface SfuStats {
  rooms: number;
  publishers: number;
  instances: SfuInstanceStats[];
}

/** A videoroom to destroy once its instance answers again. */
interface Orphan {
  janus: Promise<RoomId>;
  secret: string;
}

interface Instance {
  index: number;
  link: JanusLink;
  /** Rooms left on it when its connection was lost: destroyed once it is back. */
  orphans: Orphan[];
}

interface SfuRoom {
  /** The Janus instance the room was placed on, for its life. */
  instance: Instance;
  /** The Janus videoroom's id, once created. */
  janus: Promise<RoomId>;
  secret: string;
  members: Map<PeerId, SfuMember>;
  /** Janus feed id → whose it is: feed ids never leave the server, PeerIds do. */
  feeds: Map<string, { peer: PeerId; member: SfuMember }>;
}

/** Janus error codes that mean the client's request was wrong, not that Janus failed. */
const CLIENT_FAULTS = new Set([
  // Core: unknown JSEP type, invalid SDP, invalid trickle stream, unexpected answer, WebRTC state.
  464, 465, 466, 469, 471,
  // Videoroom: missing or invalid element, invalid SDP type, already or not published, invalid SDP.
  429, 430, 431, 434, 435, 437,
]);

/** The ack a failure of Janus (or of the client's SDP, as Janus saw it) turns into. */
export function refusal(err: unknown): SignalError {
  if (err instanceof SignalError) return err;
  if (err instanceof NoSubscription) return new SignalError(ErrorCode.InvalidPayload, err.message);
  const message = err instanceof Error ? err.message : String(err);
  const code = Number(/^(\d{3}) /.exec(message)?.[1]);
  if (!(err instanceof JanusUnavailable) && CLIENT_FAULTS.has(code)) {
    return new SignalError(ErrorCode.InvalidPayload, `the media server refused it (${code})`);
  }
  return new SignalError(ErrorCode.SfuUnavailable, 'the media server is not available');
}

export class SfuBroker {
  private readonly rooms = new Map<string, SfuRoom>();
  private readonly instances: Instance[];
  private readonly requestTimeoutMs: number;
  private readonly offerTimeoutMs: number;
  private readonly teardowns = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly options: SfuOptions,
    private readonly deps: SfuBrokerDeps,
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.offerTimeoutMs = options.offerTimeoutMs ?? 10_000;
    this.instances = options.urls.map((url, index) => {
      const instance: Instance = {
        index,
        orphans: [],
        link: new JanusLink({
          url,
          index,
          apiSecret: options.apiSecret,
          requestTimeoutMs: this.requestTimeoutMs,
          log: deps.log,
          onLost: () => this.lostInstance(instance),
          onUp: () => this.sweepOrphans(instance),
        }),
      };
      return instance;
    });
    // Connect to every instance now, so that rooms are spread over all that answer (the links
    // keep trying in the background).
    for (const { link } of this.instances) link.session().catch(() => undefined);
  }

  /**
   * Puts the member on Janus: the room's videoroom (created by the first member) and the
   * member's publisher handle. A member already there (a resume) starts over: its old handles
   * go, since its client comes back with new connections. Throws `sfu-unavailable`.
   */
  async admit(roomKey: string, peer: PeerId): Promise<void> {
    if (this.closed) throw refusal(new JanusUnavailable('closed'));
    let room = this.rooms.get(roomKey);
    if (!room) {
      const instance = await this.place().catch((err: unknown) => {
        throw refusal(err);
      });
      // Another member may have placed the room meanwhile: that placement stands.
      room = this.rooms.get(roomKey) ?? this.createRoom(roomKey, instance);
    }
    // A room's instance is connected while the room is known (losing it forgets its rooms).
    const session = room.instance.link.current?.session;
    if (!session) throw refusal(new JanusUnavailable('the instance is gone'));
    const old = room.members.get(peer);
    const member: SfuMember = new SfuMember({
      room: room.janus,
      session,
      ownFeed: (feed) => room.feeds.set(feedKey(feed), { peer, member }),
      deliver: (jsep, layout) => {
        if (room.members.get(peer) !== member) return;
        const whoIs = (feed: string | number) => {
          const owner = room.feeds.get(feedKey(feed));
          return owner && { peer: owner.peer, screenMid: owner.member.screenMid };
        };
        const description: SessionDescription = { type: 'offer', sdp: jsep.sdp };
        this.deps.deliver(peer, { description, streams: offerStreams(layout, whoIs) });
      },
      requestTimeoutMs: this.requestTimeoutMs,
      offerTimeoutMs: this.offerTimeoutMs,
      log: this.deps.log,
    });
    room.members.set(peer, member);
    if (old) this.track(this.retire(room, old));
    try {
      await member.ready;
    } catch (err) {
      this.remove(roomKey, peer);
      // Nothing of the client's is in this: a refusal means Janus' set-up (an admin_key, say).
      this.deps.log.error({ err }, 'janus did not take a member');
      throw new SignalError(ErrorCode.SfuUnavailable, 'the media server is not available');
    }
  }

  /** Does this room's media go through Janus (it has members there)? */
  hasRoom(roomKey: string): boolean {
    return this.rooms.has(roomKey);
  }

  /** The member has its join ack: offers may go to it from now on. */
  activate(roomKey: string, peer: PeerId): void {
    this.rooms.get(roomKey)?.members.get(peer)?.activate();
  }

  /** The member left for good: its handles go, and the videoroom with the last one. */
  remove(roomKey: string, peer: PeerId): void {
    const room = this.rooms.get(roomKey);
    const member = room?.members.get(peer);
    if (!room || !member) return;
    room.members.delete(peer);
    if (room.members.size === 0) this.rooms.delete(roomKey);
    this.track(
      (async () => {
        await this.retire(room, member);
        if (room.members.size === 0 && this.rooms.get(roomKey) !== room) {
          await this.destroyRoom(room);
        }
      })(),
    );
  }

  async publish(roomKey: string, peer: PeerId, offer: Jsep, screenMid: string | null) {
    try {
      return await this.member(roomKey, peer).publish(offer, screenMid);
    } catch (err) {
      throw refusal(err);
    }
  }

  async answer(roomKey: string, peer: PeerId, answer: Jsep): Promise<void> {
    try {
      await this.member(roomKey, peer).subscription.answer({ type: answer.type, sdp: answer.sdp });
    } catch (err) {
      throw refusal(err);
    }
  }

  async trickle(
    roomKey: string,
    peer: PeerId,
    target: 'publisher' | 'subscriber',
    candidate: TrickleCandidate | null,
  ): Promise<void> {
    try {
      const member = this.member(roomKey, peer);
      if (target === 'publisher') await member.trickle(candidate);
      else await member.subscription.trickle(candidate);
    } catch (err) {
      throw refusal(err);
    }
  }

  /** SFU rooms on this node, and members publishing in them, in all and per instance. */
  stats(): SfuStats {
    const instances = this.instances.map(({ index, link }): SfuInstanceStats => ({
      janus: index,
      up: link.up,
      rooms: 0,
      publishers: 0,
    }));
    for (const room of this.rooms.values()) {
      const counts = instances[room.instance.index];
      if (!counts) continue;
      counts.rooms += 1;
      for (const member of room.members.values()) if (member.publishing) counts.publishers += 1;
    }
    const sum = (key: 'rooms' | 'publishers') => instances.reduce((n, i) => n + i[key], 0);
    return { rooms: sum('rooms'), publishers: sum('publishers'), instances };
  }

  /**
   * For /readyz: resolves while at least one instance answers; otherwise throws a short reason
   * naming each instance by position (with one instance, its own reason, as before).
   */
  async ready(): Promise<void> {
    const [only] = this.instances;
    if (this.instances.length === 1 && only) return only.link.check();
    try {
      await Promise.any(this.instances.map(({ link }) => link.check()));
    } catch (err) {
      const reasons = err instanceof AggregateError ? err.errors : [];
      const each = reasons.map((e: unknown, i) => {
        const message = e instanceof Error ? e.message : 'not ready';
        return `#${i} ${message.replace(/^janus is /, '')}`;
      });
      throw new Error(`no janus is answering (${each.join(', ')})`, { cause: err });
    }
  }

  /** Destroys this node's videorooms and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    for (const room of rooms) for (const member of room.members.values()) member.abandon();
    // Rooms of an instance that is down stay there: nothing waits for it.
    const live = rooms.filter((room) => room.instance.link.up);
    await Promise.all(live.map((room) => this.destroyRoom(room)));
    await Promise.all(this.teardowns);
    await Promise.all(this.instances.map(({ link }) => link.close()));
  }

  private member(roomKey: string, peer: PeerId): SfuMember {
    const member = this.rooms.get(roomKey)?.members.get(peer);
    // In the room but not on Janus: the connection to Janus was lost a moment ago.
    if (!member) throw new JanusUnavailable('not on the media server');
    return member;
  }

  /**
   * The instance a new room goes to: of those connected, the one with the fewest publishers,
   * then the fewest rooms, then the first listed. With none connected, every one is tried, and
   * the room waits only for the first that answers.
   */
  private async place(): Promise<Instance> {
    if (!this.instances.some(({ link }) => link.up)) {
      await Promise.any(this.instances.map(({ link }) => link.session()));
      if (this.closed) throw new JanusUnavailable('closed');
    }
    const { instances } = this.stats();
    let best: Instance | null = null;
    let bestLoad: SfuInstanceStats | null = null;
    for (const instance of this.instances) {
      const load = instances[instance.index];
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
    if (!best) throw new JanusUnavailable('no janus is connected');
    return best;
  }

  private createRoom(roomKey: string, instance: Instance): SfuRoom {
    const secret = randomBytes(18).toString('base64url');
    const janus = instance.link.session().then(async ({ control }) => {
      const created = await withTimeout(
        control.create({
          secret,
          ...(this.options.adminKey !== undefined && { admin_key: this.options.adminKey }),
          is_private: true,
          max_publishers: this.deps.publishers,
          description: 'room-call',
        }),
        this.requestTimeoutMs,
        'room create',
      );
      return created.room;
    });
    janus.catch(() => undefined);
    const room: SfuRoom = { instance, janus, secret, members: new Map(), feeds: new Map() };
    this.rooms.set(roomKey, room);
    this.deps.log.debug({ server: instance.index }, 'sfu room placed');
    return room;
  }

  private async retire(room: SfuRoom, member: SfuMember): Promise<void> {
    await member.close();
    if (member.feed !== null) room.feeds.delete(feedKey(member.feed));
  }

  private async destroyRoom(room: Orphan & { instance: Instance }): Promise<void> {
    // A room Janus never made has nothing to destroy.
    const id = await room.janus.catch(() => null);
    if (id === null) return;
    const { instance, secret } = room;
    // Its instance is down: destroyed when it is back (if it kept its rooms).
    const later = () => {
      if (!this.closed) instance.orphans.push({ janus: room.janus, secret });
    };
    const live = instance.link.current;
    if (!live) {
      later();
      return;
    }
    try {
      await withTimeout(
        live.control.destroy({ room: id, secret }),
        this.requestTimeoutMs,
        'room destroy',
      );
    } catch (err) {
      if (!instance.link.up) later();
      // 426: no such room (the instance was restarted, and its rooms went with it).
      else if (!(err instanceof Error && err.message.startsWith('426 '))) {
        this.deps.log.warn({ err, server: instance.index }, 'could not destroy a janus room');
      }
    }
  }

  /** The connection to an instance is gone, and every handle on it: its rooms move. */
  private lostInstance(instance: Instance): void {
    const keys: string[] = [];
    for (const [key, room] of this.rooms) {
      if (room.instance !== instance) continue;
      for (const member of room.members.values()) member.abandon();
      instance.orphans.push({ janus: room.janus, secret: room.secret });
      this.rooms.delete(key);
      keys.push(key);
    }
    if (keys.length > 0) {
      this.deps.log.warn({ server: instance.index, rooms: keys.length }, 'sfu rooms lost');
      this.deps.lost(keys);
    }
  }

  /** The instance is connected (again): rooms left on it from before go. */
  private sweepOrphans(instance: Instance): void {
    const orphans = instance.orphans;
    instance.orphans = [];
    for (const orphan of orphans) this.track(this.destroyRoom({ ...orphan, instance }));
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => {
      this.deps.log.error({ err }, 'sfu teardown failed');
    });
    this.teardowns.add(tracked);
    void tracked.finally(() => this.teardowns.delete(tracked));
  }
}
