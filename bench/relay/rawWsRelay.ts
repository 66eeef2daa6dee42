/**
 * The baseline: a bare `ws` server doing the same routing as the signaling
 * service (join a room, relay to a peer of the sender's own room, acknowledge),
 * with none of the protocol's validation, framing or resilience.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export type RawClientMessage =
  | { t: 'join'; room: string; name: string; n: number }
  | { t: 'signal'; to: string; candidate?: unknown; description?: unknown; n: number };

export type RawServerMessage =
  | { t: 'ack'; n: number; ok: boolean; id?: string }
  | { t: 'signal'; from: string; candidate?: unknown; description?: unknown };

export function createRawWsRelay(server: Server): WebSocketServer {
  const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
  const rooms = new Map<string, Map<string, WebSocket>>();
  wss.on('connection', (ws) => {
    let self: { id: string; room: string } | null = null;
    const send = (m: RawServerMessage) => ws.send(JSON.stringify(m));
    ws.on('message', (data) => {
      let msg: RawClientMessage;
      try {
        // binaryType is the default, nodebuffer.
        msg = JSON.parse((data as Buffer).toString()) as RawClientMessage;
      } catch {
        return;
      }
      if (msg.t === 'join') {
        const id = randomBytes(12).toString('base64url');
        const room = msg.room.toLowerCase();
        const members = rooms.get(room) ?? new Map<string, WebSocket>();
        members.set(id, ws);
        rooms.set(room, members);
        self = { id, room };
        send({ t: 'ack', n: msg.n, ok: true, id });
        return;
      }
      const target = self ? rooms.get(self.room)?.get(msg.to) : undefined;
      if (!self || !target || msg.to === self.id) {
        send({ t: 'ack', n: msg.n, ok: false });
        return;
      }
      const out: RawServerMessage = msg.description
        ? { t: 'signal', from: self.id, description: msg.description }
        : { t: 'signal', from: self.id, candidate: msg.candidate };
      target.send(JSON.stringify(out));
      send({ t: 'ack', n: msg.n, ok: true });
    });
    ws.on('close', () => {
      if (!self) return;
      const members = rooms.get(self.room);
      members?.delete(self.id);
      if (members?.size === 0) rooms.delete(self.room);
    });
  });
  return wss;
}
