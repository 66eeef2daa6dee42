import { FileLimits, encodeChunk, encodeControl, parseControl } from './fileFrames.ts';
import type { ControlFrame } from './fileFrames.ts';
import { IncomingFiles } from './IncomingFiles.ts';
import { TransferBook } from './TransferBook.ts';
import type { Transfer } from './TransferBook.ts';
import type { FileChannel, TransferUpdate } from './transferTypes.ts';

export type * from './transferTypes.ts';

/** Bytes read from the file at a time, then sent as 16 KiB chunks. */
const READ_BYTES = 64 * FileLimits.chunkBytes;

/**
 * File sharing with one peer over its `files` data channel (fileFrames.ts): offers both ways,
 * nothing sent before the receiver accepts, chunks with backpressure, cancel by either side,
 * and a SHA-256 check of what arrived before it is handed out (IncomingFiles). Reports every
 * change as plain data through `onUpdate`; a transfer's last report has a final status (done,
 * declined, cancelled, failed), after which this class forgets it.
 */
export class FileShare {
  private nextId = 1;
  private readonly outgoing: TransferBook;
  private readonly incoming: IncomingFiles;
  private drainWaiters: (() => void)[] = [];
  private closed = false;
  private readonly listeners: [string, (event: Event) => void][];

  constructor(
    private readonly channel: FileChannel,
    onUpdate: (update: TransferUpdate) => void,
    private readonly onClosed: () => void = () => undefined,
  ) {
    this.outgoing = new TransferBook('out', onUpdate);
    this.incoming = new IncomingFiles((frame) => this.send(frame), onUpdate);
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
    const t = this.outgoing.track(id, name, file.size, file.type, 'waiting');
    t.file = file;
    this.send({ type: 'offer', id, name, size: file.size, mime: file.type, sha256 });
    this.outgoing.report(t);
    return id;
  }

  accept(id: number): void {
    this.incoming.accept(id);
  }

  decline(id: number): void {
    this.incoming.decline(id);
  }

  /** Stops a transfer from this side (either direction) and tells the peer. */
  cancel(direction: 'in' | 'out', id: number): void {
    if (direction === 'in') {
      this.incoming.cancel(id);
      return;
    }
    const t = this.outgoing.get(id);
    if (!t) return;
    this.send({ type: 'cancel', id, side: 'sender' });
    this.outgoing.finish(t, 'cancelled', { by: 'self' });
  }

  /** Idempotent: the channel closed or the peer left; every open transfer fails. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [type, listener] of this.listeners) this.channel.removeEventListener(type, listener);
    for (const t of this.outgoing.all())
      this.outgoing.finish(t, 'failed', { failure: 'connection' });
    this.incoming.failAll();
    this.wakeSenders();
    this.onClosed();
  }

  private onMessage(data: unknown): void {
    if (this.closed) return;
    if (data instanceof ArrayBuffer) this.incoming.onChunk(data);
    else if (typeof data === 'string') {
      const frame = parseControl(data);
      if (frame) this.onControl(frame);
    }
  }

  private onControl(frame: ControlFrame): void {
    const out = this.outgoing.get(frame.id);
    switch (frame.type) {
      case 'offer':
        this.incoming.onOffer(frame);
        return;
      case 'accept':
        if (out?.status !== 'waiting') return;
        out.status = 'transferring';
        out.startedAt = Date.now();
        this.outgoing.report(out);
        void this.pump(out);
        return;
      case 'decline':
        if (out?.status === 'waiting') this.outgoing.finish(out, 'declined', { by: 'peer' });
        return;
      case 'cancel':
        if (frame.side === 'sender') this.incoming.onCancel(frame.id);
        else if (out) this.outgoing.finish(out, 'cancelled', { by: 'peer' });
        return;
      case 'done':
        this.incoming.onDone(frame.id);
        return;
    }
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
          this.outgoing.progress(t);
        }
        if (block.byteLength === 0) break;
      }
      if (t.status !== 'transferring') return;
      this.send({ type: 'done', id: t.id });
      t.bytes = t.size;
      this.outgoing.finish(t, 'done', {});
    } catch {
      if (t.status !== 'transferring') return;
      this.outgoing.finish(t, 'failed', { failure: this.isOpen ? 'read' : 'connection' });
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
}
