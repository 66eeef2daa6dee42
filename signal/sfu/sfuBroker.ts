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
import type { Jsep, TrickleCandidate } from 'janode';
import { ErrorCode } from '../protocol.ts';
import type { PeerId, SessionDescription } from '../protocol.ts';
import { SignalError } from '../errors.ts';
import { JanusLink, JanusUnavailable } from './janusLink.ts';
import { SfuMember } from './sfuMember.ts';
import type { VideoDemand } from './sfuMember.ts';
import { createJanusRoom, destroyJanusRoom, leastLoaded, loadOf, readiness } from './janusRooms.ts';
import { refusal } from './brokerState.ts';
import type { Instance, Orphan, SfuRoom, SfuStats } from './brokerState.ts';

import { feedKey, offerStreams } from './streams.ts';
import type { SfuBrokerDeps, SfuOptions } from './brokerState.ts';

export { refusal } from './brokerState.ts';
export type { SfuBrokerDeps, SfuInstanceStats, SfuOptions, SfuStats } from './brokerState.ts';

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
    const whoIs = (feed: string | number) => {
      const owner = room.feeds.get(feedKey(feed));
      return owner && { peer: owner.peer, screenMid: owner.member.screenMid };
    };
    const member: SfuMember = new SfuMember({
      room: room.janus,
      session,
      ownFeed: (feed) => room.feeds.set(feedKey(feed), { peer, member }),
      whoIs,
      deliver: (jsep, layout, restart) => {
        if (room.members.get(peer) !== member) return;
        const description: SessionDescription = { type: 'offer', sdp: jsep.sdp };
        const streams = offerStreams(layout, whoIs);
        this.deps.deliver(peer, { description, streams, ...(restart && { restart }) });
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
    if (room.members.size === 0) {
      this.rooms.delete(roomKey);
      this.deps.emptied?.(roomKey);
    }
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

  /** How `peer` wants the others' camera video now (others in its room; the rest ignored). */
  videoDemand(roomKey: string, peer: PeerId, demand: VideoDemand): void {
    try {
      this.member(roomKey, peer).videoDemand(demand);
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

  /** `peer`'s subscribing connection lost its path: an ICE restart offer follows. */
  async restartSubscriber(roomKey: string, peer: PeerId): Promise<void> {
    try {
      await this.member(roomKey, peer).subscription.restartIce();
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
    return loadOf(this.instances, this.rooms.values());
  }

  async ready(): Promise<void> {
    return readiness(this.instances);
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
    const best = leastLoaded(this.instances, this.stats().instances);
    if (!best) throw new JanusUnavailable('no janus is connected');
    return best;
  }

  private createRoom(roomKey: string, instance: Instance): SfuRoom {
    const { secret, janus } = createJanusRoom(instance, {
      adminKey: this.options.adminKey,
      publishers: this.deps.publishers,
      requestTimeoutMs: this.requestTimeoutMs,
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

  private destroyRoom(room: Orphan & { instance: Instance }): Promise<void> {
    return destroyJanusRoom(room, {
      requestTimeoutMs: this.requestTimeoutMs,
      log: this.deps.log,
      // Its instance is down: destroyed when it is back (if it kept its rooms).
      later: () => {
        if (!this.closed) room.instance.orphans.push({ janus: room.janus, secret: room.secret });
      },
    });
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
