/**
 * The judged baseline: stock Socket.IO doing the same routing as the signaling
 * service (join a room, relay to a peer of the sender's own room with the
 * sender's id, acknowledge), speaking the same events so the same client drives
 * it, with none of the protocol's validation, limits, metrics or resilience.
 */
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';

interface JoinRequest {
  room: string;
  name: string;
}

interface SignalRequest {
  to: string;
  candidate?: unknown;
  description?: unknown;
}

type Reply = (res: unknown) => void;

const UNKNOWN_PEER = { ok: false, error: { code: 'unknown-peer', message: 'no such peer' } };
const OK = { ok: true };

export function createStockSocketIoRelay(http: HttpServer): Server {
  // Socket.IO's defaults, but for what room-call's server sets too (WebSocket only, no
  // compression, no client bundle): the same transport for both.
  const io = new Server(http, {
    transports: ['websocket'],
    perMessageDeflate: false,
    serveClient: false,
  });
  const rooms = new Map<string, Map<string, Socket>>();
  io.on('connection', (socket) => {
    let self: { id: string; room: string } | null = null;
    socket.on('room:join', (req: JoinRequest, ack: Reply) => {
      const id = randomBytes(12).toString('base64url');
      const room = req.room.toLowerCase();
      const members = rooms.get(room) ?? new Map<string, Socket>();
      members.set(id, socket);
      rooms.set(room, members);
      self = { id, room };
      ack({ ok: true, self: { id, name: req.name } });
    });
    socket.on('signal', (req: SignalRequest, ack: Reply) => {
      const target = self ? rooms.get(self.room)?.get(req.to) : undefined;
      if (!self || !target || req.to === self.id) {
        ack(UNKNOWN_PEER);
        return;
      }
      target.emit(
        'signal',
        req.description
          ? { from: self.id, description: req.description }
          : { from: self.id, candidate: req.candidate },
      );
      ack(OK);
    });
    socket.on('disconnect', () => {
      if (!self) return;
      const members = rooms.get(self.room);
      members?.delete(self.id);
      if (members?.size === 0) rooms.delete(self.room);
    });
  });
  return io;
}
