import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../store/index.ts';
import { FileLimits, sha256Hex } from './fileFrames.ts';
import { FileShare } from './FileShare.ts';
import type { TransferUpdate } from './FileShare.ts';
import { FileTransfers } from './FileTransfers.ts';
import { channelPair, until } from './fakeChannel.testing.ts';

/** Our FileTransfers (store and all) and, across a fake channel, Bob's bare FileShare. */
function withBob() {
  const store = createAppStore();
  store.getState().joined({ id: 'me', name: 'Me', audio: true, video: true, screen: false });
  store.getState().upsertPeer({ id: 'bob', name: 'Bob', audio: true, video: true, screen: false });
  const files = new FileTransfers(store);
  const [ours, theirs] = channelPair();
  files.attach('bob', ours);
  const fromUs: TransferUpdate[] = [];
  const bob = new FileShare(theirs, (u) => fromUs.push(u));
  return { store, files, bob, fromUs, ours };
}

describe('FileTransfers', () => {
  it('refuses a file over 100 MB before reading it, and offers nobody when no channel is open', async () => {
    const { files, ours } = withBob();
    const huge = { size: FileLimits.maxBytes + 1, name: 'huge.bin' } as File;
    expect(await files.share(huge)).toBe('too-large');
    ours.closeBoth();
    expect(await files.share(new File(['x'], 'x.txt'))).toBe('no-peers');
  });

  it('mirrors an incoming file into the store with a blob URL once checked, revoked on removal', async () => {
    const { store, files, bob } = withBob();
    const content = new TextEncoder().encode('hello file');
    bob.offer(new Blob([content], { type: 'text/plain' }), 'hello.txt', await sha256Hex(content));
    await until(() => store.getState().transfers.length === 1, 'the offer');
    const [offer] = store.getState().transfers;
    expect(offer).toMatchObject({ key: 'bob/1/in/1', peerName: 'Bob', name: 'hello.txt' });
    expect(store.getState().notices.at(-1)?.key).toBe('files.offerNotice');

    files.accept('bob/1/in/1');
    await until(() => store.getState().transfers[0]?.status === 'done', 'the file');
    const url = store.getState().transfers[0]?.url ?? '';
    expect(url).toMatch(/^blob:/);
    const blob = await fetch(url).then((r) => r.blob());
    expect(await blob.text()).toBe('hello file');

    files.dismiss('bob/1/in/1');
    expect(store.getState().transfers).toEqual([]);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('keeps a new connection to the same peer apart: its transfer ids start again under new keys', async () => {
    const { store, files, bob } = withBob();
    bob.offer(new Blob(['one']), 'one.txt', 'a'.repeat(64));
    await until(() => store.getState().transfers.length === 1, 'the first offer');
    const [again, theirs] = channelPair();
    files.attach('bob', again);
    new FileShare(theirs, () => undefined).offer(new Blob(['two']), 'two.txt', 'b'.repeat(64));
    await until(() => store.getState().transfers.length === 2, 'the second offer');
    expect(store.getState().transfers.map((t) => [t.key, t.name, t.status])).toEqual([
      ['bob/1/in/1', 'one.txt', 'failed'],
      ['bob/2/in/1', 'two.txt', 'offered'],
    ]);
    expect(store.getState().notices.filter((n) => n.key === 'files.offerNotice')).toHaveLength(2);
  });

  it('stops every transfer when the room moves to the SFU', async () => {
    const { store, files, fromUs } = withBob();
    expect(await files.share(new File(['abc'], 'a.txt'))).toBeNull();
    await until(() => fromUs.at(-1)?.status === 'offered', 'the offer at Bob');
    store
      .getState()
      .joined(
        store.getState().self ?? { id: 'me', name: 'Me', audio: true, video: true, screen: false },
        'sfu',
      );
    expect(store.getState().transfers[0]).toMatchObject({
      status: 'failed',
      failure: 'connection',
    });
  });
});
