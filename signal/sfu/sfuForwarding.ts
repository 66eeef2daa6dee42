/**
 * SFU calls between signaling nodes (REDIS_URL), over the Socket.IO adapter's server-side
 * events: a node sends a call to every other node and takes the reply of the room's home
 * (sfuRouter.ts). A home that does not answer within the adapter's 5 s counts as silent.
 */
import type { Logger } from 'pino';
import { ioRoom } from '../context.ts';
import type { SignalIo } from '../context.ts';
import type { SfuHomes } from './sfuHomes.ts';
import type { CallReply, SfuForwarding, SfuRouter } from './sfuRouter.ts';

export function forwardingOver(io: SignalIo, homes: SfuHomes, log: Logger): SfuForwarding {
  return {
    homes,
    log,
    forward: (call) =>
      new Promise<CallReply | null>((resolve) => {
        // The adapter waits 5 s for every other node; on a timeout, the replies that did arrive
        // are still given.
        io.serverSideEmit('sfu:call', call, (_err, replies) => {
          resolve(replies.find((reply) => reply !== null) ?? null);
        });
      }),
    // Every node's members of the room: they resume, and publish anew at the new home.
    homeLost: (room) => io.in(ioRoom.room(room)).disconnectSockets(true),
  };
}

/** Answers the calls other nodes forward to this one. */
export function answerForwardedCalls(io: SignalIo, router: SfuRouter): void {
  io.on('sfu:call', (call, ack) => {
    void router.answerForwarded(call).then(ack, () => ack(null));
  });
}
