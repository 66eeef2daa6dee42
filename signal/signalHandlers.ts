import { ClientEvent, ErrorCode, ServerEvent } from './protocol.ts';
import type { IceCandidate, Ok, PeerId, SignalMessage } from './protocol.ts';
import { SignalError } from './errors.ts';
import type { On } from './handle.ts';
import { ioRoom } from './context.ts';
import type { HandlerContext } from './context.ts';
import type { Member } from './roomRegistry.ts';
import { signalSchema } from './schemas.ts';

/** Every relay's answer: one object, never changed, serialized on each ack. */
const RELAYED: Ok = Object.freeze({ ok: true });

export function registerSignalHandlers(ctx: HandlerContext, on: On): void {
  on(ClientEvent.Signal, signalSchema, (socket, req) => {
    // The relay's hot path (every description and candidate): the membership check stays inline
    // here instead of requireMember (guards.ts), which builds an object per call.
    const { peerId, room } = socket.data;
    if (peerId === undefined || room === undefined) {
      throw new SignalError(ErrorCode.NotInRoom, 'not in a room');
    }
    if (req.to === peerId)
      throw new SignalError(ErrorCode.UnknownPeer, 'no such peer in this room');
    // Only what the schema let through is sent on: zod's output holds the schema's keys alone.
    const message: SignalMessage = req.description
      ? { from: peerId, description: { type: req.description.type, sdp: req.description.sdp } }
      : { from: peerId, candidate: (req.candidate ?? null) as IceCandidate | null };
    // The recipient is looked up in the sender's own room, never taken on trust; on one node
    // (and from a node's cache of the shared registry) the answer comes without waiting.
    const target = ctx.registry.lookup(room, req.to);
    return target instanceof Promise
      ? target.then((found) => relay(ctx, found, req.to, message))
      : relay(ctx, target, req.to, message);
  });
}

function relay(
  ctx: HandlerContext,
  target: Readonly<Member> | null,
  to: PeerId,
  message: SignalMessage,
): Ok {
  if (!target) throw new SignalError(ErrorCode.UnknownPeer, 'no such peer in this room');
  // The registry names the connection that speaks for the peer: when it is on this node,
  // hand the message over directly, without the adapter's broadcast (or a trip through Redis).
  const local = ctx.io.sockets.sockets.get(target.owner);
  if (local) local.emit(ServerEvent.Signal, message);
  else if (ctx.crossNode && target.node)
    ctx.crossNode.signal(target.node, target.owner, message, ioRoom.peer(to));
  else ctx.io.to(ioRoom.peer(to)).emit(ServerEvent.Signal, message);
  ctx.metrics.relayed(message.description ? 'description' : 'candidate');
  return RELAYED;
}
