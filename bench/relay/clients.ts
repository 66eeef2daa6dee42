/** One benchmark client per protocol, behind the same small interface. */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, ServerToClientEvents } from '../../signal/protocol.ts';
import type { ServerKind } from './messages.ts';
import type { RawClientMessage, RawServerMessage } from './rawWsRelay.ts';
import { CANDIDATE } from './messages.ts';

export type Candidate = typeof CANDIDATE;

export interface RelayClient {
  join(room: string, name: string): Promise<string>;
  /** Sends a candidate to `to`; `onAck` runs when the server acknowledged it. */
  signal(to: string, candidate: Candidate, onAck: () => void): void;
  onSignal(handler: (from: string, candidate: Candidate) => void): void;
  close(): void;
}

class SocketIoClient implements RelayClient {
  private constructor(
    private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  ) {}

  static connect(url: string): Promise<RelayClient> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ['websocket'],
      auth: { protocol: 1 },
      forceNew: true,
      reconnection: false,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new SocketIoClient(socket)));
      socket.once('connect_error', reject);
    });
  }

  async join(room: string, name: string): Promise<string> {
    const res = await this.socket.emitWithAck('room:join', { room, name });
    if (!res.ok) throw new Error(`join refused: ${res.error.code}`);
    return res.self.id;
  }

  signal(to: string, candidate: Candidate, onAck: () => void): void {
    this.socket.emit('signal', { to, candidate }, onAck);
  }

  onSignal(handler: (from: string, candidate: Candidate) => void): void {
    this.socket.on('signal', (m) => {
      if (m.candidate) handler(m.from, m.candidate as Candidate);
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

class RawWsClient implements RelayClient {
  private next = 0;
  private readonly acks = new Map<number, (m: Extract<RawServerMessage, { t: 'ack' }>) => void>();
  private handler: ((from: string, candidate: Candidate) => void) | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString()) as RawServerMessage;
      if (m.t === 'ack') {
        const ack = this.acks.get(m.n);
        this.acks.delete(m.n);
        ack?.(m);
      } else if (m.candidate) {
        this.handler?.(m.from, m.candidate as Candidate);
      }
    });
  }

  static connect(url: string): Promise<RelayClient> {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawWsClient(ws)));
      ws.once('error', reject);
    });
  }

  private send(m: RawClientMessage, onAck: (m: Extract<RawServerMessage, { t: 'ack' }>) => void) {
    this.acks.set(m.n, onAck);
    this.ws.send(JSON.stringify(m));
  }

  join(room: string, name: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.send({ t: 'join', room, name, n: this.next++ }, (ack) => {
        if (ack.ok && ack.id) resolve(ack.id);
        else reject(new Error('join refused'));
      });
    });
  }

  signal(to: string, candidate: Candidate, onAck: () => void): void {
    this.send({ t: 'signal', to, candidate, n: this.next++ }, onAck);
  }

  onSignal(handler: (from: string, candidate: Candidate) => void): void {
    this.handler = handler;
  }

  close(): void {
    this.ws.close();
  }
}

export function connectClient(kind: ServerKind, url: string): Promise<RelayClient> {
  return kind === 'raw-ws' ? RawWsClient.connect(url) : SocketIoClient.connect(url);
}
