import type { StoreApi } from 'zustand';
import type { PeerId } from '../../../../signal/protocol.ts';
import type { AppState, FileTransfer } from '../../store/types.ts';
import { FileLimits, cleanFileName, sha256Hex } from './fileFrames.ts';
import { FileShare } from './FileShare.ts';
import type { FileChannel, TransferUpdate } from './FileShare.ts';

/** Why a file could not be offered; the chat panel turns these into sentences. */
export type ShareRefusal = 'too-large' | 'no-peers' | 'unreadable';

/** Finished entries kept in the panel; older ones go (and their blob URLs with them). */
const MAX_FINISHED = 30;

/**
 * File sharing: one FileShare per peer's `files` channel (a mesh connection's, or in an SFU room
 * a data-only link's: fileLinks.ts), transfers mirrored into the store as plain data, and the
 * blob URLs of received files (made when a file's SHA-256 matched, revoked when its entry goes
 * or the call ends). Nothing passes the signaling server.
 */
export class FileTransfers {
  private readonly shares = new Map<PeerId, { share: FileShare; gen: number }>();
  /**
   * Counts attached channels: a peer's transfer ids restart with each new connection (and the
   * same person may come back under the same id), so keys carry the channel's generation.
   */
  private gen = 0;

  constructor(
    private readonly store: StoreApi<AppState>,
    /** Before an offer: make the channels that are missing (an SFU room's links), and wait. */
    private readonly reach: () => Promise<void> = () => Promise.resolve(),
  ) {
    // A room that moves to the SFU closes the mesh connections, whose channels may not say so.
    store.subscribe((now, before) => {
      if (now.media === 'sfu' && before.media !== 'sfu') this.stopAll();
    });
  }

  /** A connection's `files` channel was made (again, for a new connection to that peer). */
  attach(peerId: PeerId, channel: FileChannel): void {
    this.shares.get(peerId)?.share.close();
    const gen = ++this.gen;
    const share: FileShare = new FileShare(
      channel,
      (update) => this.onUpdate(peerId, gen, update),
      () => {
        if (this.shares.get(peerId)?.share === share) this.shares.delete(peerId);
      },
    );
    this.shares.set(peerId, { share, gen });
  }

  /** The peer left: what was under way with them fails. */
  forget(peerId: PeerId): void {
    this.shares.get(peerId)?.share.close();
  }

  /** Offers the file to everyone whose channel is open (nothing is sent before they accept). */
  async share(file: File): Promise<ShareRefusal | null> {
    if (file.size > FileLimits.maxBytes) return 'too-large';
    const name = cleanFileName(file.name) ?? 'file';
    await this.reach();
    if (![...this.shares.values()].some((s) => s.share.isOpen)) return 'no-peers';
    let sha256: string;
    try {
      sha256 = await sha256Hex(await file.arrayBuffer());
    } catch {
      return 'unreadable';
    }
    const open = [...this.shares.values()].map((s) => s.share).filter((s) => s.isOpen);
    for (const share of open) share.offer(file, name, sha256);
    return open.length > 0 ? null : 'no-peers';
  }

  accept(key: string): void {
    this.withShare(key, (share, _dir, id) => share.accept(id));
  }

  decline(key: string): void {
    this.withShare(key, (share, _dir, id) => share.decline(id));
  }

  cancel(key: string): void {
    this.withShare(key, (share, direction, id) => share.cancel(direction, id));
  }

  /** Removes a finished entry (and frees its file). */
  dismiss(key: string): void {
    const entry = this.store.getState().transfers.find((t) => t.key === key);
    if (!entry || !isFinal(entry)) return;
    if (entry.url) URL.revokeObjectURL(entry.url);
    this.store.getState().removeTransfer(key);
  }

  /** The call ended: every transfer stops and every received file is let go. */
  clear(): void {
    this.stopAll();
    for (const t of this.store.getState().transfers) if (t.url) URL.revokeObjectURL(t.url);
    this.store.getState().clearTransfers();
  }

  private stopAll(): void {
    for (const { share } of [...this.shares.values()]) share.close();
    this.shares.clear();
  }

  private withShare(
    key: string,
    act: (share: FileShare, direction: 'in' | 'out', id: number) => void,
  ): void {
    const entry = this.store.getState().transfers.find((t) => t.key === key);
    const current = entry && this.shares.get(entry.peerId);
    // An entry of an earlier connection to that peer is not this connection's transfer.
    if (entry && current?.gen === Number(key.split('/').at(-3)))
      act(current.share, entry.direction, Number(key.split('/').at(-1)));
  }

  private onUpdate(peerId: PeerId, gen: number, u: TransferUpdate): void {
    const state = this.store.getState();
    const key = `${peerId}/${gen}/${u.direction}/${u.id}`;
    const before = state.transfers.find((t) => t.key === key);
    if (before?.url && u.blob) URL.revokeObjectURL(before.url);
    const { id: _id, blob, ...shown } = u;
    const entry: FileTransfer = {
      key,
      peerId,
      peerName: before?.peerName ?? state.peers[peerId]?.name ?? '',
      ...shown,
      ...(blob && { url: URL.createObjectURL(blob) }),
    };
    state.putTransfer(entry);
    // The chat panel may be closed: say that someone offers a file.
    if (!before && u.status === 'offered')
      state.notify('files.offerNotice', { name: entry.peerName, file: u.name });
    if (isFinal(entry)) this.trim();
  }

  private trim(): void {
    const finished = this.store.getState().transfers.filter(isFinal);
    for (const old of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED)))
      this.dismiss(old.key);
  }
}

export function isFinal(t: Pick<FileTransfer, 'status'>): boolean {
  return (
    t.status === 'done' ||
    t.status === 'declined' ||
    t.status === 'cancelled' ||
    t.status === 'failed'
  );
}
