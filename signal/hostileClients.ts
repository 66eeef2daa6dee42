/**
 * Test and benchmark support: every kind of bad message a Socket.IO client can send, and an
 * attacker that speaks the Engine.IO/Socket.IO framing by hand so it can send what the real
 * client never would.
 */
import { WebSocket } from 'ws';
import type { PeerId } from './protocol.ts';

/** Rooms of people the attackers aim at (room-0 … room-24). */
export const ROOMS = 25;

const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObject = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
};

/** Every kind of bad message a socket.io client can send, chosen by index. */
export function hostileMessage(
  i: number,
  targets: { foreignPeers: PeerId[]; foreignSockets: string[]; mate: PeerId | null },
): { event: string; args: unknown[] } {
  const foreign = targets.foreignPeers[i % targets.foreignPeers.length] ?? 'x';
  const socketId = targets.foreignSockets[i % targets.foreignSockets.length] ?? 'x';
  const kinds: (() => { event: string; args: unknown[] })[] = [
    // Foreign PeerIds and socket ids as recipients.
    () => ({ event: 'signal', args: [{ to: foreign, candidate: null }] }),
    () => ({
      event: 'signal',
      args: [{ to: foreign, description: { type: 'offer', sdp: 'v=0\r\nstolen\r\n' } }],
    }),
    () => ({ event: 'signal', args: [{ to: socketId, candidate: { candidate: 'c' } }] }),
    () => ({ event: 'signal', args: [{ to: `peer:${foreign}`, candidate: null }] }),
    // Foreign rooms: password-protected, internal-looking, another socket's id.
    () => ({ event: 'room:join', args: [{ room: `room-${i % ROOMS}`, name: 'Mallory' }] }),
    () => ({
      event: 'room:join',
      args: [{ room: `room-${i % ROOMS}`, name: 'Mallory', password: `guess${i}` }],
    }),
    () => ({ event: 'room:join', args: [{ room: `peer:${foreign}`, name: 'Mallory' }] }),
    () => ({ event: 'room:join', args: [{ room: socketId, name: 'Mallory' }] }),
    () => ({ event: 'room:leave', args: [{}] }),
    // Wrong types.
    () => ({ event: 'signal', args: [{ to: 42, candidate: null }] }),
    () => ({ event: 'signal', args: [{ to: foreign, description: { type: 'pranswer', sdp: 1 } }] }),
    () => ({ event: 'signal', args: [{ to: foreign, candidate: 'candidate' }] }),
    () => ({ event: 'signal', args: [[foreign, null]] }),
    () => ({ event: 'signal', args: [null] }),
    () => ({ event: 'signal', args: [] }),
    () => ({ event: 'room:join', args: [{ room: {}, name: [], password: 5 }] }),
    () => ({ event: 'room:join', args: ['room-1'] }),
    () => ({ event: 'peer:update', args: [{ audio: 'yes', video: 1 }] }),
    () => ({ event: 'peer:update', args: [true] }),
    // Huge strings (under the frame limit, over every field's).
    () => ({ event: 'signal', args: [{ to: 'x'.repeat(40_000), candidate: null }] }),
    () => ({
      event: 'signal',
      args: [{ to: foreign, candidate: { candidate: 'c'.repeat(30_000) } }],
    }),
    () => ({ event: 'room:join', args: [{ room: 'r'.repeat(50_000), name: 'n' }] }),
    () => ({ event: 'room:join', args: [{ room: 'ok', name: 'n'.repeat(50_000) }] }),
    // Nesting as deep as the frame guard lets through.
    () => ({ event: 'signal', args: [{ to: [[[[[1]]]]] }] }),
    () => ({ event: 'room:join', args: [nestedObject(5)] }),
    // Prototype tricks.
    () => ({
      event: 'room:join',
      args: [JSON.parse('{"__proto__":{"room":"room-1","name":"M"},"constructor":{}}') as unknown],
    }),
    () => ({ event: 'peer:update', args: [JSON.parse('{"__proto__":{"audio":true}}') as unknown] }),
    // Unknown events.
    () => ({ event: 'rooms:list', args: [{}] }),
    () => ({ event: '__proto__', args: [{}] }),
    () => ({ event: 'constructor', args: [{}] }),
    () => ({ event: 'room:peer-joined', args: [{ id: foreign, name: 'fake' }] }),
    // A well-formed signal to the attacker's own room-mate: the relay path itself.
    () => ({
      event: 'signal',
      args: [{ to: targets.mate ?? foreign, candidate: { candidate: 'candidate:1' } }],
    }),
  ];
  const kind = kinds[i % kinds.length];
  if (!kind) throw new Error('no kind');
  return kind();
}

/** Raw frames, many malformed; several make the server close the connection. */
export const malformedFrames: (string | Buffer)[] = [
  '42["signal",{"to":"x","candidate":null}]',
  '43',
  '431[]',
  '4399999999999999999999[]',
  '2',
  '3',
  '6',
  '40{"protocol":1}',
  '42[',
  '42',
  '42{}',
  '42"signal"',
  '42[null]',
  '42[1,2,3]',
  '4',
  '4x',
  '49',
  '',
  'x'.repeat(2000),
  `42["signal",{"to":${nestedArray(30_000)}}]`,
  `42["room:join",${JSON.stringify(nestedObject(100))}]`,
  '40/admin,',
  '451-["signal",{"_placeholder":true,"num":0}]',
  Buffer.from([4, 1, 2, 3]),
  '1',
];

/**
 * An attacker speaking engine.io and Socket.IO by hand: frames are built once,
 * so the test process spends almost nothing and the server's answers are what
 * is measured. Reconnects whenever the server closes it.
 */
export class RawAttacker {
  private ws: WebSocket | null = null;
  private nextAck = 0;
  private readonly pending = new Map<number, (reply: unknown) => void>();
  readonly received: [string, unknown][] = [];
  connections = 0;

  constructor(private readonly url: string) {}

  private async open(): Promise<WebSocket> {
    if (this.ws?.readyState === WebSocket.OPEN) return this.ws;
    this.connections += 1;
    for (const resolve of this.pending.values()) resolve('closed');
    this.pending.clear();
    const ws = new WebSocket(
      `${this.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
    );
    ws.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        const text = data.toString();
        if (text.startsWith('0')) ws.send('40{"protocol":1}');
        else if (text.startsWith('40')) resolve();
        else if (text === '2') ws.send('3');
        else if (text.startsWith('43')) {
          const id = Number(/^43(\d+)/.exec(text)?.[1]);
          const body = JSON.parse(text.slice(2 + String(id).length)) as unknown[];
          this.pending.get(id)?.(body[0]);
          this.pending.delete(id);
        } else if (text.startsWith('42')) {
          const [event, payload] = JSON.parse(text.slice(2)) as [string, unknown];
          this.received.push([event, payload]);
        }
      });
      ws.once('close', () => {
        for (const done of this.pending.values()) done('closed');
        this.pending.clear();
        reject(new Error('closed during handshake'));
      });
    });
    this.ws = ws;
    return ws;
  }

  async send(frame: string | Buffer): Promise<void> {
    const ws = await this.open();
    await new Promise<void>((resolve) => ws.send(frame, () => resolve()));
  }

  /** Sends `[event, ...args]` as Socket.IO would; resolves with the ack (or 'closed'). */
  async emit(event: string, args: unknown[], withAck: boolean): Promise<unknown> {
    const ws = await this.open();
    const body = JSON.stringify([event, ...args]);
    if (!withAck) {
      ws.send(`42${body}`);
      return undefined;
    }
    const id = this.nextAck++;
    const reply = new Promise<unknown>((resolve) => {
      // A connection left in a state that answers nothing is dropped (and reopened next time).
      const timer = setTimeout(() => {
        ws.terminate();
        resolve('no answer');
      }, 3000);
      this.pending.set(id, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
    ws.send(`42${id}${body}`);
    return reply;
  }

  close(): void {
    this.ws?.terminate();
  }
}
