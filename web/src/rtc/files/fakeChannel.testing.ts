import type { FileChannel } from './FileShare.ts';

/**
 * Two connected fake data channels for unit tests: messages arrive in order on a later task, and
 * `bufferedAmount` counts bytes sent but not yet delivered, so backpressure can be observed.
 * `hold()` stops delivery (a slow link) until `release()`.
 */
export class FakeChannel extends EventTarget implements FileChannel {
  readyState: RTCDataChannelState = 'open';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType: BinaryType = 'blob';
  peer: FakeChannel | null = null;
  /** Every frame sent: text frames as strings, binary ones by size. */
  readonly sent: (string | number)[] = [];
  maxBuffered = 0;
  private queue: (string | ArrayBuffer)[] = [];
  private held = false;
  private scheduled = false;

  send(data: string | ArrayBuffer): void {
    if (this.readyState !== 'open') throw new DOMException('not open', 'InvalidStateError');
    this.sent.push(typeof data === 'string' ? data : data.byteLength);
    this.bufferedAmount += size(data);
    this.maxBuffered = Math.max(this.maxBuffered, this.bufferedAmount);
    this.queue.push(data);
    this.schedule();
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.schedule();
  }

  /** Both ends close, as when the peer connection goes. */
  closeBoth(): void {
    for (const end of [this, this.peer]) {
      if (!end || end.readyState === 'closed') continue;
      end.readyState = 'closed';
      end.dispatchEvent(new Event('close'));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.held) return;
    this.scheduled = true;
    setTimeout(() => this.deliver(), 0);
  }

  /** Delivers a few frames per task, so the sender sees its buffer fill and drain. */
  private deliver(): void {
    this.scheduled = false;
    for (let n = 0; n < 8 && !this.held; n++) {
      const data = this.queue.shift();
      if (data === undefined) return;
      const before = this.bufferedAmount;
      this.bufferedAmount -= size(data);
      if (this.peer?.readyState === 'open')
        this.peer.dispatchEvent(new MessageEvent('message', { data }));
      if (
        before > this.bufferedAmountLowThreshold &&
        this.bufferedAmount <= this.bufferedAmountLowThreshold
      )
        this.dispatchEvent(new Event('bufferedamountlow'));
    }
    if (this.queue.length > 0) this.schedule();
  }
}

function size(data: string | ArrayBuffer): number {
  return typeof data === 'string' ? data.length : data.byteLength;
}

export function channelPair(): [FakeChannel, FakeChannel] {
  const a = new FakeChannel();
  const b = new FakeChannel();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** Waits (polling every millisecond) until `check` holds; fails after 10 s naming `what`. */
export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
