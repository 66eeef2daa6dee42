import { decodeChunk, sha256Hex } from './fileFrames.ts';
import type { ControlFrame } from './fileFrames.ts';
import { TransferBook } from './TransferBook.ts';
import type { Transfer } from './TransferBook.ts';
import type { TransferUpdate } from './transferTypes.ts';

/** Offers a peer may leave unanswered here at once; more are declined unseen (no flooding). */
const MAX_PENDING_OFFERS = 20;

/**
 * The receiving side of a FileShare: the peer's offers, our answers, the chunks that arrive,
 * and a SHA-256 check of the assembled file before it is handed out. Control frames go back
 * through `send`, which FileShare drops once its channel is closed.
 */
export class IncomingFiles {
  private readonly book: TransferBook;

  constructor(
    private readonly send: (frame: ControlFrame) => void,
    onUpdate: (update: TransferUpdate) => void,
  ) {
    this.book = new TransferBook('in', onUpdate);
  }

  onOffer(frame: Extract<ControlFrame, { type: 'offer' }>): void {
    if (this.book.get(frame.id)) return;
    const pending = this.book.all().filter((t) => t.status === 'offered');
    if (pending.length >= MAX_PENDING_OFFERS) {
      this.send({ type: 'decline', id: frame.id });
      return;
    }
    const { id, name, size, mime } = frame;
    const t = this.book.track(id, name, size, mime, 'offered');
    t.sha256 = frame.sha256;
    this.book.report(t);
  }

  accept(id: number): void {
    const t = this.book.get(id);
    if (t?.status !== 'offered') return;
    t.status = 'transferring';
    t.startedAt = Date.now();
    this.send({ type: 'accept', id });
    this.book.report(t);
  }

  decline(id: number): void {
    const t = this.book.get(id);
    if (t?.status !== 'offered') return;
    this.send({ type: 'decline', id });
    this.book.finish(t, 'declined', { by: 'self' });
  }

  /** Stops a transfer from this side and tells the sender; an offer is declined instead. */
  cancel(id: number): void {
    const t = this.book.get(id);
    if (!t) return;
    if (t.status === 'offered') {
      this.decline(id);
      return;
    }
    this.send({ type: 'cancel', id, side: 'receiver' });
    this.book.finish(t, 'cancelled', { by: 'self' });
  }

  /** The sender gave up on a transfer. */
  onCancel(id: number): void {
    const t = this.book.get(id);
    if (t) this.book.finish(t, 'cancelled', { by: 'peer' });
  }

  /** The sender has sent every chunk. */
  onDone(id: number): void {
    const t = this.book.get(id);
    if (t?.status === 'transferring') void this.verify(t);
  }

  onChunk(data: ArrayBuffer): void {
    const chunk = decodeChunk(data);
    const t = chunk && this.book.get(chunk.id);
    // Chunks still in flight after a cancel belong to no transfer and are dropped.
    if (!chunk || t?.status !== 'transferring') return;
    if (t.bytes + chunk.bytes.byteLength > t.size) {
      this.send({ type: 'cancel', id: t.id, side: 'receiver' });
      this.book.finish(t, 'failed', { failure: 'incomplete' });
      return;
    }
    t.parts.push(chunk.bytes);
    t.bytes += chunk.bytes.byteLength;
    this.book.progress(t);
  }

  /** The link went: every open transfer fails. */
  failAll(): void {
    for (const t of this.book.all()) this.book.finish(t, 'failed', { failure: 'connection' });
  }

  private async verify(t: Transfer): Promise<void> {
    if (t.bytes !== t.size) {
      this.send({ type: 'cancel', id: t.id, side: 'receiver' });
      this.book.finish(t, 'failed', { failure: 'incomplete' });
      return;
    }
    t.status = 'verifying';
    this.book.report(t);
    // The type the sender named is shown, never trusted: opened from our origin as, say, HTML,
    // the file would run as our page. Downloaded as plain bytes it is only a file.
    const blob = new Blob(t.parts, { type: 'application/octet-stream' });
    t.parts = [];
    const digest = await sha256Hex(await blob.arrayBuffer());
    // Cancelled, or the link went, while hashing (a final status forgets the transfer).
    if (this.book.get(t.id) !== t) return;
    if (digest === t.sha256) this.book.finish(t, 'done', { blob });
    else this.book.finish(t, 'failed', { failure: 'mismatch' });
  }
}
