/**
 * What a member says about itself to its room: its media flags and raised hand (`peer:update`),
 * kept in the registry so a resume and a newcomer's join ack carry them, and reactions
 * (`peer:react`), which are only relayed. Both are signaling only, so they work alike in mesh
 * and SFU rooms.
 */
import { ClientEvent, ErrorCode, ServerEvent } from './protocol.ts';
import type { Ok, UpdateResult } from './protocol.ts';
import { SignalError } from './errors.ts';
import type { On } from './handle.ts';
import { ioRoom } from './context.ts';
import type { HandlerContext } from './context.ts';
import { requireMember } from './guards.ts';
import { reactSchema, updateSchema } from './schemas.ts';
import { toPeerInfo } from './roomRegistry.ts';
import type { MemberPatch } from './roomRegistry.ts';

export function registerPeerHandlers(ctx: HandlerContext, on: On): void {
  const { registry } = ctx;

  on(ClientEvent.Update, updateSchema, async (socket, request): Promise<Ok | UpdateResult> => {
    const { peerId, room } = requireMember(socket);
    const { hand, ...flags } = request;
    const patch: MemberPatch = Object.fromEntries(
      Object.entries(flags).filter(([, v]) => v !== undefined),
    );
    // The server's clock, not the client's: raised hands are ordered across everyone's clocks.
    if (hand !== undefined) patch.hand = hand ? Date.now() : null;
    if (Object.keys(patch).length === 0) return { ok: true };
    const info = await registry.update(room, peerId, patch);
    if (!info) throw new SignalError(ErrorCode.NotInRoom, 'not in a room');
    const self = toPeerInfo(info);
    socket.to(ioRoom.room(room)).emit(ServerEvent.PeerUpdated, self);
    return { ok: true, self };
  });

  on(ClientEvent.React, reactSchema, async (socket, { emoji }): Promise<Ok> => {
    const { peerId, room } = requireMember(socket);
    if (!(await ctx.limits.react(peerId))) {
      throw new SignalError(ErrorCode.RateLimited, 'too many reactions, wait a few seconds');
    }
    // Sent back to the sender too: it shows its own reaction only once the server took it.
    ctx.io.to(ioRoom.room(room)).emit(ServerEvent.Reacted, { id: peerId, emoji });
    return { ok: true };
  });
}
