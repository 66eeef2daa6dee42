import type { TransferStatus, TransferUpdate } from './transferTypes.ts';

/** One transfer as FileShare keeps it while it is under way: what it reports, and more. */
export interface Transfer extends Omit<TransferUpdate, 'bytesPerSecond' | 'blob'> {
  startedAt: number;
  lastReport: number;
  /** Outgoing: the file. Incoming: the sender's digest and what arrived so far. */
  file?: Blob;
  sha256?: string;
  parts: Uint8Array<ArrayBuffer>[];
}

/** How a transfer ended, beyond its final status. */
export type Ending = Pick<TransferUpdate, 'by' | 'failure' | 'blob'>;

const ACTIVE: readonly TransferStatus[] = ['offered', 'waiting', 'transferring', 'verifying'];
/** Progress reaches the store at most this often. */
const REPORT_MS = 100;

/**
 * The open transfers of one direction on one channel, and their reports: each change goes out
 * as plain data through `onUpdate`; a final status is reported once, then the transfer is
 * forgotten here.
 */
export class TransferBook {
  private readonly transfers = new Map<number, Transfer>();

  constructor(
    private readonly direction: 'in' | 'out',
    private readonly onUpdate: (update: TransferUpdate) => void,
  ) {}

  get(id: number): Transfer | undefined {
    return this.transfers.get(id);
  }

  all(): Transfer[] {
    return [...this.transfers.values()];
  }

  track(id: number, name: string, size: number, mime: string, status: TransferStatus): Transfer {
    const t: Transfer = {
      id,
      direction: this.direction,
      name,
      size,
      mime,
      status,
      bytes: 0,
      startedAt: 0,
      lastReport: 0,
      parts: [],
    };
    this.transfers.set(id, t);
    return t;
  }

  /** Reports bytes moved, throttled. */
  progress(t: Transfer): void {
    const now = Date.now();
    if (now - t.lastReport < REPORT_MS) return;
    t.lastReport = now;
    this.report(t);
  }

  /** A final status: reported once, then the transfer is forgotten here. */
  finish(t: Transfer, status: TransferStatus, ending: Ending): void {
    if (!ACTIVE.includes(t.status)) return;
    t.status = status;
    t.parts = [];
    delete t.file;
    if (ending.by) t.by = ending.by;
    if (ending.failure) t.failure = ending.failure;
    this.transfers.delete(t.id);
    this.report(t, ending.blob);
  }

  report(t: Transfer, blob?: Blob): void {
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
