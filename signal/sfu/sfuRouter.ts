/**
 * Where a node's SFU requests go. On one node, straight to its broker. With several nodes
 * (REDIS_URL), to the room's home node (sfuHomes.ts): its own broker when this node is the
 * home, else forwarded to the home over the Socket.IO adapter (`serverSideEmit`, answered by
 * the home alone), so one broker holds a room's Janus videoroom and every member of it, and the
 * broker's rules (one room per instance, members keyed by room and PeerId, offers to the
 * member's PeerId, which the adapter delivers on whichever node holds its socket) hold as on
 * one node. When the home stops answering and its liveness key is gone, this node takes the
 * room over, and the room's members are disconnected: they resume, and publish anew here.
 */
import type { Jsep, TrickleCandidate } from 'janode';
import type { Logger } from 'pino';
import { ErrorCode } from '../protocol.ts';
import type { PeerId } from '../protocol.ts';
import { SignalError } from '../errors.ts';
import type { SfuBroker, SfuStats } from './sfuBroker.ts';
import type { SfuHomes } from './sfuHomes.ts';
import type { VideoDemand } from './sfuMember.ts';

/** One request for a member, as the broker takes it. */
export type SfuCall =
  | { op: 'admit' }
  | { op: 'activate' }
  | { op: 'remove' }
  | { op: 'publish'; offer: Jsep; screenMid: string | null }
  | { op: 'answer'; answer: Jsep }
  | { op: 'trickle'; target: 'publisher' | 'subscriber'; candidate: TrickleCandidate | null }
  | { op: 'videoDemand'; demand: VideoDemand }
  | { op: 'restartSubscriber' };

/** A call forwarded to the node `to` (every node hears it; only `to` answers). */
export interface ForwardedCall {
  to: string;
  room: string;
  peer: PeerId;
  call: SfuCall;
}

export type CallReply =
  { ok: true; value?: Jsep } | { ok: false; code: ErrorCode; message: string };

export interface SfuForwarding {
  homes: SfuHomes;
  /** Sends the call to every other node; resolves with the home's reply, or null without one. */
  forward(call: ForwardedCall): Promise<CallReply | null>;
  /** The room's home stopped: its members (on every node) must resume. */
  homeLost(room: string): void;
  log: Logger;
}

export class SfuRouter {
  constructor(
    readonly broker: SfuBroker,
    private readonly forwarding: SfuForwarding | null = null,
  ) {}

  /** Does this room's media go through the SFU (it has a place on Janus)? */
  async isSfuRoom(room: string): Promise<boolean> {
    if (this.broker.hasRoom(room)) return true;
    return this.forwarding !== null && (await this.forwarding.homes.home(room)) !== null;
  }

  async admit(room: string, peer: PeerId): Promise<void> {
    await this.route(room, peer, { op: 'admit' });
  }

  /** The member has its join ack: offers may go to it. */
  activate(room: string, peer: PeerId): void {
    this.background(room, peer, { op: 'activate' });
  }

  /** The member left for good. */
  remove(room: string, peer: PeerId): void {
    this.background(room, peer, { op: 'remove' });
  }

  async publish(room: string, peer: PeerId, offer: Jsep, screenMid: string | null) {
    const answer = await this.route(room, peer, { op: 'publish', offer, screenMid });
    if (!answer) throw new SignalError(ErrorCode.SfuUnavailable, 'the media server sent no answer');
    return answer;
  }

  async answer(room: string, peer: PeerId, answer: Jsep): Promise<void> {
    await this.route(room, peer, { op: 'answer', answer });
  }

  async trickle(
    room: string,
    peer: PeerId,
    target: 'publisher' | 'subscriber',
    candidate: TrickleCandidate | null,
  ): Promise<void> {
    await this.route(room, peer, { op: 'trickle', target, candidate });
  }

  async videoDemand(room: string, peer: PeerId, demand: VideoDemand): Promise<void> {
    await this.route(room, peer, { op: 'videoDemand', demand });
  }

  async restartSubscriber(room: string, peer: PeerId): Promise<void> {
    await this.route(room, peer, { op: 'restartSubscriber' });
  }

  /** This node's rooms and publishers (each room is counted by its home only). */
  stats(): SfuStats {
    return this.broker.stats();
  }

  ready(): Promise<void> {
    return this.broker.ready();
  }

  close(): Promise<void> {
    return this.broker.close();
  }

  /** A call forwarded by another node: null when this node is not the one asked. */
  async answerForwarded(forwarded: ForwardedCall): Promise<CallReply | null> {
    const homes = this.forwarding?.homes;
    if (homes?.self !== forwarded.to) return null;
    try {
      // The room emptied here as the member was sent: it is not this node's any more.
      if (forwarded.call.op === 'admit' && (await homes.claim(forwarded.room)) !== homes.self)
        throw new SignalError(ErrorCode.SfuUnavailable, 'the room moved; join again');
      const value = await this.local(forwarded.room, forwarded.peer, forwarded.call);
      return value ? { ok: true, value } : { ok: true };
    } catch (err) {
      const known = err instanceof SignalError;
      return {
        ok: false,
        code: known ? err.code : ErrorCode.SfuUnavailable,
        message: known ? err.message : 'the media server is not available',
      };
    }
  }

  /** The broker's answer to a call (only `publish` has a value). */
  private async local(room: string, peer: PeerId, call: SfuCall): Promise<Jsep | undefined> {
    const b = this.broker;
    switch (call.op) {
      case 'admit':
        await b.admit(room, peer);
        return undefined;
      case 'activate':
        b.activate(room, peer);
        return undefined;
      case 'remove':
        b.remove(room, peer);
        return undefined;
      case 'publish':
        return b.publish(room, peer, call.offer, call.screenMid);
      case 'answer':
        await b.answer(room, peer, call.answer);
        return undefined;
      case 'trickle':
        await b.trickle(room, peer, call.target, call.candidate);
        return undefined;
      case 'videoDemand':
        b.videoDemand(room, peer, call.demand);
        return undefined;
      case 'restartSubscriber':
        await b.restartSubscriber(room, peer);
        return undefined;
    }
  }

  private async route(room: string, peer: PeerId, call: SfuCall): Promise<Jsep | undefined> {
    if (!this.forwarding) return this.local(room, peer, call);
    const { homes } = this.forwarding;
    // Only a member's admission places a room; other calls need a room that has a place.
    let home = call.op === 'admit' ? await homes.claim(room) : await homes.home(room);
    if (home === null) throw new SignalError(ErrorCode.NotSfuRoom, 'no SFU room here');
    if (home === homes.self) return this.local(room, peer, call);
    const reply = await this.forwarding.forward({ to: home, room, peer, call });
    if (reply) {
      if (!reply.ok) throw new SignalError(reply.code, reply.message);
      return reply.value;
    }
    if (await homes.alive(home)) {
      throw new SignalError(ErrorCode.SfuUnavailable, 'the node hosting the room did not answer');
    }
    home = await homes.takeOver(room, home);
    this.forwarding.log.warn({ tookOver: home === homes.self }, 'sfu room home stopped');
    this.forwarding.homeLost(room);
    throw new SignalError(ErrorCode.SfuUnavailable, 'the room moves to another node');
  }

  private background(room: string, peer: PeerId, call: SfuCall): void {
    this.route(room, peer, call).catch((err: unknown) => {
      this.forwarding?.log.debug({ err, op: call.op }, 'sfu call failed');
    });
  }
}
