import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { test, expect } from './fixtures.ts';
import { inColourCall } from './support/colourCamera.ts';
import type { Participant } from './support/participant.ts';
import {
  MB,
  acceptAndDownload,
  expectSettled,
  filesChannelBytes,
  openChat,
  relayedSignals,
  sha256,
  transfer,
} from './support/files.ts';

test('a 5 MB file goes peer to peer after Accept, checked by SHA-256; a cancel half-way leaves both sides clean', async ({
  app,
  participant,
}, testInfo) => {
  test.slow();
  // Small colour cameras: the files go over a data channel beside the media, whatever it shows.
  const [alice, bob] = await inColourCall(participant, app.url, 'files', ['Alice', 'Bob']);
  if (!alice || !bob) throw new Error('two people expected');
  await openChat(alice);
  await openChat(bob);

  // The call is set up (its last candidates relayed): from here on the server relays nothing.
  await expectSettled(() => relayedSignals(app.url));
  const relaysBefore = await relayedSignals(app.url);

  const bytes = randomBytes(5 * MB);
  await alice.page.getByLabel('Share a file').setInputFiles({
    name: 'notes <b>5</b>.bin',
    mimeType: 'application/octet-stream',
    buffer: bytes,
  });
  const offer = transfer(bob, 'notes <b>5</b>.bin');
  await expect(offer.getByTestId('file-size')).toHaveText('5.2 MB');
  await expect(offer.getByTestId('file-type')).toHaveText('application/octet-stream');
  await expect(offer).toContainText('From Alice');
  await expect(offer.getByRole('button', { name: 'Decline' })).toBeVisible();
  // Nothing flows before Accept.
  expect((await filesChannelBytes(bob.page)).received).toBeLessThan(2000);

  // Both ends show progress while the file moves (a poll, as it may be quick on loopback).
  const sawProgress = (p: Participant) =>
    p.page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const seen = () => document.querySelector('[data-testid="file-transfer"] progress');
          if (seen()) {
            resolve(true);
            return;
          }
          const watch = new MutationObserver(() => {
            if (!seen()) return;
            watch.disconnect();
            resolve(true);
          });
          watch.observe(document.body, { childList: true, subtree: true });
        }),
    );
  const progressSeen = Promise.all([sawProgress(alice), sawProgress(bob)]);
  const received = await acceptAndDownload(bob, 'notes <b>5</b>.bin');
  expect(await progressSeen).toEqual([true, true]);
  expect(received.byteLength).toBe(bytes.byteLength);
  expect(sha256(received)).toBe(sha256(bytes));
  await expect(transfer(alice, 'notes <b>5</b>.bin')).toContainText('Sent');
  expect((await filesChannelBytes(bob.page)).received).toBeGreaterThan(5 * MB);
  expect(await relayedSignals(app.url)).toBe(relaysBefore);

  // A 50 MB file, cancelled by Bob as soon as its progress shows (clicked in the page, since a
  // test step can take longer than the whole transfer on loopback).
  const big = testInfo.outputPath('big.bin');
  await writeFile(big, randomBytes(50 * MB));
  const cancelAtProgress = bob.page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const watch = new MutationObserver(() => {
          const item = [...document.querySelectorAll('[data-testid="file-transfer"]')].find(
            (el) => el.textContent.includes('big.bin') && el.querySelector('progress'),
          );
          const bar = item?.querySelector('progress');
          const cancel = [...(item?.querySelectorAll('button') ?? [])].find(
            (b) => b.textContent === 'Cancel',
          );
          if (!bar || !cancel || bar.value <= 0) return;
          watch.disconnect();
          cancel.click();
          resolve(bar.value);
        });
        watch.observe(document.body, { childList: true, subtree: true, attributes: true });
      }),
  );
  await alice.page.getByLabel('Share a file').setInputFiles(big);
  await transfer(bob, 'big.bin').getByRole('button', { name: 'Accept' }).click();
  const percentAtCancel = await cancelAtProgress;
  expect(percentAtCancel).toBeGreaterThan(0);
  expect(percentAtCancel).toBeLessThan(100);
  await expect(transfer(bob, 'big.bin')).toContainText('Cancelled');
  await expect(transfer(alice, 'big.bin')).toContainText('Cancelled by Bob');
  for (const p of [alice, bob]) {
    await expect(p.page.getByRole('progressbar')).toHaveCount(0);
    await expect(transfer(p, 'big.bin').getByRole('link', { name: 'Download' })).toHaveCount(0);
  }
  // The sender stopped: what Bob's channel receives settles near where he cancelled, short of
  // 50 MB (what was in flight then, at most the sender's 1 MiB buffer and the network's share).
  await expectSettled(async () => (await filesChannelBytes(bob.page)).received);
  expect((await filesChannelBytes(bob.page)).received).toBeLessThan(
    5 * MB + (50 * MB * percentAtCancel) / 100 + 8 * MB,
  );

  // The channel still works: another file goes through whole.
  const after = randomBytes(300_000);
  await alice.page.getByLabel('Share a file').setInputFiles({
    name: 'after.txt',
    mimeType: 'text/plain',
    buffer: after,
  });
  expect(sha256(await acceptAndDownload(bob, 'after.txt'))).toBe(sha256(after));
  expect(await relayedSignals(app.url)).toBe(relaysBefore);
});

test('an offer to two people: the one who declines gets no bytes, the other gets the file', async ({
  app,
  participant,
}) => {
  test.slow();
  const [alice, bob, carol] = await inColourCall(participant, app.url, 'files-three', [
    'Alice',
    'Bob',
    'Carol',
  ]);
  if (!alice || !bob || !carol) throw new Error('three people expected');
  for (const p of [alice, bob, carol]) await openChat(p);

  // Too large is refused at pick time, before anything is offered.
  await alice.page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');
    const huge = new File([new Uint8Array(100 * 1024 * 1024 + 1)], 'huge.bin');
    const list = new DataTransfer();
    list.items.add(huge);
    input.files = list.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(alice.page.getByRole('alert')).toContainText('“huge.bin” is larger than 100 MB');
  await expect(transfer(bob, 'huge.bin')).toHaveCount(0);

  const bytes = randomBytes(2 * MB);
  await alice.page.getByLabel('Share a file').setInputFiles({
    name: 'report.pdf',
    mimeType: 'application/pdf',
    buffer: bytes,
  });
  await transfer(bob, 'report.pdf').getByRole('button', { name: 'Decline' }).click();
  await expect(transfer(alice, 'report.pdf', 'To Bob')).toContainText('Declined by Bob');
  await expect(transfer(bob, 'report.pdf')).toContainText('Declined');

  expect(sha256(await acceptAndDownload(carol, 'report.pdf'))).toBe(sha256(bytes));
  await expect(transfer(alice, 'report.pdf', 'To Carol')).toContainText('Sent');
  // Bob's files channels carried the offer frame and nothing else; he never saw progress.
  expect((await filesChannelBytes(bob.page)).received).toBeLessThan(2000);
  await expect(bob.page.getByTestId('file-transfer').locator('progress')).toHaveCount(0);
  expect((await filesChannelBytes(carol.page)).received).toBeGreaterThan(2 * MB);
  // A file dropped on the chat panel is offered too; the overlay shows while it is dragged over.
  const panel = alice.page.getByRole('region', { name: 'Chat' });
  const dropped = await alice.page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['dropped bytes'], 'dropped.txt', { type: 'text/plain' }));
    return data;
  });
  await panel.dispatchEvent('dragover', { dataTransfer: dropped });
  await expect(alice.page.getByTestId('file-drop-overlay')).toBeVisible();
  await panel.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(alice.page.getByTestId('file-drop-overlay')).toHaveCount(0);
  await expect(transfer(bob, 'dropped.txt').getByRole('button', { name: 'Accept' })).toBeVisible();
  expect((await acceptAndDownload(carol, 'dropped.txt')).toString()).toBe('dropped bytes');
});
