import { ClientEvent, ErrorCode, ServerEvent } from './protocol.ts';
import type { Ok, SignalMessage } from './protocol.ts';
import { SignalError } from './errors.ts';
import { handle } from './handle.ts';
import { ioRoom } from './context.ts';
import type { HandlerContext, SignalSocket } from './context.ts';
import { signalSchema } from './schemas.ts';

export function registerSignalHandlers(ctx: HandlerContext, socket: SignalSocket): void {
  handle(ctx, socket, ClientEvent.Signal, signalSchema, async (req): Promise<Ok> => {
    const { peerId, room } = socket.data;
    if (peerId === undefined || room === undefined) {
      throw new SignalError(ErrorCode.NotInRoom, 'not in a room');
    }
    // The recipient is looked up in the sender's own room, never taken on trust.
    const target = req.to === peerId ? null : await ctx.registry.get(room, req.to);
    if (!target) throw new SignalError(ErrorCode.UnknownPeer, 'no such peer in this room');
    const message: SignalMessage = req.description
      ? { from: peerId, description: { type: req.description.type, sdp: req.description.sdp } }
      : { from: peerId, candidate: req.candidate ? cleanCandidate(req.candidate) : null };
    // The registry names the connection that speaks for the peer: when it is on this node,
    // hand the message over directly, without the adapter's broadcast (or a trip through Redis).
    const local = ctx.io.sockets.sockets.get(target.owner);
    if (local) local.emit(ServerEvent.Signal, message);
    else ctx.io.to(ioRoom.peer(req.to)).emit(ServerEvent.Signal, message);
    ctx.metrics.relays.inc({ kind: req.description ? 'description' : 'candidate' });
    return { ok: true };
  });
}

function cleanCandidate(c: {
  candidate?: string | undefined;
  sdpMid?: string | null | undefined;
  sdpMLineIndex?: number | null | undefined;
  usernameFragment?: string | null | undefined;
}) {
  return {
    ...(c.candidate !== undefined && { candidate: c.candidate }),
    ...(c.sdpMid !== undefined && { sdpMid: c.sdpMid }),
    ...(c.sdpMLineIndex !== undefined && { sdpMLineIndex: c.sdpMLineIndex }),
    ...(c.usernameFragment !== undefined && { usernameFragment: c.usernameFragment }),
  };
}
