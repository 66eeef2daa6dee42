/**
 * FileShare on real data channels: the `files` channel each PeerSession makes (negotiated, id 1),
 * two sessions in one page in Chromium, signals carried by a Wire.
 */
import { afterEach, expect, it } from 'vitest';
import { PeerSession } from '../mesh/PeerSession.ts';
import type { IncomingSignal, OutgoingSignal } from '../mesh/PeerSession.ts';
import { Wire } from '../mesh/loopback.testing.ts';
import { FileLimits, sha256Hex } from './fileFrames.ts';
import { FileShare } from './FileShare.ts';
import type { TransferUpdate } from './FileShare.ts';

const POLL = { timeout: 20_000, interval: 50 };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(out.subarray(at, at + 65536));
  return out;
}

async function filesChannels(): Promise<[RTCDataChannel, RTCDataChannel]> {
  const channels: { alice?: RTCDataChannel; bob?: RTCDataChannel } = {};
  const make = (peerId: string, polite: boolean, wire: () => Wire<OutgoingSignal>) =>
    new PeerSession({
      peerId,
      polite,
      iceServers: [],
      localStream: new MediaStream(),
      send: (signal) => wire().send(signal),
      onRemoteMedia: () => undefined,
      onConnectionState: () => undefined,
      onFilesChannel: (channel) => (channels[polite ? 'alice' : 'bob'] = channel),
      onError: () => undefined,
    });
  const alice: PeerSession = make('bob', true, () => toBob);
  const bob: PeerSession = make('alice', false, () => toAlice);
  const toBob = new Wire<IncomingSignal>((s) => void bob.handleSignal(s));
  const toAlice = new Wire<IncomingSignal>((s) => void alice.handleSignal(s));
  cleanup.push(() => {
    alice.close();
    bob.close();
  });
  void bob.start();
  await expect
    .poll(() => [channels.alice?.readyState, channels.bob?.readyState], POLL)
    .toEqual(['open', 'open']);
  if (!channels.alice || !channels.bob) throw new Error('no files channels');
  expect([channels.alice.label, channels.alice.id, channels.alice.negotiated]).toEqual([
    'files',
    1,
    true,
  ]);
  return [channels.alice, channels.bob];
}

it('sends 8 MB over a real files channel, never buffering past the high water mark', async () => {
  const [aliceChannel, bobChannel] = await filesChannels();
  let maxBuffered = 0;
  // Watches what is buffered at each chunk sent (binary; control frames are strings and are
  // not paced: the 'done' after the last chunk may find one chunk past the mark).
  const send = aliceChannel.send.bind(aliceChannel) as (data: string | ArrayBuffer) => void;
  Object.defineProperty(aliceChannel, 'send', {
    value: (data: string | ArrayBuffer) => {
      if (typeof data !== 'string')
        maxBuffered = Math.max(maxBuffered, aliceChannel.bufferedAmount);
      send(data);
    },
  });
  const got: TransferUpdate[] = [];
  const sent: TransferUpdate[] = [];
  const alice = new FileShare(aliceChannel, (u) => sent.push(u));
  const bob = new FileShare(bobChannel, (u) => got.push(u));
  cleanup.push(() => {
    alice.close();
    bob.close();
  });

  const bytes = randomBytes(8 * 1024 * 1024);
  const id = alice.offer(new Blob([bytes]), 'eight.bin', await sha256Hex(bytes));
  await expect.poll(() => got.at(-1)?.status, POLL).toBe('offered');
  bob.accept(id);
  await expect.poll(() => got.at(-1)?.status, POLL).toBe('done');
  const blob = got.at(-1)?.blob;
  expect(blob?.size).toBe(bytes.byteLength);
  expect(await sha256Hex(await (blob ?? new Blob()).arrayBuffer())).toBe(await sha256Hex(bytes));
  expect(sent.at(-1)?.status).toBe('done');
  // A chunk is sent only at or below 1 MiB buffered, so the buffer never held more than that
  // plus one chunk.
  expect(maxBuffered).toBeLessThanOrEqual(FileLimits.highWater);
  expect(maxBuffered).toBeGreaterThan(0);
  expect(got.some((u) => u.status === 'transferring' && u.bytesPerSecond > 0)).toBe(true);
});
