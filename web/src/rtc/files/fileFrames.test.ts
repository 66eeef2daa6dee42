import { describe, expect, it } from 'vitest';
import {
  FileLimits,
  cleanFileName,
  decodeChunk,
  encodeChunk,
  encodeControl,
  parseControl,
  sha256Hex,
} from './fileFrames.ts';

const HASH = 'a'.repeat(64);

describe('file control frames', () => {
  it('round-trips every frame type', () => {
    const frames = [
      { type: 'offer', id: 7, name: 'a.txt', size: 3, mime: 'text/plain', sha256: HASH },
      { type: 'accept', id: 7 },
      { type: 'decline', id: 7 },
      { type: 'cancel', id: 7, side: 'receiver' },
      { type: 'done', id: 0xffffffff },
    ] as const;
    for (const frame of frames) expect(parseControl(encodeControl(frame))).toEqual(frame);
  });

  it('refuses malformed, unknown and oversized frames', () => {
    const bad = [
      'not json',
      '[]',
      JSON.stringify({ v: 2, type: 'accept', id: 1 }),
      JSON.stringify({ v: 1, type: 'accept', id: -1 }),
      JSON.stringify({ v: 1, type: 'accept', id: 1.5 }),
      JSON.stringify({ v: 1, type: 'accept', id: 2 ** 32 }),
      JSON.stringify({ v: 1, type: 'cancel', id: 1, side: 'both' }),
      JSON.stringify({ v: 1, type: 'chunk', id: 1 }),
      encodeControl({ type: 'offer', id: 1, name: 'a', size: 1, mime: '', sha256: 'xyz' }),
      encodeControl({ type: 'offer', id: 1, name: '\u0000', size: 1, mime: '', sha256: HASH }),
      encodeControl({
        type: 'offer',
        id: 1,
        name: 'big.bin',
        size: FileLimits.maxBytes + 1,
        mime: '',
        sha256: HASH,
      }),
      JSON.stringify({ v: 1, type: 'accept', id: 1, pad: 'x'.repeat(FileLimits.maxFrameChars) }),
    ];
    for (const raw of bad) expect(parseControl(raw), raw.slice(0, 80)).toBeNull();
  });

  it('keeps a file name as text without control or bidi-override characters', () => {
    expect(cleanFileName(' <b>report</b>.pdf ')).toBe('<b>report</b>.pdf');
    expect(cleanFileName('photo\u202egpj.exe')).toBe('photogpj.exe');
    expect(cleanFileName('a\u0000b\u0085c\u2066.txt')).toBe('abc.txt');
    expect(cleanFileName('\n\t')).toBeNull();
    expect(cleanFileName('x'.repeat(400))).toHaveLength(FileLimits.maxNameLength);
  });
});

describe('file chunks', () => {
  it('prefix the transfer id to the bytes', () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const decoded = decodeChunk(encodeChunk(0x01020304, bytes));
    expect(decoded?.id).toBe(0x01020304);
    expect([...(decoded?.bytes ?? [])]).toEqual([1, 2, 3, 250]);
    expect(decodeChunk(new ArrayBuffer(3))).toBeNull();
  });

  it('hash with SHA-256 as hex', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
