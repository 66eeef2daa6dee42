/**
 * The socket's side of SFU rooms: `sfu:publish`, `sfu:answer`, `sfu:trickle` go to the member's
 * own Janus handles (looked up by the room and PeerId the server gave this socket), and
 * `chat:send` is relayed to the others of the sender's room (there is no peer-to-peer channel
 * in an SFU room). Each is refused `not-in-room` outside a room and `not-sfu-room` in a mesh room.
 */
import { ClientEvent, ErrorCode, ServerEvent } from '../protocol.ts';
import type { ChatMessage, Ok, SfuPublishResult } from '../protocol.ts';
import { SignalError } from '../errors.ts';
import type { On } from '../handle.ts';
import { ioRoom } from '../context.ts';
import type { HandlerContext, SignalSocket } from '../context.ts';
import { requireMember } from '../guards.ts';
import {
  chatSendSchema,
  sfuAnswerSchema,
  sfuPauseSchema,
  sfuRestartSchema,
  sfuPublishSchema,
  sfuTrickleSchema,
} from '../schemas.ts';
import type { SfuRouter } from './sfuRouter.ts';
import { sdpMids } from './streams.ts';

interface Place {
  room: string;
  peerId: string;
  sfu: SfuRouter;
}

/** The sender's own room, which must be an SFU room. */
async function sfuPlace(ctx: HandlerContext, socket: SignalSocket): Promise<Place> {
  const { peerId, room } = requireMember(socket);
  const { sfu } = ctx;
  if (!sfu || !(await sfu.isSfuRoom(room))) {
    throw new SignalError(ErrorCode.NotSfuRoom, "this room's media does not go through the SFU");
  }
  return { room, peerId, sfu };
}

export function registerSfuHandlers(ctx: HandlerContext, on: On): void {
  on(ClientEvent.SfuPublish, sfuPublishSchema, async (socket, req): Promise<SfuPublishResult> => {
    const { room, peerId, sfu } = await sfuPlace(ctx, socket);
    const { description, screenMid } = req;
    if (screenMid !== null && !sdpHasMid(description.sdp, screenMid)) {
      throw new SignalError(ErrorCode.InvalidPayload, 'screenMid names no m-line of the offer');
    }
    const answer = await sfu.publish(room, peerId, description, screenMid);
    return { ok: true, description: { type: 'answer', sdp: answer.sdp } };
  });

  on(ClientEvent.SfuAnswer, sfuAnswerSchema, async (socket, req): Promise<Ok> => {
    const { room, peerId, sfu } = await sfuPlace(ctx, socket);
    await sfu.answer(room, peerId, req.description);
    return { ok: true };
  });

  on(ClientEvent.SfuTrickle, sfuTrickleSchema, async (socket, req): Promise<Ok> => {
    const { room, peerId, sfu } = await sfuPlace(ctx, socket);
    const c = req.candidate;
    // Janus takes `{ completed: true }` for the end of candidates; browsers may also say it
    // with an empty candidate line.
    const candidate =
      c === null || c.candidate === ''
        ? null
        : {
            candidate: c.candidate,
            ...(c.sdpMid !== undefined && { sdpMid: c.sdpMid }),
            ...(c.sdpMLineIndex !== undefined && { sdpMLineIndex: c.sdpMLineIndex }),
          };
    await sfu.trickle(room, peerId, req.target, candidate);
    return { ok: true };
  });

  on(ClientEvent.SfuPause, sfuPauseSchema, async (socket, req): Promise<Ok> => {
    const { room, peerId, sfu } = await sfuPlace(ctx, socket);
    await sfu.videoDemand(room, peerId, { paused: req.peers, low: req.low ?? [] });
    return { ok: true };
  });

  on(ClientEvent.SfuRestart, sfuRestartSchema, async (socket): Promise<Ok> => {
    const { room, peerId, sfu } = await sfuPlace(ctx, socket);
    await sfu.restartSubscriber(room, peerId);
    return { ok: true };
  });

  on(ClientEvent.ChatSend, chatSendSchema, async (socket, req): Promise<Ok> => {
    const { room, peerId } = await sfuPlace(ctx, socket);
    const message: ChatMessage = { from: peerId, data: req.data };
    // Only the sender's own room, and not the sender.
    socket.to(ioRoom.room(room)).emit(ServerEvent.Chat, message);
    ctx.metrics.relayed('chat');
    return { ok: true };
  });
}

function sdpHasMid(sdp: string, mid: string): boolean {
  return sdpMids(sdp).includes(mid);
}
