import {
  FileLimits,
  decodeChunk,
  encodeChunk,
  encodeControl,
  parseControl,
  sha256Hex,
} from './fileFrames.ts';
import type { ControlFrame, Side } from './fileFrames.ts';
import type {
  FileChannel,
  TransferFailure,
  TransferStatus,
  TransferUpdate,
} from './transferTypes.ts';

export type * from './transferTypes.ts';

interface Transfer {
  id: number;
  direction: 'in' | 'out';
  name: string;
  size: number;
  mime: string;
  status: TransferStatus;
  bytes: number;
  startedAt: number;
  lastReport: number;
  by?: 'self' | 'peer';
  failure?: TransferFailure;
  /** Outgoing: the file. Incoming: the sender's digest and what arrived so far. */
  file?: Blob;
  sha256?: string;
  parts: Uint8Array<ArrayBuffer>[];
}

const ACTIVE: readonly TransferStatus[] = ['offered', 'waiting', 'transferring', 'verifying'];
/** Offers a peer may leave unanswered here at once; more are declined unseen (no flooding). */
const MAX_PENDING_OFFERS = 20;
/** Progress reaches the store at most this often. */
const REPORT_MS = 100;
/** Bytes read from the file at a time, then sent as 16 KiB chunks. */
const READ_BYTES = 64 * FileLimits.chunkBytes;

/**
 * File sharing with one peer over its `files` data channel (fileFrames.ts): offers both ways,
 * nothing sent before the receiver accepts, chunks with backpressure, cancel by either side,
 * and a SHA-256 check of what arrived before it is handed out. Reports every change as plain
 * data through `onUpdate`; a transfer's last report has a final status (done, declined,
 * cancelled, failed), after which this class forgets it.
 */
export class FileShare {
  private nextId = 1;
  private readonly outgoing = new Map<number, Transfer>();
  private readonly incoming = new Map<number, Transfer>();
  private drainWaiters: (() => void)[] = [];
  private closed = false;
  private readonly listeners: [string, (event: Event) => void][];

  constructor(
    private readonly channel: FileChannel,
    private readonly onUpdate: (update: TransferUpdate) => void,
    private readonly onClosed: () => void = () => undefined,
  ) {
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = FileLimits.lowWater;
    this.listeners = [
      ['message', (e) => this.onMessage((e as MessageEvent<unknown>).data)],
      ['bufferedamountlow', () => this.wakeSenders()],
      ['close', () => this.close()],
    ];
    for (const [type, listener] of this.listeners) channel.addEventListener(type, listener);
  }

  get isOpen(): boolean {
    return !this.closed && this.channel.readyState === 'open';
  }

  /** Offers a file; its bytes go only once the peer accepts. Returns the transfer id. */
  offer(file: Blob, name: string, sha256: string): number {
    const id = this.nextId++;
    const t = this.track(this.outgoing, id, 'out', name, file.size, file.type, 'waiting');
    t.file = file;
    this.send({ type: 'offer', id, name, size: file.size, mime: file.type, sha256 });
    this.report(t);
    return id;
  }

  accept(id: number): void {
    const t = this.incoming.get(id);
    if (t?.status !== 'offered') return;
    t.status = 'transferring';
    t.startedAt = Date.now();
    this.send({ type: 'accept', id });
    this.report(t);
  }

  decline(id: number): void {
    const t = this.incoming.get(id);
    if (t?.status !== 'offered') return;
    this.send({ type: 'decline', id });
    this.finish(t, 'declined', { by: 'self' });
  }

  /** Stops a transfer from this side (either direction) and tells the peer. */
  cancel(direction: 'in' | 'out', id: number): void {
    const t = (direction === 'in' ? this.incoming : this.outgoing).get(id);
    if (!t) return;
    if (t.status === 'offered') {
      this.decline(id);
      return;
    }
    const side: Side = direction === 'out' ? 'sender' : 'receiver';
    this.send({ type: 'cancel', id, side });
    this.finish(t, 'cancelled', { by: 'self' });
  }

  /** Idempotent: the channel closed or the peer left; every open transfer fails. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [type, listener] of this.listeners) this.channel.removeEventListener(type, listener);
    for (const t of [...this.outgoing.values(), ...this.incoming.values()])
      this.finish(t, 'failed', { failure: 'connection' });
    this.wakeSenders();
    this.onClosed();
  }

  private onMessage(data: unknown): void {
    if (this.closed) return;
    if (data instanceof ArrayBuffer) this.onChunk(data);
    else if (typeof data === 'string') {
      const frame = parseControl(data);
      if (frame) this.onControl(frame);
    }
  }

  private onControl(frame: ControlFrame): void {
    const out = this.outgoing.get(frame.id);
    const inc = this.incoming.get(frame.id);
    switch (frame.type) {
      case 'offer': {
        if (inc) return;
        const pending = [...this.incoming.values()].filter((t) => t.status === 'offered');
        if (pending.length >= MAX_PENDING_OFFERS) {
          this.send({ type: 'decline', id: frame.id });
          return;
        }
        const { id, name, size, mime } = frame;
        const t = this.track(this.incoming, id, 'in', name, size, mime, 'offered');
        t.sha256 = frame.sha256;
        this.report(t);
        return;
      }
      case 'accept':
        if (out?.status !== 'waiting') return;
        out.status = 'transferring';
        out.startedAt = Date.now();
        this.report(out);
        void this.pump(out);
        return;
      case 'decline':
        if (out?.status === 'waiting') this.finish(out, 'declined', { by: 'peer' });
        return;
      case 'cancel': {
        const t = frame.side === 'sender' ? inc : out;
        if (t) this.finish(t, 'cancelled', { by: 'peer' });
        return;
      }
      case 'done':
        if (inc?.status === 'transferring') void this.verify(inc);
        return;
    }
  }

  private onChunk(data: ArrayBuffer): void {
    const chunk = decodeChunk(data);
    const t = chunk && this.incoming.get(chunk.id);
    // Chunks still in flight after a cancel belong to no transfer and are dropped.
    if (!chunk || t?.status !== 'transferring') return;
    if (t.bytes + chunk.bytes.byteLength > t.size) {
      this.send({ type: 'cancel', id: t.id, side: 'receiver' });
      this.finish(t, 'failed', { failure: 'incomplete' });
      return;
    }
    t.parts.push(chunk.bytes);
    t.bytes += chunk.bytes.byteLength;
    this.progress(t);
  }

  private async verify(t: Transfer): Promise<void> {
    if (t.bytes !== t.size) {
      this.send({ type: 'cancel', id: t.id, side: 'receiver' });
      this.finish(t, 'failed', { failure: 'incomplete' });
      return;
    }
    t.status = 'verifying';
    this.report(t);
    // The type the sender named is shown, never trusted: opened from our origin as, say, HTML,
    // the file would run as our page. Downloaded as plain bytes it is only a file.
    const blob = new Blob(t.parts, { type: 'application/octet-stream' });
    t.parts = [];
    const digest = await sha256Hex(await blob.arrayBuffer());
    // Cancelled, or the link went, while hashing (a final status forgets the transfer).
    if (this.incoming.get(t.id) !== t) return;
    if (digest === t.sha256) this.finish(t, 'done', { blob });
    else this.finish(t, 'failed', { failure: 'mismatch' });
  }

  /** Sends the file in chunks, pausing while the channel's buffer is above the high water mark. */
  private async pump(t: Transfer): Promise<void> {
    const file = t.file;
    if (!file) return;
    try {
      let offset = 0;
      while (offset < t.size) {
        const block = new Uint8Array(await file.slice(offset, offset + READ_BYTES).arrayBuffer());
        for (let at = 0; at < block.byteLength; at += FileLimits.chunkBytes) {
          while (t.status === 'transferring' && this.channel.bufferedAmount > FileLimits.highWater)
            await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
          if (t.status !== 'transferring') return;
          const bytes = block.subarray(at, at + FileLimits.chunkBytes);
          this.channel.send(encodeChunk(t.id, bytes));
          offset += bytes.byteLength;
          // What left this machine: handed to the channel minus what still waits in its buffer.
          t.bytes = Math.max(0, offset - this.channel.bufferedAmount);
          this.progress(t);
        }
        if (block.byteLength === 0) break;
      }
      if (t.status !== 'transferring') return;
      this.send({ type: 'done', id: t.id });
      t.bytes = t.size;
      this.finish(t, 'done', {});
    } catch {
      if (t.status !== 'transferring') return;
      this.finish(t, 'failed', { failure: this.isOpen ? 'read' : 'connection' });
    }
  }

  private wakeSenders(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  private send(frame: ControlFrame): void {
    if (this.isOpen) this.channel.send(encodeControl(frame));
  }

  private track(
    map: Map<number, Transfer>,
    id: number,
    direction: 'in' | 'out',
    name: string,
    size: number,
    mime: string,
    status: TransferStatus,
  ): Transfer {
    const t: Transfer = {
      id,
      direction,
      name,
      size,
      mime,
      status,
      bytes: 0,
      startedAt: 0,
      lastReport: 0,
      parts: [],
    };
    map.set(id, t);
    return t;
  }

  private progress(t: Transfer): void {
    const now = Date.now();
    if (now - t.lastReport < REPORT_MS) return;
    t.lastReport = now;
    this.report(t);
  }

  /** A final status: reported once, then the transfer is forgotten here. */
  private finish(
    t: Transfer,
    status: TransferStatus,
    extra: { by?: 'self' | 'peer'; failure?: TransferFailure; blob?: Blob },
  ): void {
    if (!ACTIVE.includes(t.status)) return;
    t.status = status;
    t.parts = [];
    delete t.file;
    if (extra.by) t.by = extra.by;
    if (extra.failure) t.failure = extra.failure;
    (t.direction === 'in' ? this.incoming : this.outgoing).delete(t.id);
    this.report(t, extra.blob);
  }

  private report(t: Transfer, blob?: Blob): void {
    const seconds = t.startedAt ? (Date.now() - t.startedAt) / 1000 : 0;
    this.onUpdate({
      id: t.id,
      direction: t.direction,
      name: t.name,
      size: t.size,
      mime: t.mime,
      status: t.status,
      bytes: t.bytes,
      bytesPerSecond: seconds > 0 ? t.bytes / seconds : 0,
      ...(t.by && { by: t.by }),
      ...(t.failure && { failure: t.failure }),
      ...(blob && { blob }),
    });
  }
}
