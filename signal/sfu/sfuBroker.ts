/**
 * The SFU broker: browsers speak only our Socket.IO protocol, and this is what turns it into
 * Janus videoroom requests. One Janus videoroom per SFU room (random id and secret, destroyed when
 * the room empties for good), one publisher handle and one subscription per member. Everything is
 * keyed by the room and PeerId the server gave the socket, never by anything a client sends, so a
 * member publishes and subscribes only in its own room.
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
  /** Janus websockets API URLs; the first reachable one is used. */
  urls: readonly string[];
  /** Janus' `api_secret`. */
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
  /** Janus was lost, and with it the media of every member of these rooms. */
  lost: (rooms: string[]) => void;
}

interface SfuRoom {
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
  private readonly link: JanusLink;
  private readonly requestTimeoutMs: number;
  private readonly offerTimeoutMs: number;
  private readonly teardowns = new Set<Promise<void>>();
  /** Rooms left in Janus when the connection was lost: destroyed once it is back. */
  private orphans: { janus: Promise<RoomId>; secret: string }[] = [];
  private closed = false;

  constructor(
    private readonly options: SfuOptions,
    private readonly deps: SfuBrokerDeps,
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.offerTimeoutMs = options.offerTimeoutMs ?? 10_000;
    this.link = new JanusLink({
      urls: options.urls,
      apiSecret: options.apiSecret,
      requestTimeoutMs: this.requestTimeoutMs,
      log: deps.log,
      onLost: () => this.lostAll(),
    });
  }

  /**
   * Puts the member on Janus: the room's videoroom (created by the first member) and the
   * member's publisher handle. A member already there (a resume) starts over: its old handles
   * go, since its client comes back with new connections. Throws `sfu-unavailable`.
   */
  async admit(roomKey: string, peer: PeerId): Promise<void> {
    if (this.closed) throw refusal(new JanusUnavailable('closed'));
    const { session } = await this.link.session().catch((err: unknown) => {
      throw refusal(err);
    });
    this.sweepOrphans();
    const room = this.roomFor(roomKey);
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

  /** SFU rooms on this node, and members publishing in them (for metrics). */
  stats(): { rooms: number; publishers: number } {
    let publishers = 0;
    for (const room of this.rooms.values()) {
      for (const member of room.members.values()) if (member.publishing) publishers += 1;
    }
    return { rooms: this.rooms.size, publishers };
  }

  /** For /readyz: resolves while Janus answers. */
  ready(): Promise<void> {
    return this.link.check();
  }

  /** Destroys this node's videorooms and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    for (const room of rooms) for (const member of room.members.values()) member.abandon();
    if (this.link.up) await Promise.all(rooms.map((room) => this.destroyRoom(room)));
    await Promise.all(this.teardowns);
    await this.link.close();
  }

  private member(roomKey: string, peer: PeerId): SfuMember {
    const member = this.rooms.get(roomKey)?.members.get(peer);
    // In the room but not on Janus: the connection to Janus was lost a moment ago.
    if (!member) throw new JanusUnavailable('not on the media server');
    return member;
  }

  private roomFor(roomKey: string): SfuRoom {
    const existing = this.rooms.get(roomKey);
    if (existing) return existing;
    const secret = randomBytes(18).toString('base64url');
    const janus = this.link.session().then(async ({ control }) => {
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
    const room: SfuRoom = { janus, secret, members: new Map(), feeds: new Map() };
    this.rooms.set(roomKey, room);
    return room;
  }

  private async retire(room: SfuRoom, member: SfuMember): Promise<void> {
    await member.close();
    if (member.feed !== null) room.feeds.delete(feedKey(member.feed));
  }

  private async destroyRoom(room: SfuRoom): Promise<void> {
    // A room Janus never made has nothing to destroy.
    const id = await room.janus.catch(() => null);
    if (id === null) return;
    try {
      const { control } = await this.link.session();
      await withTimeout(
        control.destroy({ room: id, secret: room.secret }),
        this.requestTimeoutMs,
        'room destroy',
      );
    } catch (err) {
      this.deps.log.warn({ err }, 'could not destroy a janus room');
    }
  }

  /** The connection to Janus is gone, and every handle with it. */
  private lostAll(): void {
    const keys = [...this.rooms.keys()];
    for (const room of this.rooms.values()) {
      for (const member of room.members.values()) member.abandon();
      this.orphans.push({ janus: room.janus, secret: room.secret });
    }
    this.rooms.clear();
    if (keys.length > 0) this.deps.lost(keys);
  }

  private sweepOrphans(): void {
    const orphans = this.orphans;
    this.orphans = [];
    for (const { janus, secret } of orphans) {
      this.track(this.destroyRoom({ janus, secret, members: new Map(), feeds: new Map() }));
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => {
      this.deps.log.error({ err }, 'sfu teardown failed');
    });
    this.teardowns.add(tracked);
    void tracked.finally(() => this.teardowns.delete(tracked));
  }
}
