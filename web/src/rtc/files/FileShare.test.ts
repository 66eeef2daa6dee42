import { afterEach, describe, expect, it } from 'vitest';
import { FileLimits, sha256Hex } from './fileFrames.ts';
import { FileShare } from './FileShare.ts';
import type { TransferUpdate } from './FileShare.ts';
import { channelPair, until } from './fakeChannel.testing.ts';
import type { FakeChannel } from './fakeChannel.testing.ts';

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(out.subarray(at, at + 65536));
  return out;
}

interface End {
  channel: FakeChannel;
  share: FileShare;
  updates: TransferUpdate[];
  last: () => TransferUpdate | undefined;
}

const shares: FileShare[] = [];

function connect(): [End, End] {
  const [ca, cb] = channelPair();
  const end = (channel: FakeChannel): End => {
    const updates: TransferUpdate[] = [];
    const share = new FileShare(channel, (u) => updates.push(u));
    shares.push(share);
    return { channel, share, updates, last: () => updates.at(-1) };
  };
  return [end(ca), end(cb)];
}

function blobOf(end: End): Blob {
  const blob = end.last()?.blob;
  if (!blob) throw new Error('no file received');
  return blob;
}

/** A 4 MiB file offered by `a` and seen by `b`, or also accepted by `b` until bytes arrive. */
async function offerBig(upTo: 'offered' | 'accepted') {
  const [a, b] = connect();
  const bytes = randomBytes(4 * 1024 * 1024);
  const id = a.share.offer(new Blob([bytes]), 'big.bin', await sha256Hex(bytes));
  await until(() => b.last()?.status === 'offered', 'the offer');
  if (upTo === 'accepted') {
    b.share.accept(id);
    await until(() => (b.last()?.bytes ?? 0) > 0, 'some bytes');
  }
  return { a, b, id, bytes };
}

const binaryFrames = (c: FakeChannel) => c.sent.filter((f) => typeof f === 'number').length;

afterEach(() => {
  for (const share of shares.splice(0)) share.close();
});

describe('FileShare', () => {
  it('sends nothing before Accept, then the whole file in 16 KiB chunks under the high water mark', async () => {
    const [a, b] = connect();
    const bytes = randomBytes(3 * 1024 * 1024 + 123);
    const file = new Blob([bytes], { type: 'application/octet-stream' });
    const id = a.share.offer(file, 'data.bin', await sha256Hex(bytes));
    await until(() => b.last()?.status === 'offered', 'the offer');
    expect(b.last()).toMatchObject({
      id,
      name: 'data.bin',
      size: bytes.byteLength,
      direction: 'in',
    });
    expect(binaryFrames(a.channel)).toBe(0);

    b.share.accept(id);
    await until(() => b.last()?.status === 'done', 'the file');
    // Compared by digest: a deep equality over megabytes takes the test runner minutes.
    const got = await blobOf(b).arrayBuffer();
    expect(got.byteLength).toBe(bytes.byteLength);
    expect(await sha256Hex(got)).toBe(await sha256Hex(bytes));
    expect(a.last()).toMatchObject({ status: 'done', bytes: bytes.byteLength });
    expect(binaryFrames(a.channel)).toBe(Math.ceil(bytes.byteLength / FileLimits.chunkBytes));
    // Paused above 1 MiB: at most one chunk over it was ever buffered.
    expect(a.channel.maxBuffered).toBeGreaterThan(FileLimits.lowWater);
    expect(a.channel.maxBuffered).toBeLessThanOrEqual(
      FileLimits.highWater + FileLimits.chunkBytes + 4,
    );
    expect(
      b.updates.some((u) => u.status === 'transferring' && u.bytes > 0 && u.bytes < u.size),
    ).toBe(true);
  });

  it('a declined offer tells the sender and sends no bytes', async () => {
    const [a, b] = connect();
    const id = a.share.offer(new Blob([randomBytes(100_000)]), 'no.bin', 'b'.repeat(64));
    await until(() => b.last()?.status === 'offered', 'the offer');
    b.share.decline(id);
    await until(() => a.last()?.status === 'declined', 'the decline');
    expect(a.last()?.by).toBe('peer');
    expect(b.last()).toMatchObject({ status: 'declined', by: 'self' });
    await new Promise((r) => setTimeout(r, 20));
    expect(binaryFrames(a.channel)).toBe(0);
  });

  it('a cancel by the receiver mid-way stops both sides, and the next transfer works', async () => {
    const { a, b, id, bytes } = await offerBig('accepted');
    b.share.cancel('in', id);
    expect(b.last()).toMatchObject({ status: 'cancelled', by: 'self' });
    await until(() => a.last()?.status === 'cancelled', 'the sender to stop');
    expect(a.last()?.by).toBe('peer');
    const sentAtCancel = binaryFrames(a.channel);
    expect(sentAtCancel).toBeLessThan(bytes.byteLength / FileLimits.chunkBytes);
    await new Promise((r) => setTimeout(r, 20));
    expect(binaryFrames(a.channel)).toBe(sentAtCancel);

    const small = randomBytes(50_000);
    const next = a.share.offer(new Blob([small]), 'next.bin', await sha256Hex(small));
    await until(() => b.last()?.id === next && b.last()?.status === 'offered', 'the next offer');
    b.share.accept(next);
    await until(() => b.last()?.status === 'done', 'the next file');
    expect(await sha256Hex(await blobOf(b).arrayBuffer())).toBe(await sha256Hex(small));
  });

  it('a cancel by the sender stops the receiver, which keeps nothing', async () => {
    const { a, b, id } = await offerBig('offered');
    a.channel.hold();
    b.share.accept(id);
    await until(() => a.last()?.status === 'transferring', 'the accept');
    a.share.cancel('out', id);
    a.channel.release();
    await until(() => b.last()?.status === 'cancelled', 'the receiver to stop');
    expect(b.last()).toMatchObject({ by: 'peer' });
    expect(b.last()?.blob).toBeUndefined();
  });

  it('bytes that do not match the offered SHA-256 give an error and no file', async () => {
    const [a, b] = connect();
    const bytes = randomBytes(40_000);
    const id = a.share.offer(new Blob([bytes]), 'tampered.bin', 'c'.repeat(64));
    await until(() => b.last()?.status === 'offered', 'the offer');
    b.share.accept(id);
    await until(() => b.last()?.status === 'failed', 'the check');
    expect(b.last()).toMatchObject({ failure: 'mismatch' });
    expect(b.last()?.blob).toBeUndefined();
  });

  it('a closed channel fails what was under way on both sides', async () => {
    const { a, b } = await offerBig('accepted');
    a.channel.closeBoth();
    expect(a.last()).toMatchObject({ status: 'failed', failure: 'connection' });
    expect(b.last()).toMatchObject({ status: 'failed', failure: 'connection' });
    expect(a.share.isOpen).toBe(false);
  });
});
