import type { PeerId } from '../../../../signal/protocol.ts';

/**
 * Peers we still have a connection with but the server did not list when we
 * rejoined. After a server restart that is everyone who has not resumed yet,
 * so their connections are kept; each is confirmed by its `room:peer-joined`.
 * One that is never confirmed is given up once its connection is down after
 * `timeoutMs` (or as soon as it fails: see CallController).
 */
export class UnconfirmedPeers {
  private readonly timers = new Map<PeerId, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly timeoutMs: number,
    /** Asked when the time is up; returns true to give the peer up, false to wait another round. */
    private readonly onTimeout: (id: PeerId) => boolean,
  ) {}

  has(id: PeerId): boolean {
    return this.timers.has(id);
  }

  suspect(ids: Iterable<PeerId>): void {
    for (const id of ids) if (!this.timers.has(id)) this.arm(id);
  }

  confirm(id: PeerId): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(id: PeerId): void {
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        if (!this.onTimeout(id)) this.arm(id);
      }, this.timeoutMs),
    );
  }
}
