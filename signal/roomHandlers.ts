import { randomBytes } from 'node:crypto';
import { ClientEvent, ErrorCode, ServerEvent } from './protocol.ts';
import type { IceServersResult, JoinResult, Ok, PeerId, PeerInfo } from './protocol.ts';
import { SignalError } from './errors.ts';
import type { On } from './handle.ts';
import { ioRoom } from './context.ts';
import type { HandlerContext, SignalSocket } from './context.ts';
import { normalizeDisplayName, normalizeRoomName, roomKey } from './names.ts';
import { iceServersSchema, joinSchema, leaveSchema } from './schemas.ts';
import { issueResumeToken, verifyResumeToken } from './resumeToken.ts';
import type { Member } from './roomRegistry.ts';
import { hashPassword, verifyPassword } from './roomPassword.ts';
import { clientAddress } from './clientAddress.ts';
import { requireMember } from './guards.ts';

const newPeerId = (): PeerId => randomBytes(12).toString('base64url');

/** Socket.IO's reason when the client itself called `socket.disconnect()`. */
const CLIENT_LEFT = 'client namespace disconnect';

export function registerRoomHandlers(ctx: HandlerContext, on: On): void {
  const { io, registry, options } = ctx;

  on(ClientEvent.Join, joinSchema, async (socket, req): Promise<JoinResult> => {
    // Counted before anything else, so this also bounds password guessing.
    if (!(await ctx.limits.join(clientAddress(socket.handshake, options.trustProxy)))) {
      throw new SignalError(ErrorCode.RateLimited, 'too many join attempts, wait a minute');
    }
    const roomName = normalizeRoomName(req.room);
    if (roomName === null) throw new SignalError(ErrorCode.InvalidRoom, 'invalid room name');
    const name = normalizeDisplayName(req.name);
    if (name === null) throw new SignalError(ErrorCode.InvalidName, 'invalid display name');
    if (socket.data.peerId !== undefined || socket.data.joining) {
      throw new SignalError(ErrorCode.AlreadyInRoom, 'this connection is already in a room');
    }
    const room = roomKey(roomName);
    const claim = req.resume ? verifyResumeToken(options.resumeSecret, req.resume) : null;
    const id = claim?.room === room ? claim.peerId : newPeerId();

    socket.data.joining = true;
    try {
      const previous = claim ? await registry.get(room, id) : null;
      const self: PeerInfo = {
        id,
        name,
        audio: previous?.audio ?? true,
        video: previous?.video ?? true,
        screen: previous?.screen ?? false,
        // A resumed member keeps its raised hand and its place among the raised.
        hand: previous?.hand ?? null,
      };
      const outcome = await joinLocked(
        ctx,
        room,
        { ...self, owner: socket.id },
        {
          password: req.password,
          // A member resuming its own place was admitted before: no password needed.
          resuming: previous !== null,
        },
      );
      if (!outcome.ok && outcome.reason === 'wrong-password') {
        throw new SignalError(ErrorCode.WrongPassword, 'this room needs the right password');
      }
      if (!outcome.ok) throw new SignalError(ErrorCode.RoomFull, 'the room is full');
      // In the room's broadcasts from the moment we are in its registry: whoever arrives later
      // (while Janus admits us, say) is told to us, even before our answer, which lists only
      // those who came before. The client holds such news until the answer.
      await socket.join(ioRoom.room(room));
      // Through the SFU: every room (MESH_MAX 0), a room already there, or one growing past the
      // mesh limit, whose members then move too (room:media, after this ack).
      const inSfu = options.media === 'sfu' || (await ctx.sfu?.isSfuRoom(room)) === true;
      const moving = !inSfu && ctx.sfu !== null && outcome.peers.length + 1 > options.meshMax;
      if (moving) await moveToSfu(ctx, room, outcome.peers, socket.id, id, outcome.added);
      else if (inSfu) await admitToSfu(ctx, room, id, socket.id, outcome.added);
      if (!socket.connected) {
        await registry.leave(room, id, socket.id);
        ctx.sfu?.remove(room, id);
        throw new SignalError(ErrorCode.NotInRoom, 'disconnected while joining');
      }
      clearGraceTimer(ctx, id);
      if (previous && previous.owner !== socket.id) {
        // The peer came back on a new connection: retire the old one, which no longer owns it.
        io.in(previous.owner).disconnectSockets(true);
      }
      await socket.join(ioRoom.peer(id));
      socket.data.peerId = id;
      socket.data.room = room;
      ctx.unjoined.delete(socket);
      if (moving) {
        ctx.log.info({ people: outcome.peers.length + 1 }, 'room moves to the SFU');
        // Before the newcomer's arrival, so that those present meet it on the new path.
        socket.to(ioRoom.room(room)).emit(ServerEvent.RoomMedia, { media: 'sfu' });
      }
      if (outcome.added) socket.to(ioRoom.room(room)).emit(ServerEvent.PeerJoined, self);
      ctx.metrics.joins.inc();
      ctx.log.debug({ resumed: Boolean(previous), added: outcome.added }, 'joined');
      const result: JoinResult = {
        ok: true,
        self,
        peers: outcome.peers,
        iceServers: await options.iceServers(id),
        resume: issueResumeToken(options.resumeSecret, { peerId: id, room }, options.resumeTtlMs),
        media: inSfu || moving ? 'sfu' : 'mesh',
      };
      if (moving) for (const peer of outcome.peers) ctx.sfu?.activate(room, peer.id);
      // Subscriber offers may go once the ack is on its way (it leaves when this returns).
      if (ctx.sfu) setImmediate(() => ctx.sfu?.activate(room, id));
      return result;
    } catch (err) {
      // Refused: nothing more from a room we are not in.
      if (socket.data.peerId === undefined) await socket.leave(ioRoom.room(room));
      throw err;
    } finally {
      socket.data.joining = false;
    }
  });

  on(ClientEvent.Leave, leaveSchema, async (socket): Promise<Ok> => {
    ctx.log.debug('leave requested');
    requireMember(socket);
    await leaveRoom(ctx, socket);
    return { ok: true };
  });

  // Before a join too: pre-join makes the newcomer's first connection ahead of the click. TURN
  // credentials name the member, or, outside a room, an id made for this answer alone.
  on(ClientEvent.IceServers, iceServersSchema, async (socket): Promise<IceServersResult> => ({
    ok: true,
    iceServers: await options.iceServers(socket.data.peerId ?? newPeerId()),
  }));
}

/** A connection closed: its peer leaves at once if the client said so, else after a grace. */
export function leaveOnDisconnect(ctx: HandlerContext, socket: SignalSocket, reason: string) {
  const { peerId, room } = socket.data;
  ctx.log.debug({ reason, inRoom: peerId !== undefined }, 'disconnected');
  if (peerId === undefined || room === undefined) return;
  if (reason === CLIENT_LEFT) {
    void leaveRoom(ctx, socket);
    return;
  }
  void startGracePeriod(ctx, socket.id, room, peerId);
}

/**
 * Joins a room under its password: the first one in sets it (stored hashed), later
 * ones must give it. If the room changed between reading its lock and joining (it
 * emptied and was created again), the lock is read once more.
 */
async function joinLocked(
  ctx: HandlerContext,
  room: string,
  member: Member,
  access: { password: string | undefined; resuming: boolean },
) {
  const { password } = access;
  for (let attempt = 0; ; attempt += 1) {
    const lock = await ctx.registry.lock(room);
    let hash: string | null;
    if (!lock.exists) hash = password ? await hashPassword(password) : null;
    else if (lock.passwordHash === null || access.resuming) hash = lock.passwordHash;
    else if (password !== undefined && (await verifyPassword(password, lock.passwordHash))) {
      hash = lock.passwordHash;
    } else return { ok: false, reason: 'wrong-password' } as const;
    const outcome = await ctx.registry.join(room, member, ctx.options.capacity, hash);
    if (outcome.ok || outcome.reason !== 'wrong-password' || attempt >= 1) return outcome;
  }
}

/**
 * A dropped connection may come back with its resume token: wait before telling the others.
 * A connection retired by its own peer's resume no longer speaks for it and starts nothing.
 */
async function startGracePeriod(ctx: HandlerContext, owner: string, room: string, peerId: PeerId) {
  try {
    const member = await ctx.registry.get(room, peerId);
    if (member?.owner !== owner) return;
  } catch (err) {
    ctx.log.error({ err }, 'failed to look up a dropped peer');
  }
  clearGraceTimer(ctx, peerId);
  const timer = setTimeout(() => {
    ctx.graceTimers.delete(peerId);
    void removePeer(ctx, room, peerId, owner);
  }, ctx.options.graceMs);
  timer.unref();
  ctx.graceTimers.set(peerId, timer);
}

function clearGraceTimer(ctx: HandlerContext, peerId: PeerId): void {
  const timer = ctx.graceTimers.get(peerId);
  if (timer) clearTimeout(timer);
  ctx.graceTimers.delete(peerId);
}

/** Takes the socket out of its room; false when it was in none. */
async function leaveRoom(ctx: HandlerContext, socket: SignalSocket): Promise<boolean> {
  const { peerId, room } = socket.data;
  if (peerId === undefined || room === undefined) return false;
  socket.data.peerId = undefined;
  socket.data.room = undefined;
  if (socket.connected) {
    ctx.unjoined.set(socket, Date.now());
    await Promise.all([socket.leave(ioRoom.room(room)), socket.leave(ioRoom.peer(peerId))]);
  }
  await removePeer(ctx, room, peerId, socket.id);
  return true;
}

/**
 * Puts a member of an SFU room on Janus (a resumed one starts over there: its client comes back
 * with new connections). When Janus cannot take it, the join is undone and refused.
 */
async function admitToSfu(
  ctx: HandlerContext,
  room: string,
  peerId: PeerId,
  owner: string,
  added: boolean,
): Promise<void> {
  try {
    if (!ctx.sfu) throw new SignalError(ErrorCode.SfuUnavailable, 'no media server');
    await ctx.sfu.admit(room, peerId);
  } catch (err) {
    // A newcomer was never announced; a resumed member was, and the others are told it left.
    if (added) await ctx.registry.leave(room, peerId, owner);
    else await removePeer(ctx, room, peerId, owner);
    if (err instanceof SignalError) throw err;
    throw new SignalError(ErrorCode.SfuUnavailable, 'the media server is not available');
  }
}

/**
 * A mesh room grows past the mesh limit: everyone in it gets a place on Janus (their clients
 * publish when told, keeping their peer-to-peer links until the media server's media arrives),
 * and so does the newcomer. When Janus cannot take them, the room stays a mesh room, full.
 */
async function moveToSfu(
  ctx: HandlerContext,
  room: string,
  present: readonly PeerInfo[],
  owner: string,
  peerId: PeerId,
  added: boolean,
): Promise<void> {
  try {
    for (const peer of present) await ctx.sfu?.admit(room, peer.id);
  } catch {
    for (const peer of present) ctx.sfu?.remove(room, peer.id);
    if (added) await ctx.registry.leave(room, peerId, owner);
    throw new SignalError(
      ErrorCode.RoomFull,
      'the room is full and the media server is not available',
    );
  }
  await admitToSfu(ctx, room, peerId, owner, added);
}

/** Removes the peer if `owner` still speaks for it, and tells the rest of the room. */
async function removePeer(ctx: HandlerContext, room: string, peerId: PeerId, owner: string) {
  try {
    if (await ctx.registry.leave(room, peerId, owner)) {
      ctx.sfu?.remove(room, peerId);
      ctx.io.to(ioRoom.room(room)).emit(ServerEvent.PeerLeft, { id: peerId });
    }
  } catch (err) {
    ctx.log.error({ err }, 'failed to remove peer');
  }
}
