/**
 * The load of the soak benchmark: many real Socket.IO clients joining and
 * leaving rooms over and over, the way people come and go. Most leave with
 * `room:leave`; some just vanish (their connection drops, the server's grace
 * period removes them); some relay a signal or a media-state change on the way.
 */
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../signal/protocol.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ClientLoadOptions {
  url: string;
  sockets: number;
  durationMs: number;
  /** Rooms to spread over; with 4 per room, some joins meet a full room (also worth exercising). */
  rooms: number;
  /** Share of departures that vanish instead of leaving (0..1). */
  vanishRate: number;
}

export interface ClientLoadReport {
  joins: number;
  leaves: number;
  vanishes: number;
  refusals: Record<string, number>;
  signals: number;
  errors: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);

function open(url: string): Promise<Client> {
  const socket: Client = connect(url, {
    transports: ['websocket'],
    auth: { protocol: 1 },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function driveClients(options: ClientLoadOptions): Promise<ClientLoadReport> {
  const report: ClientLoadReport = {
    joins: 0,
    leaves: 0,
    vanishes: 0,
    refusals: {},
    signals: 0,
    errors: 0,
  };
  const until = Date.now() + options.durationMs;

  /** A connection, retried (and counted as an error) while the run lasts; null when over. */
  const connected = async (): Promise<Client | null> => {
    for (let attempt = 0; attempt === 0 || Date.now() < until; attempt += 1) {
      try {
        return await open(options.url);
      } catch {
        report.errors += 1;
        await pause(500);
      }
    }
    return null;
  };

  const life = async (index: number) => {
    // Connections open spread over the first second, not all at once.
    await pause(between(0, 1000));
    let socket = await connected();
    let round = 0;
    // Every socket does at least one round, however loaded the machine is.
    while (socket && (round === 0 || Date.now() < until)) {
      round += 1;
      try {
        const room = `soak-${Math.floor(Math.random() * options.rooms)}`;
        const res = await socket.emitWithAck('room:join', { room, name: `p${index}-${round}` });
        if (!res.ok) {
          report.refusals[res.error.code] = (report.refusals[res.error.code] ?? 0) + 1;
          await pause(between(50, 300));
          continue;
        }
        report.joins += 1;
        await pause(between(100, 1500));
        const other = res.peers[0];
        if (other) {
          const sent = await socket.emitWithAck('signal', { to: other.id, candidate: null });
          if (sent.ok) report.signals += 1;
        }
        await socket.emitWithAck('peer:update', { video: round % 2 === 0 });
        if (Math.random() < options.vanishRate) {
          socket.io.engine.close();
          report.vanishes += 1;
          socket = await connected();
        } else {
          const left = await socket.emitWithAck('room:leave', {});
          if (left.ok) report.leaves += 1;
        }
      } catch {
        report.errors += 1;
        socket?.disconnect();
        socket = await connected();
      }
    }
    socket?.disconnect();
  };

  await Promise.all(Array.from({ length: options.sockets }, (_, i) => life(i)));
  return report;
}
